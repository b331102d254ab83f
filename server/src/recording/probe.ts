import { basename } from 'node:path';
import { AirError } from '@aircounter/protocol';
import { runProcess } from './run-process.ts';

export interface ProbedStream {
  readonly codecType: string;
  readonly codecName: string;
  /** Video: the coded size the file declares (of its first keyframe). */
  readonly width?: number;
  readonly height?: number;
}

export interface MediaProbe {
  readonly streams: readonly ProbedStream[];
  /** Container duration; absent when the file has no index (ffmpeg did not finish it). */
  readonly durationMs: number | undefined;
  readonly packets: number;
  /** pts of the first packet and end of the last one (pts + duration), ms; only for files without a duration. */
  readonly firstPtsMs: number | undefined;
  readonly endMs: number | undefined;
}

function record(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {};
}

function numberOf(value: unknown): number | undefined {
  const parsed = typeof value === 'string' ? Number(value) : typeof value === 'number' ? value : Number.NaN;
  return Number.isFinite(parsed) ? parsed : undefined;
}

async function ffprobeJson(ffprobe: string, file: string, entries: string, extra: readonly string[] = []) {
  const result = await runProcess(ffprobe, ['-v', 'error', ...extra, '-show_entries', entries, '-of', 'json', file]);
  if (result.code !== 0) {
    throw new AirError(
      'RECORDING_FAILED',
      `ffprobe cannot read ${basename(file)}: ${result.stderr.trim().replaceAll(file, basename(file)).slice(0, 500)}`,
    );
  }
  return record(JSON.parse(result.stdout) as unknown);
}

/**
 * Reads a recorded file the way a player would: every packet of every stream
 * (counted by ffprobe, so a damaged file fails here). Used to check that files
 * are playable and to measure their real duration. A file without a duration
 * in its header (ffmpeg could not finish it) is scanned packet by packet to
 * find where its data ends.
 */
export async function probeMedia(ffprobe: string, file: string): Promise<MediaProbe> {
  const parsed = await ffprobeJson(
    ffprobe,
    file,
    'format=duration:stream=codec_type,codec_name,nb_read_packets,width,height',
    ['-count_packets'],
  );
  const rawStreams = Array.isArray(parsed['streams']) ? parsed['streams'].map(record) : [];
  const streams = rawStreams.map((stream): ProbedStream => {
    const width = numberOf(stream['width']);
    const height = numberOf(stream['height']);
    return {
      codecType: String(stream['codec_type'] ?? ''),
      codecName: String(stream['codec_name'] ?? ''),
      ...(width === undefined || height === undefined ? {} : { width, height }),
    };
  });
  const packets = rawStreams.reduce((sum, stream) => sum + (numberOf(stream['nb_read_packets']) ?? 0), 0);
  const duration = numberOf(record(parsed['format'])['duration']);
  if (duration !== undefined) {
    return { streams, durationMs: duration * 1000, packets, firstPtsMs: undefined, endMs: undefined };
  }
  const scanned = await ffprobeJson(ffprobe, file, 'packet=pts_time,duration_time');
  let firstPtsMs: number | undefined;
  let endMs: number | undefined;
  for (const packet of Array.isArray(scanned['packets']) ? scanned['packets'].map(record) : []) {
    const pts = numberOf(packet['pts_time']);
    if (pts === undefined) continue;
    const end = (pts + (numberOf(packet['duration_time']) ?? 0)) * 1000;
    if (firstPtsMs === undefined || pts * 1000 < firstPtsMs) firstPtsMs = pts * 1000;
    if (endMs === undefined || end > endMs) endMs = end;
  }
  return { streams, durationMs: undefined, packets, firstPtsMs, endMs };
}

export interface VideoQuality {
  readonly width: number;
  readonly height: number;
  /** Frames per second over the packets read; undefined with fewer than two frames. */
  readonly frameRate: number | undefined;
}

/**
 * Resolution and frame rate of the video in a file that ffmpeg may still be
 * writing (Matroska is readable while it grows): the size its header declares
 * and the rate of the packets written so far. Undefined when it has no video yet.
 */
export async function probeVideoQuality(ffprobe: string, file: string): Promise<VideoQuality | undefined> {
  const parsed = await ffprobeJson(ffprobe, file, 'stream=width,height:packet=pts_time', ['-select_streams', 'v:0']);
  const stream = Array.isArray(parsed['streams']) ? record(parsed['streams'][0]) : {};
  const width = numberOf(stream['width']);
  const height = numberOf(stream['height']);
  if (width === undefined || height === undefined || width === 0 || height === 0) return undefined;
  const times = (Array.isArray(parsed['packets']) ? parsed['packets'].map(record) : [])
    .map((packet) => numberOf(packet['pts_time']))
    .filter((time) => time !== undefined);
  return { width, height, frameRate: frameRateOf(times) };
}

/** Frames per second from presentation times (s): frames after the first over the span they cover. */
export function frameRateOf(ptsSeconds: readonly number[]): number | undefined {
  if (ptsSeconds.length < 2) return undefined;
  const span = Math.max(...ptsSeconds) - Math.min(...ptsSeconds);
  return span > 0 ? Math.round(((ptsSeconds.length - 1) / span) * 10) / 10 : undefined;
}

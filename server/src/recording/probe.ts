import { AirError } from '@aircounter/protocol';
import { runProcess } from './run-process.ts';

export interface ProbedStream {
  readonly codecType: string;
  readonly codecName: string;
}

export interface MediaProbe {
  readonly streams: readonly ProbedStream[];
  /** Container duration; absent when the file has no index (ffmpeg did not finish it). */
  readonly durationMs: number | undefined;
  readonly packets: number;
  /** pts of the first packet and end of the last one (pts + duration), ms. */
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

/**
 * Reads a recorded file the way a player would: every packet of every stream.
 * Used to check that files are playable, to measure their real duration and, for
 * files ffmpeg could not finish, to find where the data ends.
 */
export async function probeMedia(ffprobe: string, file: string): Promise<MediaProbe> {
  const result = await runProcess(ffprobe, [
    '-v',
    'error',
    '-show_entries',
    'format=duration:stream=codec_type,codec_name:packet=pts_time,duration_time',
    '-of',
    'json',
    file,
  ]);
  if (result.code !== 0) {
    throw new AirError('RECORDING_FAILED', `ffprobe cannot read ${file}: ${result.stderr.trim().slice(0, 500)}`);
  }
  const parsed = record(JSON.parse(result.stdout) as unknown);
  const streams = (Array.isArray(parsed['streams']) ? parsed['streams'] : []).map((entry: unknown) => {
    const stream = record(entry);
    return { codecType: String(stream['codec_type'] ?? ''), codecName: String(stream['codec_name'] ?? '') };
  });
  const packets = Array.isArray(parsed['packets']) ? parsed['packets'].map(record) : [];
  let firstPtsMs: number | undefined;
  let endMs: number | undefined;
  for (const packet of packets) {
    const pts = numberOf(packet['pts_time']);
    if (pts === undefined) continue;
    const end = (pts + (numberOf(packet['duration_time']) ?? 0)) * 1000;
    if (firstPtsMs === undefined || pts * 1000 < firstPtsMs) firstPtsMs = pts * 1000;
    if (endMs === undefined || end > endMs) endMs = end;
  }
  const duration = numberOf(record(parsed['format'])['duration']);
  return {
    streams,
    durationMs: duration === undefined ? undefined : duration * 1000,
    packets: packets.length,
    firstPtsMs,
    endMs,
  };
}

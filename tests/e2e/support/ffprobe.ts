import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);

export interface ProbedStream {
  readonly codecType: 'audio' | 'video';
  readonly codecName: string;
}

export interface Probe {
  readonly durationSeconds: number;
  readonly streams: readonly ProbedStream[];
}

/** What ffprobe reads from a media file: its streams and duration. */
export async function probe(file: string): Promise<Probe> {
  const { stdout } = await run('ffprobe', ['-v', 'error', '-show_format', '-show_streams', '-of', 'json', file]);
  const parsed = JSON.parse(stdout) as {
    format?: { duration?: string };
    streams?: { codec_type?: string; codec_name?: string }[];
  };
  return {
    durationSeconds: Number(parsed.format?.duration ?? Number.NaN),
    streams: (parsed.streams ?? [])
      .filter((s) => s.codec_type === 'audio' || s.codec_type === 'video')
      .map((s) => ({ codecType: s.codec_type as 'audio' | 'video', codecName: s.codec_name ?? '' })),
  };
}

export interface VideoFrames {
  /** Video frames in the file (its packets: one compressed frame each in WebM/Matroska). */
  readonly frames: number;
  readonly width: number;
  readonly height: number;
  readonly durationSeconds: number;
}

/** Counts the frames of a file's first video stream, without decoding them. */
export async function countVideoFrames(file: string): Promise<VideoFrames> {
  const { stdout } = await run('ffprobe', [
    '-v',
    'error',
    '-select_streams',
    'v:0',
    '-count_packets',
    '-show_entries',
    'stream=nb_read_packets,width,height:format=duration',
    '-of',
    'json',
    file,
  ]);
  const parsed = JSON.parse(stdout) as {
    streams?: { nb_read_packets?: string; width?: number; height?: number }[];
    format?: { duration?: string };
  };
  const stream = parsed.streams?.[0];
  return {
    frames: Number(stream?.nb_read_packets ?? 0),
    width: stream?.width ?? 0,
    height: stream?.height ?? 0,
    durationSeconds: Number(parsed.format?.duration ?? Number.NaN),
  };
}

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

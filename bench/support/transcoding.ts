// What recording would cost if it transcoded, measured in the same run as
// AirCounter's codec-copy recorder: the comparison a bank makes against
// recorders that decode and re-encode every stream (a composite or
// track-transcoding egress, a Jibri-style browser recorder).
import { spawn } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';
import { processCpuMs } from './process-stats.ts';

export interface TranscodingCost {
  /** CPU of the transcoding ffmpegs, in % of one core, over the window. */
  readonly cpuPercent: number;
  readonly processes: number;
  /** Whether every ffmpeg kept real time (encoded at least 95 % of the window's media). */
  readonly keptRealTime: boolean;
  readonly method: string;
}

/**
 * Transcodes `participants` copies of the clip (VP8 + Opus, the streams a
 * browser sends) in real time (`-re`, looped) to H.264 (libx264, preset
 * veryfast, the usual choice of transcoding recorders) + AAC, one ffmpeg per
 * participant as a recorder of one person would, and measures their CPU
 * over `windowMs` after `warmUpMs`.
 */
export async function transcodingCost(
  clip: string,
  options: { participants: number; warmUpMs: number; windowMs: number; ffmpeg?: string },
): Promise<TranscodingCost> {
  const ffmpeg = options.ffmpeg ?? process.env['AIR_FFMPEG_PATH'] ?? 'ffmpeg';
  const args = [
    ...['-hide_banner', '-loglevel', 'error', '-nostats', '-progress', 'pipe:1'],
    ...['-re', '-stream_loop', '-1', '-i', clip],
    ...['-c:v', 'libx264', '-preset', 'veryfast', '-b:v', '800k', '-g', '50', '-threads', '1'],
    ...['-c:a', 'aac', '-b:a', '64k'],
    ...['-f', 'matroska', '-y', '/dev/null'],
  ];
  const children = Array.from({ length: options.participants }, () =>
    spawn(ffmpeg, args, { stdio: ['ignore', 'pipe', 'inherit'] }),
  );
  /** The media time each ffmpeg reached (its -progress out_time_us), to tell whether it kept up. */
  const reached = children.map(() => 0);
  children.forEach((child, index) => {
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      for (const line of chunk.split('\n')) {
        const micros = line.startsWith('out_time_us=') ? Number(line.slice('out_time_us='.length)) : Number.NaN;
        if (Number.isFinite(micros)) reached[index] = micros / 1000;
      }
    });
  });
  try {
    await sleep(options.warmUpMs);
    const pids = children.map((child) => child.pid ?? -1);
    const before = pids.map(processCpuMs);
    const mediaBefore = [...reached];
    const started = performance.now();
    await sleep(options.windowMs);
    const elapsedMs = performance.now() - started;
    const cpuMs = pids.reduce((total, pid, i) => total + (processCpuMs(pid) - (before[i] ?? 0)), 0);
    const keptRealTime = reached.every((ms, i) => ms - (mediaBefore[i] ?? 0) >= 0.95 * elapsedMs);
    return {
      cpuPercent: (cpuMs / elapsedMs) * 100,
      processes: children.length,
      keptRealTime,
      method:
        `${options.participants} ffmpeg (one per participant), the same VP8 640x480 ~800 kbit/s + Opus clip looped in real time (-re), ` +
        'decoded and re-encoded to H.264 (libx264 veryfast, 800 kbit/s, one thread) + AAC 64 kbit/s; ' +
        `warm-up ${options.warmUpMs} ms, measured ${options.windowMs} ms; CPU from /proc`,
    };
  } finally {
    for (const child of children) child.kill('SIGKILL');
  }
}

import { AirError } from '@aircounter/protocol';
import { probeMedia } from '../recording/probe.ts';
import { runProcess } from '../recording/run-process.ts';

/** ffmpeg and ffprobe, as the recording service resolved them. */
export interface MediaTools {
  readonly ffmpegPath: string;
  readonly ffprobePath: string | undefined;
}

/** Opus for speech: mono, 32 kbit/s, 20 ms frames (what browsers send for a microphone, and RTP carries as is). */
const OPUS_ARGS = ['-ac', '1', '-ar', '48000', '-c:a', 'libopus', '-b:a', '32k', '-application', 'voip'] as const;

/**
 * Converts the first audio stream of `input` to Ogg Opus at `output` (video,
 * subtitles and metadata dropped), cut at `maxAudioS`. The one audio format
 * every played sound has, so playback copies it into RTP without transcoding.
 */
export async function convertToOpus(
  tools: MediaTools,
  input: string,
  output: string,
  limits: { readonly maxAudioS: number; readonly timeoutMs: number },
): Promise<void> {
  const args = [
    '-hide_banner',
    '-nostdin',
    '-loglevel',
    'error',
    '-i',
    input,
    '-map',
    '0:a:0',
    '-vn',
    '-sn',
    '-dn',
    '-map_metadata',
    '-1',
    ...OPUS_ARGS,
    '-t',
    String(limits.maxAudioS),
    '-f',
    'ogg',
    '-n',
    output,
  ];
  const result = await runProcess(tools.ffmpegPath, args, limits.timeoutMs);
  if (result.code !== 0) {
    throw new AirError(
      'SPEECH_UNAVAILABLE',
      `ffmpeg could not convert the audio to Opus (exit ${String(result.code)})`,
      {
        cause: new Error(result.stderr.slice(-500)),
      },
    );
  }
}

/** Duration of an audio file, ms, read by ffprobe (ffmpeg decoding it when there is no ffprobe). */
export async function audioDurationMs(tools: MediaTools, file: string, timeoutMs: number): Promise<number> {
  if (tools.ffprobePath !== undefined) {
    const probe = await probeMedia(tools.ffprobePath, file);
    const duration = probe.durationMs ?? probe.endMs;
    if (duration !== undefined) return duration;
  }
  const decoded = await runProcess(
    tools.ffmpegPath,
    ['-hide_banner', '-nostdin', '-i', file, '-map', '0:a:0', '-f', 'null', '-'],
    timeoutMs,
  );
  const times = [...decoded.stderr.matchAll(/time=(\d+):(\d+):(\d+(?:\.\d+)?)/g)];
  const last = times.at(-1);
  if (decoded.code !== 0 || last === undefined) {
    throw new AirError('SPEECH_UNAVAILABLE', 'the duration of the audio could not be measured');
  }
  return Math.round((Number(last[1]) * 3600 + Number(last[2]) * 60 + Number(last[3])) * 1000);
}

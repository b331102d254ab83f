import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, renameSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Where generated media fixtures go (gitignored; rebuilt when missing). */
export const GENERATED_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'fixtures', 'generated');

export interface FakeMedia {
  readonly video: string;
  readonly audio: string;
}

/** A fake participant: a clip of one dominant colour and a tone of one pitch, so each side is recognisable. */
export interface FakeParticipantSpec {
  readonly name: string;
  /** ffmpeg colour name, e.g. 'red'. */
  readonly colour: string;
  /** Tone frequency in Hz. */
  readonly toneHz: number;
  readonly seconds?: number;
}

export function runFfmpeg(args: readonly string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn('ffmpeg', ['-hide_banner', '-loglevel', 'error', '-y', ...args], {
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`ffmpeg exited ${code}: ${stderr}`))));
  });
}

/**
 * Generates (once) a 640x480@25 y4m clip of a solid colour with a moving white
 * box (so the encoder keeps sending frames) and a 48 kHz wav tone that rises
 * and falls three times a second.
 */
export async function fakeParticipantMedia(spec: FakeParticipantSpec): Promise<FakeMedia> {
  mkdirSync(GENERATED_DIR, { recursive: true });
  const seconds = spec.seconds ?? 20;
  const video = join(GENERATED_DIR, `${spec.name}-${spec.colour}.y4m`);
  const audio = join(GENERATED_DIR, `${spec.name}-${spec.toneHz}hz-am.wav`);
  if (!existsSync(video)) {
    await runFfmpeg([
      '-f',
      'lavfi',
      '-i',
      `color=c=${spec.colour}:s=640x480:r=25:d=${seconds}`,
      '-vf',
      `drawbox=x='mod(t*80,560)':y=200:w=80:h=80:color=white:t=fill`,
      '-pix_fmt',
      'yuv420p',
      `${video}.tmp.y4m`,
    ]);
    renameSync(`${video}.tmp.y4m`, video);
  }
  if (!existsSync(audio)) {
    await runFfmpeg([
      '-f',
      'lavfi',
      '-i',
      `sine=frequency=${spec.toneHz}:sample_rate=48000:duration=${seconds}`,
      // Louder, and amplitude-modulated at 3 Hz like syllables: WebRTC's noise
      // suppression treats a steady tone as noise and turns it down.
      '-af',
      "volume=4,volume='0.6+0.4*sin(2*PI*3*t)':eval=frame",
      '-ac',
      '1',
      `${audio}.tmp.wav`,
    ]);
    renameSync(`${audio}.tmp.wav`, audio);
  }
  return { video, audio };
}

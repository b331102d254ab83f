import { existsSync, mkdirSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import {
  fakeParticipantMedia,
  GENERATED_DIR,
  runFfmpeg,
  type FakeMedia,
  type FakeParticipantSpec,
} from './media-fixtures.ts';

/**
 * A fake participant whose camera captures `width`×`height` (Chromium plays
 * the file at its own size): an MJPEG clip of one colour with a moving white
 * box, compact at any size (a raw y4m at 1280×720 would take hundreds of
 * MB), and the participant's tone from {@link fakeParticipantMedia}.
 */
export async function fakeParticipantAtSize(
  spec: FakeParticipantSpec & { readonly width: number; readonly height: number },
): Promise<FakeMedia> {
  const { audio } = await fakeParticipantMedia(spec);
  mkdirSync(GENERATED_DIR, { recursive: true });
  const video = join(GENERATED_DIR, `${spec.name}-${spec.colour}-${spec.width}x${spec.height}.mjpeg`);
  if (!existsSync(video)) {
    const box = Math.round(spec.height / 6);
    await runFfmpeg([
      '-f',
      'lavfi',
      '-i',
      `color=c=${spec.colour}:s=${spec.width}x${spec.height}:r=25:d=${spec.seconds ?? 20}`,
      '-vf',
      `drawbox=x='mod(t*${box * 2},${spec.width - box})':y=${Math.round(spec.height / 2 - box / 2)}:w=${box}:h=${box}:color=white:t=fill`,
      '-pix_fmt',
      'yuvj420p',
      '-q:v',
      '5',
      '-f',
      'mjpeg',
      `${video}.tmp`,
    ]);
    renameSync(`${video}.tmp`, video);
  }
  return { video, audio };
}

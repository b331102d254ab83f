// Derives test images and fake-camera clips from the two face photos in
// tests/fixtures/faces/ with ffmpeg, into tests/fixtures/generated/ (gitignored).
// Idempotent: a stamp holds the recipe; unchanged recipe + files present = no work.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../../..');
export const FACES_DIR = join(REPO_ROOT, 'tests/fixtures/faces');
export const GENERATED_DIR = join(REPO_ROOT, 'tests/fixtures/generated');
export const PORTRAIT = join(FACES_DIR, 'portrait-obama-official.jpg');
export const THREE_PEOPLE = join(FACES_DIR, 'three-people.jpg');

// The portrait's face is centred near (405, 225) and ~240 px tall: this crop
// makes a 640×480 selfie-like frame with the face in the guide oval.
const CAMERA_CROP = 'crop=720:540:45:0,scale=640:480';

// Bottom edge of the photo tilted away from the camera and back: what a
// printed photo does when someone tips it. k is the inward shift of the
// bottom corners (share of the width); each 10 s: still 5 s, 0 → 0.35 in 1 s,
// held 1.5 s, back to 0 in 1 s, still 1.5 s. The clip is 20 s at 15 fps, two
// tips with different sensor noise: Chromium loops the file, and a frame that
// comes back byte-identical is (rightly) refused as evidence.
// (The perspective filter knows frame numbers, not time.)
const PHASE = 'mod(in,150)';
const TILT = `if(between(${PHASE},75,90),0.35*(${PHASE}-75)/15,if(between(${PHASE},90,112),0.35,if(between(${PHASE},112,127),0.35*(127-${PHASE})/15,0)))`;
const TILT_FILTER = `${CAMERA_CROP},perspective=x0=0:y0=0:x1=W:y1=0:x2='W*${TILT}':y2=H:x3='W*(1-${TILT})':y3=H:sense=destination:eval=frame`;

const CAMERA_NOISE = 'noise=alls=3:allf=t';

/**
 * The subject's head turned to *their* left (towards the image's right) or right: the frame's half on that
 * side squeezed, the other stretched, and that edge of the picture shrunk (perspective). The left turn is
 * warped further: the portrait already faces a little to its left, and the element's tracking reads less of
 * the warp than a single still does.
 */
function turn(side: 'left' | 'right'): string {
  const [west, east, k] = side === 'left' ? [540, 100, 0.3] : [140, 500, 0.25];
  const edges =
    side === 'left'
      ? `x0=0:y0=0:x1=W:y1=H*${k}:x2=0:y2=H:x3=W:y3=H*${1 - k}`
      : `x0=0:y0=H*${k}:x1=W:y1=0:x2=0:y2=H*${1 - k}:x3=W:y3=H`;
  return (
    `split[a][b];[a]crop=320:480:0:0,scale=${west}:480[l];[b]crop=320:480:320:0,scale=${east}:480[r];` +
    `[l][r]hstack,perspective=${edges}:sense=destination`
  );
}

interface Recipe {
  readonly name: string;
  readonly args: readonly string[];
}

function image(name: string, input: string, filter: string, quality = 2): Recipe {
  return { name, args: ['-i', input, '-vf', filter, '-frames:v', '1', '-q:v', String(quality)] };
}

function clip(name: string, filter: string, seconds: number, fps = 25): Recipe {
  return {
    name,
    args: [
      '-loop',
      '1',
      '-framerate',
      String(fps),
      '-i',
      PORTRAIT,
      '-t',
      String(seconds),
      '-vf',
      filter,
      '-pix_fmt',
      'yuv420p',
    ],
  };
}

/** Everything generated, by file name. */
export const RECIPES: readonly Recipe[] = [
  image('camera-frame.jpg', PORTRAIT, CAMERA_CROP),
  image('dark.jpg', PORTRAIT, `${CAMERA_CROP},eq=brightness=-0.4`),
  image('blurred.jpg', PORTRAIT, `${CAMERA_CROP},gblur=sigma=4`),
  // Content shifted right by 200 px: the face sits at ~80 % of the width.
  image('off-centre.jpg', PORTRAIT, `${CAMERA_CROP},crop=440:480:0:0,pad=640:480:200:0`),
  image('far.jpg', PORTRAIT, `${CAMERA_CROP},scale=320:240,pad=640:480:160:120`),
  // Same person, other conditions (face match must accept).
  image('same-brighter.jpg', PORTRAIT, `${CAMERA_CROP},eq=brightness=0.12:contrast=1.2`),
  image('same-low-quality.jpg', PORTRAIT, CAMERA_CROP, 20),
  image('same-rotated.jpg', PORTRAIT, `${CAMERA_CROP},rotate=8*PI/180`),
  image('same-small.jpg', PORTRAIT, `${CAMERA_CROP},scale=320:240`),
  image('same-slightly-blurred.jpg', PORTRAIT, `${CAMERA_CROP},gblur=sigma=1.5`),
  // One frame of the tilted photo at full tilt: real model output that reads as "looking down".
  image(
    'tilted-down.jpg',
    PORTRAIT,
    `${CAMERA_CROP},perspective=x0=0:y0=0:x1=W:y1=0:x2=W*0.35:y2=H:x3=W*0.65:y3=H:sense=destination`,
  ),
  // Poses of the "puppet" camera of the liveness bench (bench/support/puppet-camera.ts): a customer who
  // answers each challenge at once. One photo cannot turn a head, so each warps the frame until the face
  // mesh reads the pose (checked by bench/support/puppet-poses.ts): the side of the face towards
  // the turn squeezed and that edge of the picture shrunk (a turn), or the face above the nose (y = 230) squeezed
  // and below it stretched (looking up). Looking down is tilted-down.jpg, neutral camera-frame.jpg.
  image('turned-left.jpg', PORTRAIT, `${CAMERA_CROP},${turn('left')}`),
  image('turned-right.jpg', PORTRAIT, `${CAMERA_CROP},${turn('right')}`),
  image(
    'tilted-up.jpg',
    PORTRAIT,
    `${CAMERA_CROP},split[a][b];[a]crop=640:230:0:0,scale=640:140[t];[b]crop=640:250:0:230,scale=640:340[u];[t][u]vstack`,
  ),
  // The ID photo the bank uploads: a tighter head-and-shoulders crop of the portrait.
  image('id-photo.jpg', PORTRAIT, 'crop=420:520:195:20'),
  // Each person of three-people.jpg alone (face match must reject them).
  image('person-1.jpg', THREE_PEOPLE, 'crop=320:380:236:278'),
  image('person-2.jpg', THREE_PEOPLE, 'crop=280:330:46:0'),
  image('person-3.jpg', THREE_PEOPLE, 'crop=300:350:728:0'),
  // Fake-camera clips (Chromium loops them).
  // Sensor-like noise: a real camera never delivers two byte-identical frames.
  clip('still.y4m', `${CAMERA_CROP},${CAMERA_NOISE}`, 8),
  clip('tilted-photo.y4m', `${TILT_FILTER},${CAMERA_NOISE}`, 20, 15),
];

function stampOf(recipes: readonly Recipe[]): string {
  return createHash('sha256')
    .update(JSON.stringify(recipes.map((r) => [r.name, r.args])))
    .digest('hex');
}

/** Generates the fixtures if needed; returns the folder. Throws with ffmpeg's message on failure. */
export function ensureFaceFixtures(): string {
  mkdirSync(GENERATED_DIR, { recursive: true });
  const stampPath = join(GENERATED_DIR, '.faces-stamp');
  const stamp = stampOf(RECIPES);
  const fresh = existsSync(stampPath) && readFileSync(stampPath, 'utf8') === stamp;
  for (const recipe of RECIPES) {
    const out = join(GENERATED_DIR, recipe.name);
    if (fresh && existsSync(out)) continue;
    // Written under a temporary name and renamed: test files running in parallel may generate at the same
    // time, and none may read a half-written file.
    const partial = join(GENERATED_DIR, `.partial-${process.pid}-${recipe.name}`);
    const result = spawnSync('ffmpeg', ['-loglevel', 'error', '-y', ...recipe.args, partial], { encoding: 'utf8' });
    if (result.error) throw new Error(`ffmpeg could not run: ${result.error.message}`);
    if (result.status !== 0) throw new Error(`ffmpeg failed for ${recipe.name}: ${result.stderr.trim()}`);
    renameSync(partial, out);
  }
  writeFileSync(stampPath, stamp);
  return GENERATED_DIR;
}

export function generated(name: string): string {
  return join(GENERATED_DIR, name);
}

// `node packages/vision/test/support/face-fixtures.ts` generates them by hand.
if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  process.stdout.write(`${ensureFaceFixtures()}\n`);
}

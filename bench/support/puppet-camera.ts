// A responsive "puppet" camera for the liveness bench page: a canvas stream of pre-rendered pose photos
// (packages/vision/test/support/face-fixtures.ts) that stands in for the camera, so the bench can play a
// customer who answers each challenge the moment it is asked instead of a clip moving at its own pace.
// Only moves of the whole head can be imitated with one photo: blink and openMouth cannot.

/** The challenges a warped photo can show (the others need a face that moves). */
export type PuppetChallenge = 'turnLeft' | 'turnRight' | 'lookUp' | 'lookDown' | 'nod';
export type PuppetPose = PuppetChallenge | 'neutral';

export const PUPPET_CHALLENGES: readonly PuppetChallenge[] = ['turnLeft', 'turnRight', 'lookUp', 'lookDown', 'nod'];

/** The generated image of each pose; a nod is down (then back to neutral). */
export const PUPPET_POSES: Readonly<Record<PuppetPose, string>> = {
  neutral: 'camera-frame.jpg',
  turnLeft: 'turned-left.jpg',
  turnRight: 'turned-right.jpg',
  lookUp: 'tilted-up.jpg',
  lookDown: 'tilted-down.jpg',
  nod: 'tilted-down.jpg',
};

const WIDTH = 640;
const HEIGHT = 480;
const FPS = 25;
/** Random pixels changed in each frame: the server refuses a frame that comes back byte-identical. */
const NOISY_PIXELS = 8;

export interface PuppetCamera {
  /** Shows this pose from the next frame on. */
  show(pose: PuppetPose): void;
  /** Stops drawing and gives `getUserMedia` back. */
  uninstall(): void;
}

/**
 * Replaces `navigator.mediaDevices.getUserMedia` (call it before the element opens the camera) with a
 * 640×480 canvas stream at 25 fps showing the current pose, with a moving dot and a few random pixels
 * so that no two frames are identical.
 */
export async function installPuppetCamera(fixturesUrl: string): Promise<PuppetCamera> {
  const images = new Map<PuppetPose, ImageBitmap>();
  await Promise.all(
    Object.entries(PUPPET_POSES).map(async ([pose, file]) => {
      const blob = await (await fetch(`${fixturesUrl}${file}`)).blob();
      images.set(pose as PuppetPose, await createImageBitmap(blob));
    }),
  );
  const canvas = document.createElement('canvas');
  canvas.width = WIDTH;
  canvas.height = HEIGHT;
  const context = canvas.getContext('2d');
  if (!context) throw new Error('no canvas');
  let pose: PuppetPose = 'neutral';
  let frame = 0;
  const draw = (): void => {
    const image = images.get(pose);
    if (image) context.drawImage(image, 0, 0, WIDTH, HEIGHT);
    frame++;
    context.fillStyle = `rgb(${frame % 256} 0 0)`;
    context.fillRect(frame % WIDTH, HEIGHT - 2, 1, 1);
    for (let i = 0; i < NOISY_PIXELS; i++) {
      const grey = Math.floor(Math.random() * 256);
      context.fillStyle = `rgb(${grey} ${grey} ${grey})`;
      context.fillRect(Math.floor(Math.random() * WIDTH), Math.floor(Math.random() * HEIGHT), 1, 1);
    }
  };
  draw();
  const timer = setInterval(draw, 1000 / FPS);
  const mediaDevices = navigator.mediaDevices;
  const original = mediaDevices.getUserMedia;
  // Each check stops the tracks it was given: a new stream of the same canvas for each.
  mediaDevices.getUserMedia = () => Promise.resolve(canvas.captureStream(FPS));
  return {
    show(next) {
      pose = next;
    },
    uninstall() {
      clearInterval(timer);
      mediaDevices.getUserMedia = original;
    },
  };
}

import { readFileSync } from 'node:fs';
import type { CallPage } from './call-page.ts';

/**
 * A test hook for browsers whose fake camera cannot play a file (Firefox's
 * shows a synthetic picture): before the page loads, getUserMedia is wrapped
 * so that its video track comes from a canvas that paints `jpegFile` (cropped
 * to 640x480) `fps` times a second, with faint random specks so that no two
 * frames are byte-identical, as with a real sensor. Audio still comes from
 * the browser's own (fake) microphone. Every call gets a clone of the canvas
 * track, so the page may stop its tracks as it likes.
 */
export async function useImageAsCamera(
  page: CallPage,
  jpegFile: string,
  crop: { readonly x: number; readonly y: number; readonly width: number; readonly height: number },
  fps = 15,
): Promise<void> {
  const imageUrl = `data:image/jpeg;base64,${readFileSync(jpegFile).toString('base64')}`;
  await page.addInitScript(
    (arg: { imageUrl: string; crop: { x: number; y: number; width: number; height: number }; fps: number }) => {
      const devices = navigator.mediaDevices;
      const original = devices.getUserMedia.bind(devices);
      const image = new Image();
      image.src = arg.imageUrl;
      let source: MediaStreamTrack | undefined;
      const canvasTrack = (): MediaStreamTrack => {
        if (source) return source;
        const canvas = document.createElement('canvas');
        canvas.width = 640;
        canvas.height = 480;
        const context = canvas.getContext('2d');
        if (!context) throw new Error('no 2d context for the test camera');
        setInterval(() => {
          if (!image.complete) return;
          const { x, y, width, height } = arg.crop;
          context.drawImage(image, x, y, width, height, 0, 0, canvas.width, canvas.height);
          for (let speck = 0; speck < 40; speck += 1) {
            const shade = Math.floor(Math.random() * 255);
            context.fillStyle = `rgba(${shade}, ${shade}, ${shade}, 0.08)`;
            context.fillRect(Math.random() * canvas.width, Math.random() * canvas.height, 2, 2);
          }
        }, 1000 / arg.fps);
        const track = canvas.captureStream(arg.fps).getVideoTracks()[0];
        if (!track) throw new Error('the test camera canvas gives no track');
        source = track;
        return track;
      };
      devices.getUserMedia = async (constraints?: MediaStreamConstraints): Promise<MediaStream> => {
        const stream = constraints?.audio ? await original({ audio: constraints.audio }) : new MediaStream();
        if (constraints?.video) stream.addTrack(canvasTrack().clone());
        return stream;
      };
    },
    { imageUrl, crop, fps },
  );
}

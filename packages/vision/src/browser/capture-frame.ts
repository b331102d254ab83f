/** A still taken from the camera: analysed and, if it becomes evidence, encoded from the very same pixels. */
export interface CapturedFrame {
  readonly canvas: HTMLCanvasElement;
  readonly width: number;
  readonly height: number;
  /** JPEG, base64 without a `data:` prefix (the protocol's evidence format). */
  toJpegBase64(quality?: number): Promise<string>;
}

function blobToBase64(blob: Blob): Promise<string> {
  return blob.arrayBuffer().then((buffer) => {
    const bytes = new Uint8Array(buffer);
    let binary = '';
    for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
    return btoa(binary);
  });
}

/**
 * Draws the current video frame into `canvas` (reused between frames) at the
 * video's own resolution, capped at `maxWidth` to bound evidence size.
 */
export function captureFrame(video: HTMLVideoElement, canvas: HTMLCanvasElement, maxWidth = 640): CapturedFrame {
  const scale = Math.min(1, maxWidth / Math.max(1, video.videoWidth));
  const width = Math.round(video.videoWidth * scale);
  const height = Math.round(video.videoHeight * scale);
  if (canvas.width !== width) canvas.width = width;
  if (canvas.height !== height) canvas.height = height;
  const context = canvas.getContext('2d', { willReadFrequently: true });
  if (!context) throw new Error('2D canvas unavailable');
  context.drawImage(video, 0, 0, width, height);
  return {
    canvas,
    width,
    height,
    toJpegBase64(quality = 0.85): Promise<string> {
      return new Promise<Blob>((resolve, reject) => {
        canvas.toBlob(
          (blob) => (blob ? resolve(blob) : reject(new Error('JPEG encoding failed'))),
          'image/jpeg',
          quality,
        );
      }).then(blobToBase64);
    },
  };
}

import * as tf from '@tensorflow/tfjs-core';
import jpeg from 'jpeg-js';

/** Default limits for untrusted input (an ID photo scan); evidence frames pass a tighter `maxMegapixels`. */
const MAX_MEGAPIXELS = 25;
const MAX_MEMORY_MB = 256;

/**
 * Decodes a JPEG (pure JS, bounded: a small file can declare a huge picture)
 * into an RGB `[h, w, 3]` int32 tensor.
 */
export function decodeJpeg(bytes: Uint8Array, maxMegapixels = MAX_MEGAPIXELS): tf.Tensor3D {
  const image = jpeg.decode(bytes, {
    useTArray: true,
    formatAsRGBA: false,
    maxResolutionInMP: maxMegapixels,
    maxMemoryUsageInMB: MAX_MEMORY_MB,
  });
  return tf.tensor3d(image.data, [image.height, image.width, 3], 'int32');
}

/** Encodes an RGB `[h, w, 3]` tensor as JPEG (tests and tools; the browser uses canvas). */
export async function encodeJpeg(image: tf.Tensor3D, quality = 90): Promise<Uint8Array> {
  const [height, width] = image.shape;
  const rgb = await image.data();
  const rgba = new Uint8Array(width * height * 4);
  for (let i = 0, j = 0; i < rgb.length; i += 3, j += 4) {
    rgba[j] = rgb[i] ?? 0;
    rgba[j + 1] = rgb[i + 1] ?? 0;
    rgba[j + 2] = rgb[i + 2] ?? 0;
    rgba[j + 3] = 255;
  }
  return new Uint8Array(jpeg.encode({ data: rgba, width, height }, quality).data);
}

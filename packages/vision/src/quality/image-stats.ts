import * as tf from '@tensorflow/tfjs-core';
import type { Box } from '../landmarks.ts';

/** Side of the square grey patch the statistics are computed on: makes sharpness independent of face size. */
const PATCH = 128;
const LUMA = [0.299, 0.587, 0.114] as const;

export interface PatchStats {
  /** Mean luma of the face, 0-255. */
  readonly brightness: number;
  /** Share of face pixels at or above 250 (blown highlights). */
  readonly clipped: number;
  /** Variance of the Laplacian of the face patch: low = blurred. */
  readonly sharpness: number;
}

/** Brightness and sharpness of the face region of an RGB `[h, w, 3]` image. */
export async function faceRegionStats(image: tf.Tensor3D, box: Box): Promise<PatchStats> {
  const [height, width] = image.shape;
  const stats = tf.tidy(() => {
    const boxes = tf.tensor2d(
      [[box.y / height, box.x / width, (box.y + box.height) / height, (box.x + box.width) / width]],
      [1, 4],
    );
    const patch = tf.image.cropAndResize(
      tf.expandDims(image, 0) as tf.Tensor4D,
      boxes,
      [0],
      [PATCH, PATCH],
      'bilinear',
    );
    const grey = tf.sum(tf.mul(patch, tf.tensor1d([...LUMA])), 3, true) as tf.Tensor4D;
    const kernel = tf.tensor4d([0, 1, 0, 1, -4, 1, 0, 1, 0], [3, 3, 1, 1]);
    const laplacian = tf.conv2d(grey, kernel, 1, 'valid');
    const { variance } = tf.moments(laplacian);
    return tf.stack([tf.mean(grey), tf.mean(tf.cast(tf.greaterEqual(grey, 250), 'float32')), variance]);
  });
  try {
    const [brightness = 0, clipped = 0, sharpness = 0] = await stats.data();
    return { brightness, clipped, sharpness };
  } finally {
    stats.dispose();
  }
}

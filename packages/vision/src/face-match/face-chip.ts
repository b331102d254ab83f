import * as tf from '@tensorflow/tfjs-core';
import { MESH } from '../geometry/mesh-indices.ts';
import { centroid, distance2d, type Point3 } from '../geometry/point.ts';
import { CHIP_SIZE } from './recognition-net.ts';

const RIGHT_EYE = [33, 133, 159, 145, 160, 144, 158, 153];
const LEFT_EYE = [263, 362, 386, 374, 385, 380, 387, 373];
const MOUTH = [MESH.mouthRight, MESH.mouthLeft, MESH.upperLipInner, MESH.lowerLipInner];

// Chip framing, as face-api frames its aligned boxes: the box side is the
// eye-to-mouth distance / 0.45, the eyes-and-mouth centre sits at 50 % across
// and 43 % down.
const EYE_MOUTH_TO_SIDE = 1 / 0.45;
const CENTRE_X = 0.5;
const CENTRE_Y = 0.43;

function pick(points: readonly Point3[], indices: readonly number[]): Point3[] {
  return indices.map((i) => {
    const p = points[i];
    if (!p) throw new RangeError(`landmark ${i} missing`);
    return p;
  });
}

/**
 * The projective transform (tf.image.transform's 8 numbers, output → input)
 * that cuts an upright, scaled face chip out of the image. Rolling the chip
 * upright matters: the descriptor is not rotation invariant.
 */
export function chipTransform(points: readonly Point3[]): number[] {
  const rightEye = centroid(pick(points, RIGHT_EYE));
  const leftEye = centroid(pick(points, LEFT_EYE));
  const mouth = centroid(pick(points, MOUTH));
  const angle = Math.atan2(leftEye.y - rightEye.y, leftEye.x - rightEye.x);
  const eyeToMouth = (distance2d(rightEye, mouth) + distance2d(leftEye, mouth)) / 2;
  const side = eyeToMouth * EYE_MOUTH_TO_SIDE;
  const ref = centroid([rightEye, leftEye, mouth]);
  const s = side / CHIP_SIZE;
  const cos = Math.cos(angle);
  const sin = Math.sin(angle);
  const ox = -CENTRE_X * side;
  const oy = -CENTRE_Y * side;
  return [s * cos, -s * sin, ref.x + cos * ox - sin * oy, s * sin, s * cos, ref.y + sin * ox + cos * oy, 0, 0];
}

/** Aligned `[n, 150, 150, 3]` chips (float, 0..255) for the faces' landmarks. */
export function faceChips(image: tf.Tensor3D, faces: readonly (readonly Point3[])[]): tf.Tensor4D {
  return tf.tidy(() => {
    if (faces.length === 0) return tf.zeros<tf.Rank.R4>([0, CHIP_SIZE, CHIP_SIZE, 3]);
    // Each chip is cut from the one frame with its own transform: copying the whole frame once per face (tf.tile)
    // cost more than cutting and describing the chip on the wasm backend.
    const frame = tf.expandDims(tf.cast(image, 'float32'), 0) as tf.Tensor4D;
    const chips = faces.map((points) =>
      tf.image.transform(frame, tf.tensor2d([chipTransform(points)], [1, 8]), 'bilinear', 'constant', 0, [
        CHIP_SIZE,
        CHIP_SIZE,
      ]),
    );
    return chips.length === 1 ? (chips[0] as tf.Tensor4D) : tf.concat(chips, 0);
  });
}

import { INNER_LIPS, LEFT_EYE_LIDS, MESH, RIGHT_EYE_LIDS } from './mesh-indices.ts';
import { distance, type Point3 } from './point.ts';

function at(points: readonly Point3[], index: number): Point3 {
  const p = points[index];
  if (!p) throw new RangeError(`landmark ${index} missing (mesh has ${points.length} points)`);
  return p;
}

function openingRatio(
  points: readonly Point3[],
  pairs: readonly (readonly [number, number])[],
  cornerA: number,
  cornerB: number,
): number {
  let opening = 0;
  for (const [upper, lower] of pairs) opening += distance(at(points, upper), at(points, lower));
  const width = distance(at(points, cornerA), at(points, cornerB));
  return width === 0 ? 0 : opening / pairs.length / width;
}

/**
 * Eye aspect ratio (Soukupová & Čech 2016), mean of both eyes, in 3-D so that
 * it does not shrink when the head turns. About 0.25-0.35 open, < 0.15 closed.
 */
export function eyeAspectRatio(points: readonly Point3[]): number {
  const right = openingRatio(points, RIGHT_EYE_LIDS, MESH.rightEyeOuter, MESH.rightEyeInner);
  const left = openingRatio(points, LEFT_EYE_LIDS, MESH.leftEyeOuter, MESH.leftEyeInner);
  return (right + left) / 2;
}

/** Mouth aspect ratio: inner-lip opening over inner mouth width. ~0 closed, > 0.5 wide open. */
export function mouthAspectRatio(points: readonly Point3[]): number {
  return openingRatio(points, INNER_LIPS, MESH.mouthInnerRight, MESH.mouthInnerLeft);
}

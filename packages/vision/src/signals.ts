import { eyeAspectRatio, mouthAspectRatio } from './geometry/aspect-ratios.ts';
import { headPose } from './geometry/head-pose.ts';
import type { Point3 } from './geometry/point.ts';

/** What the liveness checks read from one face in one frame. Angles in degrees (see geometry/head-pose.ts). */
export interface FaceSignals {
  readonly yaw: number;
  readonly pitch: number;
  readonly roll: number;
  /** Eye aspect ratio, both eyes. */
  readonly ear: number;
  /** Mouth aspect ratio (inner lips). */
  readonly mar: number;
}

export function faceSignals(points: readonly Point3[]): FaceSignals {
  return { ...headPose(points), ear: eyeAspectRatio(points), mar: mouthAspectRatio(points) };
}

/** Component-wise median: the neutral baseline is taken over several frames so one bad frame cannot skew it. */
export function medianSignals(samples: readonly FaceSignals[]): FaceSignals {
  if (samples.length === 0) throw new RangeError('no samples');
  const median = (key: keyof FaceSignals): number => {
    const values = samples.map((s) => s[key]).sort((a, b) => a - b);
    const mid = values.length >> 1;
    return values.length % 2 ? (values[mid] ?? 0) : ((values[mid - 1] ?? 0) + (values[mid] ?? 0)) / 2;
  };
  return { yaw: median('yaw'), pitch: median('pitch'), roll: median('roll'), ear: median('ear'), mar: median('mar') };
}

import type { FaceSignals } from '../signals.ts';

/**
 * Exponential smoothing of the head angles (landmark jitter is a few degrees
 * frame to frame). Eye and mouth ratios pass through unsmoothed: a blink lasts
 * only a few frames and smoothing would flatten it.
 */
export function createSmoother(alpha = 0.5): { next(s: FaceSignals): FaceSignals; reset(): void } {
  let last: FaceSignals | undefined;
  return {
    next(s: FaceSignals): FaceSignals {
      const mix = (key: 'yaw' | 'pitch' | 'roll'): number => (last ? last[key] + alpha * (s[key] - last[key]) : s[key]);
      last = { yaw: mix('yaw'), pitch: mix('pitch'), roll: mix('roll'), ear: s.ear, mar: s.mar };
      return last;
    },
    reset(): void {
      last = undefined;
    },
  };
}

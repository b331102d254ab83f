import type { LivenessChallenge } from '@aircounter/protocol';
import type { FaceSignals } from '../signals.ts';

export interface ChallengeStep {
  /** The action is complete. */
  readonly done: boolean;
  /** This frame shows the action best so far: keep it as the evidence frame. */
  readonly evidence: boolean;
  /** 0..1, for a progress indicator. */
  readonly progress: number;
}

/** Follows one challenge over successive (smoothed) frames. */
export interface ChallengeDetector {
  /** `t`: the frame's time, ms (monotonic). */
  update(signals: FaceSignals, t: number): ChallengeStep;
}

/** One challenge: how the client detects it live, and how the server checks its single evidence frame. */
export interface Challenge {
  readonly name: LivenessChallenge;
  detector(neutral: FaceSignals): ChallengeDetector;
  /** Whether one frame (its signals) shows the action, against the neutral frame. */
  shownBy(frame: FaceSignals, neutral: FaceSignals): boolean;
}

/** Whether the head is close enough to its neutral pose for an expression (blink, mouth) to count. */
export function facingAsNeutral(s: FaceSignals, neutral: FaceSignals, tolerance: number): boolean {
  return Math.abs(s.yaw - neutral.yaw) <= tolerance && Math.abs(s.pitch - neutral.pitch) <= tolerance;
}

/**
 * "Hold a pose": `amount` must reach `enter` and stay above `exit` for
 * `holdFrames` frames and `holdMs`. The evidence is the frame of the hold that
 * shows the pose most (the server re-measures it without smoothing, so the
 * clearest frame is the fairest one to send); holding for a while, not just a
 * few frames, makes that frame the settled pose rather than one on the way.
 */
export function holdDetector(
  amount: (s: FaceSignals) => number,
  enter: number,
  exit: number,
  holdFrames: number,
  holdMs: number,
): ChallengeDetector {
  let held = 0;
  let since = 0;
  let inside = false;
  let best = Number.NEGATIVE_INFINITY;
  return {
    update(signals: FaceSignals, t: number): ChallengeStep {
      const value = amount(signals);
      const was = inside;
      inside = inside ? value >= exit : value >= enter;
      held = inside ? held + 1 : 0;
      if (inside && !was) since = t;
      if (!inside) best = Number.NEGATIVE_INFINITY;
      const evidence = inside && value > best;
      if (evidence) best = value;
      const done = held >= holdFrames && t - since >= holdMs;
      const progress = inside
        ? Math.min(1, 0.5 + 0.5 * Math.min(held / holdFrames, (t - since) / holdMs))
        : Math.max(0, Math.min(0.5, (0.5 * value) / enter));
      return { done, evidence, progress };
    },
  };
}

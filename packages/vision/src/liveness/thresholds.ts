/**
 * Liveness thresholds, relative to the subject's own neutral pose (degrees,
 * aspect ratios). The client needs a change to *enter* an action and a
 * smaller one to *leave* it (hysteresis: no flicker at the boundary), held
 * for a few frames. The server re-measures single JPEG frames without the
 * client's smoothing, so it accepts a little less: `verify*`.
 */
export const THRESHOLDS = {
  turnEnter: 20,
  turnExit: 14,
  turnVerify: 15,
  lookEnter: 14,
  lookExit: 9,
  lookVerify: 10,
  nodDown: 12,
  nodReturn: 5,
  nodVerify: 9,
  /**
   * Eyes closed below this share of the neutral eye aspect ratio, open again
   * above `blinkOpen`. Strict on purpose: tilting a printed photo shrinks the
   * measured ratio to ~0.7 of neutral (tests/fixtures tilted clip).
   */
  blinkClosed: 0.5,
  blinkOpen: 0.8,
  blinkVerify: 0.6,
  /** Mouth open: aspect ratio above neutral + this, and above `mouthMinimum`. */
  mouthEnter: 0.25,
  mouthExit: 0.15,
  mouthVerify: 0.18,
  mouthMinimum: 0.4,
  /** Consecutive frames an action must be held. */
  holdFrames: 3,
} as const;

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
  // Looking up/down and nodding: a printed photo tipped towards or away from
  // the camera moves the measured pitch by ~12-15° (tests/fixtures clip), so
  // these challenges alone do not tell a photo from a face. Stricter numbers
  // would not fix that (the model's response to a tipped photo grows with the
  // tip) and would fail older customers; the server therefore always mixes in
  // a blink or an open mouth (server/src/liveness/challenge-picker.ts).
  lookEnter: 12,
  lookExit: 8,
  lookVerify: 9,
  nodDown: 11,
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
  /**
   * Blinking and opening the mouth are done facing the camera: frames whose
   * head pose is further than this from neutral (degrees, yaw or pitch) do
   * not count. Tipping a printed photo changes the measured eye and mouth
   * ratios (perspective); it also changes the measured pose, so this gate
   * keeps such frames out.
   */
  expressionPose: 10,
  expressionPoseVerify: 12,
  /** Consecutive frames, and time (ms), a pose must be held. */
  holdFrames: 3,
  holdMs: 500,
} as const;

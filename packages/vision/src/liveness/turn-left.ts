import { holdDetector, type Challenge } from './challenge.ts';
import { THRESHOLDS as T } from './thresholds.ts';

/** The subject turns their head to *their* left: yaw grows (see geometry/head-pose.ts). */
export const turnLeft: Challenge = {
  name: 'turnLeft',
  detector: (neutral) => holdDetector((s) => s.yaw - neutral.yaw, T.turnEnter, T.turnExit, T.holdFrames, T.holdMs),
  shownBy: (frame, neutral) => frame.yaw - neutral.yaw >= T.turnVerify,
};

import { holdDetector, type Challenge } from './challenge.ts';
import { THRESHOLDS as T } from './thresholds.ts';

/** The subject turns their head to *their* right: yaw falls. */
export const turnRight: Challenge = {
  name: 'turnRight',
  detector: (neutral) => holdDetector((s) => neutral.yaw - s.yaw, T.turnEnter, T.turnExit, T.holdFrames, T.holdMs),
  shownBy: (frame, neutral) => neutral.yaw - frame.yaw >= T.turnVerify,
};

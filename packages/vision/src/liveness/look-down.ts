import { holdDetector, type Challenge } from './challenge.ts';
import { THRESHOLDS as T } from './thresholds.ts';

export const lookDown: Challenge = {
  name: 'lookDown',
  detector: (neutral) => holdDetector((s) => neutral.pitch - s.pitch, T.lookEnter, T.lookExit, T.holdFrames, T.holdMs),
  shownBy: (frame, neutral) => neutral.pitch - frame.pitch >= T.lookVerify,
};

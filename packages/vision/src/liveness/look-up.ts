import { holdDetector, type Challenge } from './challenge.ts';
import { THRESHOLDS as T } from './thresholds.ts';

export const lookUp: Challenge = {
  name: 'lookUp',
  detector: (neutral) => holdDetector((s) => s.pitch - neutral.pitch, T.lookEnter, T.lookExit, T.holdFrames, T.holdMs),
  shownBy: (frame, neutral) => frame.pitch - neutral.pitch >= T.lookVerify,
};

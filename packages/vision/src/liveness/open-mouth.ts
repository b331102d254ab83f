import type { FaceSignals } from '../signals.ts';
import { facingAsNeutral, holdDetector, type Challenge } from './challenge.ts';
import { THRESHOLDS as T } from './thresholds.ts';

/** How far the mouth is open beyond neutral; zero until it is open at least `mouthMinimum`, facing the camera. */
function opening(s: FaceSignals, neutral: FaceSignals): number {
  return s.mar >= T.mouthMinimum && facingAsNeutral(s, neutral, T.expressionPose) ? s.mar - neutral.mar : 0;
}

export const openMouth: Challenge = {
  name: 'openMouth',
  detector: (neutral) => holdDetector((s) => opening(s, neutral), T.mouthEnter, T.mouthExit, 2, T.holdMs),
  shownBy: (frame, neutral) =>
    frame.mar >= T.mouthMinimum &&
    frame.mar - neutral.mar >= T.mouthVerify &&
    facingAsNeutral(frame, neutral, T.expressionPoseVerify),
};

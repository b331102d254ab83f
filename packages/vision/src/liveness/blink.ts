import type { FaceSignals } from '../signals.ts';
import { facingAsNeutral, type Challenge, type ChallengeDetector, type ChallengeStep } from './challenge.ts';
import { THRESHOLDS as T } from './thresholds.ts';

/**
 * Open eyes seen in a row before a closing counts, and closed frames in a row
 * for it to count: one odd frame (the tracker catching up with a fast move)
 * is not a blink. A real blink lasts 100-300 ms, several analysed frames.
 */
const OPEN_FRAMES_BEFORE = 2;
const CLOSED_FRAMES = 2;

/**
 * Open → closed → open, facing the camera. A blink lasts 100-300 ms (a few
 * frames), so this reads unsmoothed eye ratios; the evidence is the
 * most-closed frame.
 */
function blinkDetector(neutral: FaceSignals): ChallengeDetector {
  let phase: 'open' | 'closed' | 'done' = 'open';
  let openFrames = 0;
  let closedFrames = 0;
  let lowest = Number.POSITIVE_INFINITY;
  return {
    update(s: FaceSignals): ChallengeStep {
      const ratio = neutral.ear > 0 ? s.ear / neutral.ear : 1;
      const facing = facingAsNeutral(s, neutral, T.expressionPose);
      let evidence = false;
      if (phase === 'open') {
        if (facing && ratio <= T.blinkClosed && openFrames >= OPEN_FRAMES_BEFORE) phase = 'closed';
        else openFrames = facing && ratio >= T.blinkOpen ? openFrames + 1 : 0;
      }
      if (phase === 'closed' && facing) {
        if (ratio <= T.blinkClosed) closedFrames += 1;
        if (ratio < lowest) {
          lowest = ratio;
          evidence = true;
        }
        if (ratio >= T.blinkOpen) {
          // Reopened: a blink if the eyes stayed shut long enough, else start over.
          phase = closedFrames >= CLOSED_FRAMES ? 'done' : 'open';
          if (phase === 'open') {
            openFrames = 1;
            closedFrames = 0;
            lowest = Number.POSITIVE_INFINITY;
          }
        }
      }
      const progress =
        phase === 'done'
          ? 1
          : phase === 'closed'
            ? 0.75
            : Math.max(0, Math.min(0.5, (1 - ratio) / (2 * (1 - T.blinkClosed))));
      return { done: phase === 'done', evidence, progress };
    },
  };
}

export const blink: Challenge = {
  name: 'blink',
  detector: blinkDetector,
  shownBy: (frame, neutral) =>
    neutral.ear > 0 &&
    frame.ear / neutral.ear <= T.blinkVerify &&
    facingAsNeutral(frame, neutral, T.expressionPoseVerify),
};

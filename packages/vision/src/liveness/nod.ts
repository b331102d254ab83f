import type { FaceSignals } from '../signals.ts';
import type { Challenge, ChallengeDetector, ChallengeStep } from './challenge.ts';
import { THRESHOLDS as T } from './thresholds.ts';

/** Head down by `nodDown` degrees, then back up near neutral. The evidence is the lowest frame. */
function nodDetector(neutral: FaceSignals): ChallengeDetector {
  let phase: 'up' | 'down' | 'done' = 'up';
  let deepest = 0;
  return {
    update(s: FaceSignals): ChallengeStep {
      const down = neutral.pitch - s.pitch;
      let evidence = false;
      if (phase === 'up' && down >= T.nodDown) phase = 'down';
      if (phase === 'down') {
        if (down > deepest) {
          deepest = down;
          evidence = true;
        }
        if (down <= T.nodReturn) phase = 'done';
      }
      const progress =
        phase === 'done' ? 1 : phase === 'down' ? 0.75 : Math.max(0, Math.min(0.5, down / (2 * T.nodDown)));
      return { done: phase === 'done', evidence, progress };
    },
  };
}

export const nod: Challenge = {
  name: 'nod',
  detector: nodDetector,
  shownBy: (frame, neutral) => neutral.pitch - frame.pitch >= T.nodVerify,
};

import type { FaceSignals } from '../signals.ts';
import type { Challenge, ChallengeDetector, ChallengeStep } from './challenge.ts';
import { THRESHOLDS as T } from './thresholds.ts';

/**
 * Open → closed → open. A blink lasts 100-300 ms (a few frames), so this
 * reads unsmoothed eye ratios; the evidence is the most-closed frame.
 */
function blinkDetector(neutral: FaceSignals): ChallengeDetector {
  let phase: 'open' | 'closed' | 'done' = 'open';
  let lowest = Number.POSITIVE_INFINITY;
  return {
    update(s: FaceSignals): ChallengeStep {
      const ratio = neutral.ear > 0 ? s.ear / neutral.ear : 1;
      let evidence = false;
      if (phase === 'open' && ratio <= T.blinkClosed) phase = 'closed';
      if (phase === 'closed') {
        if (ratio < lowest) {
          lowest = ratio;
          evidence = true;
        }
        if (ratio >= T.blinkOpen) phase = 'done';
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
  shownBy: (frame, neutral) => neutral.ear > 0 && frame.ear / neutral.ear <= T.blinkVerify,
};

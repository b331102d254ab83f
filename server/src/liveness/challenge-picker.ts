import { randomInt } from 'node:crypto';
import type { LivenessChallenge } from '@aircounter/protocol';

/** Moves of the head: a tipped or turned photo can imitate some of these (docs/liveness.md). */
const POSE: readonly LivenessChallenge[] = ['turnLeft', 'turnRight', 'lookUp', 'lookDown', 'nod'];
/** Moves of the face itself: a photo cannot blink or open its mouth. */
const EXPRESSION: readonly LivenessChallenge[] = ['blink', 'openMouth'];

export type ChallengePicker = () => LivenessChallenge[];

function pick<T>(from: readonly T[]): T {
  const item = from[randomInt(from.length)];
  if (item === undefined) throw new RangeError('empty list');
  return item;
}

/**
 * A random sequence of `count` distinct challenges with at least one
 * expression (blink or open mouth) and at least one head pose, in random
 * order, from a CSPRNG: the client cannot know it before asking.
 */
export function randomChallenges(count = 3): ChallengePicker {
  if (count < 2 || count > POSE.length + EXPRESSION.length) throw new RangeError(`challenge count ${count}`);
  return () => {
    const chosen: LivenessChallenge[] = [pick(EXPRESSION), pick(POSE)];
    const rest = [...POSE, ...EXPRESSION].filter((c) => !chosen.includes(c));
    while (chosen.length < count) {
      const next = rest.splice(randomInt(rest.length), 1)[0];
      if (next === undefined) break;
      chosen.push(next);
    }
    // Fisher-Yates with the CSPRNG.
    for (let i = chosen.length - 1; i > 0; i--) {
      const j = randomInt(i + 1);
      [chosen[i], chosen[j]] = [chosen[j] as LivenessChallenge, chosen[i] as LivenessChallenge];
    }
    return chosen;
  };
}

/** A fixed sequence (tests, demos that script the moves). Never for production. */
export function fixedChallenges(challenges: readonly LivenessChallenge[]): ChallengePicker {
  return () => [...challenges];
}

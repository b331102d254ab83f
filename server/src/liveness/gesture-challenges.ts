import { randomInt } from 'node:crypto';
import type { LivenessChallenge } from '@aircounter/protocol';

/** A head gesture a journey step may be confirmed with. */
export type Gesture = 'nod' | 'shake';

/**
 * The head moves that show a gesture, checked frame by frame like liveness
 * challenges: a nod is the `nod` challenge (down, back up; the lowest frame is
 * the evidence); a shake is the head turned to both sides, one frame each, in
 * an order the server draws so that two stills prepared beforehand do not fit.
 */
export function gestureChallenges(gesture: Gesture): LivenessChallenge[] {
  if (gesture === 'nod') return ['nod'];
  return randomInt(2) === 0 ? ['turnLeft', 'turnRight'] : ['turnRight', 'turnLeft'];
}

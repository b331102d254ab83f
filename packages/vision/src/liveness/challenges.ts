import type { LivenessChallenge } from '@aircounter/protocol';
import { blink } from './blink.ts';
import type { Challenge } from './challenge.ts';
import { lookDown } from './look-down.ts';
import { lookUp } from './look-up.ts';
import { nod } from './nod.ts';
import { openMouth } from './open-mouth.ts';
import { turnLeft } from './turn-left.ts';
import { turnRight } from './turn-right.ts';

export const CHALLENGES: Readonly<Record<LivenessChallenge, Challenge>> = {
  turnLeft,
  turnRight,
  lookUp,
  lookDown,
  blink,
  openMouth,
  nod,
};

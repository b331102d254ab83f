import type { LivenessChallenge } from '@aircounter/protocol';
import { descriptorDistance } from '../face-match/distance.ts';
import type { FaceSignals } from '../signals.ts';
import { CHALLENGES } from './challenges.ts';

/** What the server issued (its own record, never the client's word). */
export interface IssuedLiveness {
  readonly challenges: readonly LivenessChallenge[];
  readonly issuedAt: number;
  readonly expiresAt: number;
  readonly perChallengeMs: number;
}

/** One evidence frame as re-measured by the verifier. */
export interface MeasuredFrame {
  readonly challenge: LivenessChallenge | 'neutral';
  readonly capturedAt: number;
  /** Distinct faces found in the frame. */
  readonly faceCount: number;
  readonly signals?: FaceSignals;
  readonly descriptor?: Float32Array;
  /** Hash of the JPEG bytes: the same picture twice is no evidence of motion. */
  readonly digest: string;
}

export interface EvidenceVerdict {
  readonly passed: boolean;
  /** Machine-readable reasons for a failure, e.g. `not-shown:turnLeft`. Empty when passed. */
  readonly reasons: readonly string[];
  /** Largest descriptor distance between the neutral frame and a challenge frame. */
  readonly maxSelfDistance: number;
}

/** Same person in every frame: looser than the identity threshold because turned or blinking faces drift. */
export const SELF_CONSISTENCY_THRESHOLD = 0.6;
/** Clock tolerance between the client's capture times and the server's, ms. */
const CLOCK_SLACK_MS = 1500;
/** Time a challenge may complete after its evidence frame (a blink reopens, a nod comes back up), ms. */
const COMPLETION_SLACK_MS = 1500;
const MAX_FRONTAL_ANGLE = 20;

/**
 * Decides from the frames alone whether the issued challenges were performed:
 * one neutral frontal frame then one frame per challenge, in the issued order,
 * each showing its action against the neutral frame, one and the same face
 * throughout, within the time limits.
 */
export function verifyEvidence(
  issued: IssuedLiveness,
  frames: readonly MeasuredFrame[],
  receivedAt: number,
): EvidenceVerdict {
  const reasons: string[] = [];
  let maxSelfDistance = 0;
  if (receivedAt > issued.expiresAt) reasons.push('expired');

  const expected: (LivenessChallenge | 'neutral')[] = ['neutral', ...issued.challenges];
  const order = frames.map((f) => f.challenge);
  if (order.length !== expected.length || order.some((c, i) => c !== expected[i])) reasons.push('order');

  const neutral = frames[0]?.challenge === 'neutral' ? frames[0] : undefined;
  if (!neutral) return { passed: false, reasons: [...reasons, 'neutral-missing'], maxSelfDistance };
  if (neutral.faceCount !== 1 || !neutral.signals) reasons.push(`face-count:neutral:${neutral.faceCount}`);
  else if (Math.max(Math.abs(neutral.signals.yaw), Math.abs(neutral.signals.pitch)) > MAX_FRONTAL_ANGLE) {
    reasons.push('neutral-not-frontal');
  }

  const digests = new Set<string>();
  let previous: MeasuredFrame | undefined;
  for (const frame of frames) {
    const name = frame.challenge;
    if (digests.has(frame.digest)) reasons.push(`duplicate-frame:${name}`);
    digests.add(frame.digest);
    if (previous) {
      if (frame.capturedAt <= previous.capturedAt) reasons.push(`time-order:${name}`);
      if (frame.capturedAt - previous.capturedAt > issued.perChallengeMs + COMPLETION_SLACK_MS)
        reasons.push(`too-slow:${name}`);
    }
    previous = frame;
    if (name === 'neutral') continue;
    if (frame.faceCount !== 1 || !frame.signals) {
      reasons.push(`face-count:${name}:${frame.faceCount}`);
      continue;
    }
    if (neutral.signals && !CHALLENGES[name].shownBy(frame.signals, neutral.signals)) reasons.push(`not-shown:${name}`);
    if (neutral.descriptor && frame.descriptor) {
      const d = descriptorDistance(neutral.descriptor, frame.descriptor);
      maxSelfDistance = Math.max(maxSelfDistance, d);
      if (d > SELF_CONSISTENCY_THRESHOLD) reasons.push(`different-person:${name}`);
    }
  }
  const last = frames[frames.length - 1];
  if (last && last.capturedAt - neutral.capturedAt > receivedAt - issued.issuedAt + CLOCK_SLACK_MS)
    reasons.push('timing');
  return { passed: reasons.length === 0, reasons, maxSelfDistance };
}

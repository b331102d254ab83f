/**
 * Why the engine refuses an action. Each maps to one error code of
 * `@aircounter/protocol` (the server sends that code to the client), so the
 * refusal matrix is the same in the engine's tests and over signaling.
 */
export const REFUSALS = {
  /** The journey is over: its last step completed, it was blocked and ended, or the session ended. */
  'journey-ended': 'JOURNEY_ENDED',
  /** The action id was already applied (a retry or a replay). */
  'duplicate-action': 'JOURNEY_DUPLICATE_ACTION',
  /** The journey accepted as many actions as it may. */
  'action-limit': 'JOURNEY_LIMIT_REACHED',
  /** A suitability mismatch blocked the sale. */
  blocked: 'JOURNEY_BLOCKED',
  /** The caller's role is not the one this action or step needs. */
  'wrong-actor': 'JOURNEY_WRONG_ACTOR',
  /** The step is not the one open now (not started yet, already done, interrupted: a late action). */
  'out-of-order': 'JOURNEY_OUT_OF_ORDER',
  /** A mandatory step would be skipped. */
  'step-mandatory': 'JOURNEY_STEP_MANDATORY',
  /** The step needs the recording and the session is not being recorded. */
  'recording-not-active': 'RECORDING_NOT_ACTIVE',
  /** The step's minimum duration has not passed yet. */
  'too-early': 'JOURNEY_TOO_EARLY',
  /** A nod, shake or voice confirmation without the server's verified, unused verdict for this step and answer. */
  unverified: 'CONFIRMATION_UNVERIFIED',
  /** The action does not fit the step (unknown step or answer, a confirmation it does not offer, …). */
  'invalid-action': 'JOURNEY_ACTION_INVALID',
} as const;

export type RefusalReason = keyof typeof REFUSALS;
export type RefusalCode = (typeof REFUSALS)[RefusalReason];

export interface Refusal {
  readonly reason: RefusalReason;
  readonly code: RefusalCode;
  /** For people; never includes anything secret. */
  readonly message: string;
}

export function refusal(reason: RefusalReason, message: string): Refusal {
  return { reason, code: REFUSALS[reason], message };
}

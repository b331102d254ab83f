import type { NotificationData, RequestData, ResponseData } from '@aircounter/protocol';
import type { Signaling } from './signaling/signaling.ts';

export type LivenessChallengeSet = ResponseData<'startLiveness'>;
export type LivenessSubmission = RequestData<'submitLiveness'>;
/** The customer's copy of a decision: pass/fail and a retry hint (no scores). */
export type LivenessOutcome = ResponseData<'submitLiveness'>;
/** The full signed decision, as agents and supervisors receive it in `livenessDecided`. */
export type LivenessDecision = NotificationData<'livenessDecided'>['decision'];
export type LivenessDecidedNotice = NotificationData<'livenessDecided'>;

/** Customer: the server-issued liveness challenge and the submission of its evidence. */
export interface Liveness {
  /** Asks the server for a nonce and the challenges to perform. */
  start(): Promise<LivenessChallengeSet>;
  /** Sends the evidence frames; the server re-checks them and answers pass/fail with a retry hint. */
  submit(submission: LivenessSubmission): Promise<LivenessOutcome>;
}

export function createLiveness(signaling: Signaling): Liveness {
  return {
    start: () => signaling.request('startLiveness', {}),
    submit: (submission) => signaling.request('submitLiveness', submission),
  };
}

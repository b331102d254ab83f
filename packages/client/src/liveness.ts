import type { NotificationData, RequestData, ResponseData } from '@aircounter/protocol';
import type { Signaling } from './signaling/signaling.ts';

export type LivenessChallengeSet = ResponseData<'startLiveness'>;
export type LivenessSubmission = RequestData<'submitLiveness'>;
export type LivenessDecision = ResponseData<'submitLiveness'>;
export type LivenessDecidedNotice = NotificationData<'livenessDecided'>;

/** Customer: the server-issued liveness challenge and the submission of its evidence. */
export interface Liveness {
  /** Asks the server for a nonce and the challenges to perform. */
  start(): Promise<LivenessChallengeSet>;
  /** Sends the evidence frames; the server re-checks and returns its signed decision. */
  submit(submission: LivenessSubmission): Promise<LivenessDecision>;
}

export function createLiveness(signaling: Signaling): Liveness {
  return {
    start: () => signaling.request('startLiveness', {}),
    submit: (submission) => signaling.request('submitLiveness', submission),
  };
}

import type { Problem, SignatureStatus } from '@aircounter/evidence';

/**
 * The integrity check of the replayed package finished (in the browser, with
 * the shared verifier). `ok` false: the package is not intact and `problems`
 * says precisely what is wrong. A check that could not run fires `air-error`
 * instead.
 */
export interface AirReplayVerifiedDetail {
  readonly sessionId: string;
  readonly ok: boolean;
  readonly signature: SignatureStatus;
  /** Key id of the signing key named by the signature. */
  readonly keyId: string | null;
  /** Every fault found (errors and warnings), as `verifyEvidence` reports them. */
  readonly problems: readonly Problem[];
}

export type AirReplayVerifiedEvent = CustomEvent<AirReplayVerifiedDetail>;

declare global {
  interface GlobalEventHandlersEventMap {
    'air-replay-verified': AirReplayVerifiedEvent;
  }
}

import type { LivenessOutcome } from '@aircounter/protocol';

/**
 * The liveness check ended with a result: `passed` is the *server's*
 * decision (`decision`: pass/fail, a retry hint and the attempts left; the
 * signed decision with its scores goes to the agent and the evidence only). When the check could not produce evidence
 * at all (nobody got into the oval in time), `decision` is absent and
 * `failure` says why.
 */
export interface AirLivenessCompletedDetail {
  readonly passed: boolean;
  readonly decision?: LivenessOutcome;
  readonly failure?: 'timeout' | 'expired';
}

export type AirLivenessCompletedEvent = CustomEvent<AirLivenessCompletedDetail>;

declare global {
  interface GlobalEventHandlersEventMap {
    'air-liveness-completed': AirLivenessCompletedEvent;
  }
}

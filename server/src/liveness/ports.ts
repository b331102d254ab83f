import type { EventType, EvidenceEvent } from '@aircounter/evidence';
import type { LivenessDecision } from '@aircounter/protocol';

/** Signs the canonical JSON of a value (the evidence service's Ed25519 key ring does). */
export interface DecisionSigner {
  signCanonical(value: unknown): { keyId: string; signature: string };
}

/** Where liveness events and evidence frames go (the evidence service). */
export interface LivenessEvidenceSink {
  append<K extends EventType>(sessionId: string, event: EvidenceEvent<K>): Promise<unknown>;
  addFile?(
    sessionId: string,
    name: string,
    source: { bytes: Uint8Array },
    options?: { mediaType?: string },
  ): Promise<unknown>;
}

/** Tells the session's agents (and supervisors) about a decision. */
export type DecisionNotifier = (sessionId: string, peerId: string, decision: LivenessDecision) => void;

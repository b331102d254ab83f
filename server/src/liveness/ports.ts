import type { EventType, EvidenceEvent } from '@aircounter/evidence';
import type { LivenessDecision } from '@aircounter/protocol';

/** Signs the canonical JSON of a value (the evidence service's Ed25519 key ring does). */
export interface DecisionSigner {
  signCanonical(value: unknown): { keyId: string; signature: string };
}

/** Where liveness events and evidence frames go (the evidence service). */
export interface LivenessEvidenceSink {
  append<K extends EventType>(sessionId: string, event: EvidenceEvent<K>): Promise<unknown>;
  /** Stores a decision's frames together (written side by side, logged with one durable write), in this order. */
  addFiles?(
    sessionId: string,
    files: readonly { name: string; source: { bytes: Uint8Array }; mediaType?: string }[],
  ): Promise<unknown>;
}

/** Tells the session's agents (and supervisors) about a decision. */
export type DecisionNotifier = (sessionId: string, peerId: string, decision: LivenessDecision) => void;

/** What is kept of the bank's ID photo: its face descriptor and the photo's SHA-256, never the image. */
export interface IdPhotoReference {
  readonly descriptor: Float32Array;
  readonly sha256: string;
}

/** Where ID photo references are kept: the store's `id_photos` table (durable), or memory for a standalone service. */
export interface IdPhotoStore {
  put(sessionId: string, reference: IdPhotoReference): Promise<void>;
  get(sessionId: string): Promise<IdPhotoReference | undefined>;
  delete(sessionId: string): Promise<void>;
}

/** An {@link IdPhotoStore} in memory: references last as long as the process. */
export function memoryIdPhotoStore(): IdPhotoStore {
  const references = new Map<string, IdPhotoReference>();
  return {
    put: async (sessionId, reference) => {
      references.set(sessionId, reference);
    },
    get: async (sessionId) => references.get(sessionId),
    delete: async (sessionId) => {
      references.delete(sessionId);
    },
  };
}

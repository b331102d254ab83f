import type { PeerInfo } from '@aircounter/protocol';
import { participantScore, qualityFromScore } from './media/quality.ts';
import type { ConnectionQuality } from './types.ts';

export interface ParticipantRecord {
  readonly peerId: string;
  readonly role: PeerInfo['role'];
  readonly displayName: string;
  /** Effective score of each received track, by producer id. */
  readonly scores: Map<string, number>;
  quality: ConnectionQuality | undefined;
}

/** The other participants of a session, in join order, with their connection quality. */
export class ParticipantRoster {
  readonly #records = new Map<string, ParticipantRecord>();

  has(peerId: string): boolean {
    return this.#records.has(peerId);
  }

  peerIds(): string[] {
    return [...this.#records.keys()];
  }

  records(): ParticipantRecord[] {
    return [...this.#records.values()];
  }

  /** Adds `peer`; returns its record, or `undefined` when it was already there. */
  add(peer: PeerInfo): ParticipantRecord | undefined {
    if (this.#records.has(peer.peerId)) return undefined;
    const record: ParticipantRecord = {
      peerId: peer.peerId,
      role: peer.role,
      displayName: peer.displayName,
      scores: new Map(),
      quality: undefined,
    };
    this.#records.set(peer.peerId, record);
    return record;
  }

  remove(peerId: string): ParticipantRecord | undefined {
    const record = this.#records.get(peerId);
    this.#records.delete(peerId);
    return record;
  }

  forgetTrack(peerId: string, producerId: string): void {
    this.#records.get(peerId)?.scores.delete(producerId);
  }

  /**
   * Records the score of one received track; returns the participant's new
   * quality (the worst of their tracks), or `undefined` when nothing changed.
   */
  score(peerId: string, producerId: string, score: number): { quality: ConnectionQuality; score: number } | undefined {
    const record = this.#records.get(peerId);
    if (!record) return undefined;
    // A new consumer reports 0 until its first packets arrive: that is "not
    // measured yet", not "lost". Only a stream that had media can be lost.
    if (score === 0 && !record.scores.has(producerId)) return undefined;
    record.scores.set(producerId, score);
    const worst = participantScore(record.scores.values());
    if (worst === undefined) return undefined;
    record.quality = qualityFromScore(worst);
    return { quality: record.quality, score: worst };
  }
}

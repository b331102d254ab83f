import { EventEmitter } from 'node:events';
import {
  type ErrorCode,
  type MediaSource,
  type NotificationData,
  type NotificationName,
  type PeerInfo,
  type RecordingStatus,
} from '@aircounter/protocol';
import type { types } from 'mediasoup';
import type { Logger } from '../log.ts';
import type { PeerLink } from './link.ts';
import type { Peer, PeerProducer, RoomRole } from './peer.ts';

export type PeerLeftReason = NotificationData<'peerLeft'>['reason'];

/** What recording and evidence subscribe to (docs/architecture.md, "Room events"). */
export interface RoomEvents {
  peerJoined: [{ peerId: string; role: RoomRole; displayName: string }];
  peerLeft: [{ peerId: string; reason: PeerLeftReason }];
  /** Another connection now speaks for the peer (`tokenId`: the `jti` of the token it presented). */
  peerReconnected: [{ peerId: string; role: RoomRole; tokenId: string }];
  producerAdded: [{ peerId: string; role: RoomRole; producer: types.Producer; source: MediaSource }];
  producerClosed: [{ peerId: string; producerId: string }];
  closed: [{ reason: string; code?: ErrorCode }];
}

/**
 * The media side of one session: a mediasoup router on one worker and the
 * peers in it. It owns membership and fan-out; the signaling handlers drive
 * it. Listener errors are logged, never allowed to break the room.
 */
export class Room extends EventEmitter<RoomEvents> {
  readonly sessionId: string;
  readonly router: types.Router;
  readonly workerPid: number;
  readonly createdAt = Date.now();
  readonly peers = new Map<string, Peer>();
  /** Kept current by the recording service; sent to peers when they join. */
  recordingStatus: RecordingStatus = { state: 'idle', since: Date.now(), consentGiven: false };
  readonly #log: Logger;
  readonly #removalTimers = new Map<string, NodeJS.Timeout>();
  #closed = false;

  constructor(details: { sessionId: string; router: types.Router; workerPid: number; log: Logger }) {
    super();
    this.sessionId = details.sessionId;
    this.router = details.router;
    this.workerPid = details.workerPid;
    this.#log = details.log;
    details.router.on('workerclose', () => this.close('worker-died', 'WORKER_DIED'));
  }

  get closed(): boolean {
    return this.#closed;
  }

  peerInfos(exceptPeerId?: string): PeerInfo[] {
    return [...this.peers.values()].filter((peer) => peer.id !== exceptPeerId).map((peer) => peer.info());
  }

  /** The producer with this id, and its owner, from any peer in the room. */
  findProducer(producerId: string): { peer: Peer; entry: PeerProducer } | undefined {
    for (const peer of this.peers.values()) {
      const entry = peer.producers.get(producerId);
      if (entry) return { peer, entry };
    }
    return undefined;
  }

  addPeer(peer: Peer): void {
    this.peers.set(peer.id, peer);
    this.#log.info('peer joined', { peerId: peer.id, role: peer.role });
    this.#emitSafely('peerJoined', { peerId: peer.id, role: peer.role, displayName: peer.displayName });
    this.broadcast('peerJoined', { peer: peer.info() }, peer.id);
  }

  /**
   * A peer came back on a new connection within its grace period. Its old
   * transports (and so producers and consumers) are closed: the client builds
   * new ones, exactly as on a first join, and other peers see the old
   * producers close and the new ones appear.
   */
  resumePeer(peer: Peer, link: PeerLink, rtpCapabilities: types.RtpCapabilities, tokenId: string): void {
    this.#cancelRemoval(peer.id);
    peer.closeMedia();
    peer.rtpCapabilities = rtpCapabilities;
    peer.attach(link);
    this.#log.info('peer resumed after reconnect', { peerId: peer.id });
    // A new connection behind a seat may be a new person: everyone (and the evidence) is told.
    this.#emitSafely('peerReconnected', { peerId: peer.id, role: peer.role, tokenId });
    this.broadcast('peerReconnected', { peerId: peer.id }, peer.id);
  }

  /**
   * The peer's connection dropped without `leave`: keep its place for
   * `graceMs` so that a reconnect can resume, then remove it as disconnected.
   */
  holdPeer(peerId: string, link: PeerLink, graceMs: number): void {
    const peer = this.peers.get(peerId);
    // Another connection already took over this peer.
    if (!peer || peer.link !== link) return;
    peer.detach();
    if (graceMs <= 0) {
      this.removePeer(peerId, 'disconnected');
      return;
    }
    this.#cancelRemoval(peerId);
    this.#removalTimers.set(
      peerId,
      setTimeout(() => {
        this.#removalTimers.delete(peerId);
        this.removePeer(peerId, 'disconnected');
      }, graceMs),
    );
  }

  removePeer(peerId: string, reason: PeerLeftReason): void {
    const peer = this.peers.get(peerId);
    if (!peer) return;
    this.#cancelRemoval(peerId);
    peer.closeMedia();
    this.peers.delete(peerId);
    this.#log.info('peer left', { peerId, reason });
    this.#emitSafely('peerLeft', { peerId, reason });
    if (!this.#closed) this.broadcast('peerLeft', { peerId, reason });
  }

  /** Tracks a new producer, tells the other peers, and tells subscribers (recording). */
  addProducer(peer: Peer, producer: types.Producer, source: MediaSource): void {
    const producerId = producer.id;
    peer.producers.set(producerId, { producer, source });
    producer.observer.once('close', () => {
      peer.producers.delete(producerId);
      this.#emitSafely('producerClosed', { peerId: peer.id, producerId });
      if (!this.#closed) this.broadcast('producerClosed', { peerId: peer.id, producerId }, peer.id);
    });
    this.#emitSafely('producerAdded', { peerId: peer.id, role: peer.role, producer, source });
    this.broadcast(
      'producerAdded',
      { peerId: peer.id, producerId, kind: producer.kind, source, paused: producer.paused },
      peer.id,
    );
  }

  /** Pushes a notification to every peer in the room (except one, typically the author). */
  broadcast<N extends NotificationName>(name: N, data: NotificationData<N>, exceptPeerId?: string): void {
    for (const peer of this.peers.values()) if (peer.id !== exceptPeerId) peer.notify(name, data);
  }

  /**
   * Ends the room: peers get `sessionEnded {reason, code}` and are
   * disconnected, then the router (and every transport on it) closes. Without
   * a `code` (server shutdown) the session itself goes on: peers are
   * disconnected without `sessionEnded` and rejoin a fresh room later.
   */
  close(reason: string, code?: ErrorCode): void {
    if (this.#closed) return;
    this.#closed = true;
    for (const timer of this.#removalTimers.values()) clearTimeout(timer);
    this.#removalTimers.clear();
    for (const peer of this.peers.values()) {
      peer.end(reason, code);
      this.#emitSafely('peerLeft', { peerId: peer.id, reason: 'session-ended' });
    }
    this.peers.clear();
    if (!this.router.closed) this.router.close();
    this.#log.info('room closed', { reason, code });
    this.#emitSafely('closed', code === undefined ? { reason } : { reason, code });
  }

  #cancelRemoval(peerId: string): void {
    const timer = this.#removalTimers.get(peerId);
    if (timer === undefined) return;
    clearTimeout(timer);
    this.#removalTimers.delete(peerId);
  }

  #emitSafely<K extends keyof RoomEvents>(name: K, ...args: RoomEvents[K]): void {
    try {
      // The cast only bridges TypeScript's view of a generic key; names and payloads are checked above.
      (this.emit as (event: K, ...rest: RoomEvents[K]) => boolean)(name, ...args);
    } catch (error) {
      this.#log.error('room event listener failed', { event: name, error });
    }
  }
}

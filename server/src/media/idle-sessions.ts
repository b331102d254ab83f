import { AirError } from '@aircounter/protocol';
import type { Logger } from '../log.ts';
import type { SessionRegistry } from '../sessions.ts';
import type { Room } from './room.ts';
import type { RoomRegistry } from './rooms.ts';

/**
 * Ends sessions nobody is in: created and never joined, or joined and then
 * left by everyone (after their reconnect grace) without the bank ending
 * them. Each such session is ended with reason `idle-timeout` (written to its
 * evidence as `session.ended`), which closes its room and frees its router.
 * One timer per idle live session, none once it has ended.
 */
export class IdleSessionCloser {
  readonly #sessions: SessionRegistry;
  readonly #timeoutMs: number;
  readonly #log: Logger;
  readonly #timers = new Map<string, NodeJS.Timeout>();
  /** Sessions this node created for another node: ended idle only if nobody ever joined. */
  readonly #elsewhere = new Set<string>();

  constructor(details: { sessions: SessionRegistry; rooms: RoomRegistry; idleTimeoutSeconds: number; log: Logger }) {
    this.#sessions = details.sessions;
    this.#timeoutMs = details.idleTimeoutSeconds * 1000;
    this.#log = details.log;
    // With several nodes, the node that created a session hosted elsewhere keeps only its never-joined clock: once
    // someone joined, the hosting node (which sees the room) decides.
    details.sessions.on('created', (session) => {
      if (!details.sessions.hostsHere(session)) this.#elsewhere.add(session.id);
      this.#arm(session.id);
    });
    details.sessions.on('ended', (session) => {
      this.#disarm(session.id);
      this.#elsewhere.delete(session.id);
    });
    details.rooms.on('roomCreated', (room) => this.#follow(room));
  }

  /** Sessions whose idle clock is running. */
  get watching(): number {
    return this.#timers.size;
  }

  /**
   * Starts the idle clock of sessions this process found open at start-up
   * (nobody is in them yet: their participants rejoin after the restart).
   */
  watchOpen(sessionIds: readonly string[]): void {
    for (const sessionId of sessionIds) this.#arm(sessionId);
  }

  /** Stops every timer (server shutdown; the sessions stay open for the restarted server). */
  stop(): void {
    for (const timer of this.#timers.values()) clearTimeout(timer);
    this.#timers.clear();
  }

  #follow(room: Room): void {
    room.on('peerJoined', () => this.#disarm(room.sessionId));
    room.on('peerLeft', () => {
      // Emitted after the peer left the map: an empty room means nobody is there any more.
      if (room.peers.size === 0 && !room.closed) this.#arm(room.sessionId);
    });
  }

  /** Called for live sessions only (just created, found open, or a room of a live session emptied). */
  #arm(sessionId: string): void {
    this.#disarm(sessionId);
    const timer = setTimeout(() => {
      this.#timers.delete(sessionId);
      // `end` changes only a session not ended yet (in the store, atomically): ended meanwhile is a no-op.
      const onlyIfNeverJoined = this.#elsewhere.has(sessionId);
      this.#sessions.end(sessionId, 'idle-timeout', { onlyIfNeverJoined }).then(
        (ended) => {
          this.#elsewhere.delete(sessionId);
          if (ended) this.#log.info('ended an idle session', { sessionId, idleSeconds: this.#timeoutMs / 1000 });
        },
        (error: unknown) => {
          if (error instanceof AirError && error.code === 'SESSION_NOT_FOUND') return;
          // The store was unavailable: the session is still idle, so its clock starts again.
          this.#log.warn('idle session not ended; will try again', { sessionId, error });
          if (!this.#timers.has(sessionId)) this.#arm(sessionId);
        },
      );
    }, this.#timeoutMs);
    timer.unref();
    this.#timers.set(sessionId, timer);
  }

  #disarm(sessionId: string): void {
    const timer = this.#timers.get(sessionId);
    if (timer === undefined) return;
    clearTimeout(timer);
    this.#timers.delete(sessionId);
  }
}

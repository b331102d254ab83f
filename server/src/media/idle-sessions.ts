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

  constructor(details: { sessions: SessionRegistry; rooms: RoomRegistry; idleTimeoutSeconds: number; log: Logger }) {
    this.#sessions = details.sessions;
    this.#timeoutMs = details.idleTimeoutSeconds * 1000;
    this.#log = details.log;
    details.sessions.on('created', (session) => this.#arm(session.id));
    details.sessions.on('ended', (session) => this.#disarm(session.id));
    details.rooms.on('roomCreated', (room) => this.#follow(room));
  }

  /** Sessions whose idle clock is running. */
  get watching(): number {
    return this.#timers.size;
  }

  /** Stops every timer (server shutdown ends the sessions itself). */
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

  #arm(sessionId: string): void {
    if (this.#sessions.get(sessionId)?.status === 'ended') return;
    this.#disarm(sessionId);
    const timer = setTimeout(() => {
      this.#timers.delete(sessionId);
      const session = this.#sessions.get(sessionId);
      if (!session || session.status === 'ended') return;
      this.#log.info('ending an idle session', { sessionId, idleSeconds: this.#timeoutMs / 1000 });
      this.#sessions.end(sessionId, 'idle-timeout');
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

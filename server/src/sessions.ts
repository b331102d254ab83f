import { randomUUID } from 'node:crypto';
import { EventEmitter } from 'node:events';
import { AirError, type ErrorCode } from '@aircounter/protocol';

/** created: the bank opened it; active: someone joined; ended: closed for good. */
export type SessionStatus = 'created' | 'active' | 'ended';

export interface Session {
  readonly id: string;
  /** The bank's own reference (case or application number). */
  readonly reference: string | undefined;
  readonly agentId: string | undefined;
  readonly status: SessionStatus;
  /** Wall-clock ms. */
  readonly createdAt: number;
  readonly activatedAt: number | undefined;
  readonly endedAt: number | undefined;
  readonly endReason: EndReason | undefined;
}

/** Why a session ended, as told to its peers in `sessionEnded` and the close code. */
export const END_REASONS = {
  ended: 'SESSION_ENDED',
  /** Nobody joined, or everyone left, for AIR_SESSION_IDLE_TIMEOUT_S. */
  'idle-timeout': 'SESSION_ENDED',
  'worker-died': 'WORKER_DIED',
  // The customer declined or withdrew consent and the bank ends such sessions (AIR_RECORDING_CONSENT_DECLINE=end).
  'consent-declined': 'SESSION_ENDED',
  'consent-withdrawn': 'SESSION_ENDED',
  // Not an error: the server is going away (close code 1001).
  'server-shutdown': undefined,
} as const satisfies Record<string, ErrorCode | undefined>;
export type EndReason = keyof typeof END_REASONS;

export function endCode(reason: string | undefined): ErrorCode | undefined {
  return reason !== undefined && Object.hasOwn(END_REASONS, reason)
    ? END_REASONS[reason as EndReason]
    : 'SESSION_ENDED';
}

export interface SessionEvents {
  created: [Session];
  activated: [Session];
  ended: [Session];
}

/**
 * The sessions the bank back end opened, in memory. A session outlives its
 * media room (rooms come and go with workers) but not the process: live
 * media cannot survive a restart either, and the durable record of a
 * session is its evidence log. Ended sessions are forgotten after
 * `retentionSeconds`.
 */
export class SessionRegistry extends EventEmitter<SessionEvents> {
  readonly #sessions = new Map<string, Session>();
  readonly #retentionMs: number;
  readonly #now: () => number;

  constructor(options: { retentionSeconds: number; now?: () => number }) {
    super();
    this.#retentionMs = options.retentionSeconds * 1000;
    this.#now = options.now ?? Date.now;
  }

  create(details: { reference?: string | undefined; agentId?: string | undefined }): Session {
    this.#forgetExpired();
    const session: Session = {
      id: randomUUID(),
      reference: details.reference,
      agentId: details.agentId,
      status: 'created',
      createdAt: this.#now(),
      activatedAt: undefined,
      endedAt: undefined,
      endReason: undefined,
    };
    this.#sessions.set(session.id, session);
    this.emit('created', session);
    return session;
  }

  get(id: string): Session | undefined {
    return this.#sessions.get(id);
  }

  /** The session, or SESSION_NOT_FOUND. */
  require(id: string): Session {
    const session = this.#sessions.get(id);
    if (!session) throw new AirError('SESSION_NOT_FOUND', `no session ${id}`);
    return session;
  }

  /** The session if it can still be joined, else SESSION_NOT_FOUND or SESSION_ENDED. */
  requireLive(id: string): Session {
    const session = this.require(id);
    if (session.status === 'ended') throw new AirError('SESSION_ENDED', `session ${id} has ended`);
    return session;
  }

  list(): Session[] {
    return [...this.#sessions.values()];
  }

  /** Marks the session active on its first join. */
  markActive(id: string): void {
    const session = this.#sessions.get(id);
    if (!session || session.status !== 'created') return;
    const active: Session = { ...session, status: 'active', activatedAt: this.#now() };
    this.#sessions.set(id, active);
    this.emit('activated', active);
  }

  /** Ends the session; listeners close its room and sockets. Returns false if it had already ended. */
  end(id: string, reason: EndReason): boolean {
    const session = this.require(id);
    if (session.status === 'ended') return false;
    const ended: Session = { ...session, status: 'ended', endedAt: this.#now(), endReason: reason };
    this.#sessions.set(id, ended);
    this.emit('ended', ended);
    return true;
  }

  #forgetExpired(): void {
    const horizon = this.#now() - this.#retentionMs;
    for (const [id, session] of this.#sessions) {
      if (session.endedAt !== undefined && session.endedAt < horizon) this.#sessions.delete(id);
    }
  }
}

import { randomUUID } from 'node:crypto';
import { EventEmitter } from 'node:events';
import { AirError, type ErrorCode } from '@aircounter/protocol';
import {
  END_REASONS,
  type EndReason,
  type Session,
  type SessionRepository,
  type SessionStatus,
} from './store/sessions-repository.ts';

export { END_REASONS, type EndReason, type Session, type SessionStatus };

/** The error code a session's end is announced with (SESSION_ENDED for a reason we do not know). */
export function endCode(reason: string | undefined): ErrorCode {
  return reason !== undefined && Object.hasOwn(END_REASONS, reason)
    ? END_REASONS[reason as EndReason]
    : 'SESSION_ENDED';
}

/** Several nodes: where sessions are placed and who handles an end (server/src/nodes/cluster.ts). */
export interface SessionPlacement {
  readonly nodeId: string;
  place(details: { id: string; reference?: string | undefined; agentId?: string | undefined }): Promise<Session>;
  handlesEndOf(session: Session): Promise<boolean>;
  /** An end made here of a session another node hosts: that node is told to handle it now. */
  announceEnd(session: Session): Promise<void>;
}

export interface SessionEvents {
  created: [Session];
  activated: [Session];
  ended: [Session];
}

/**
 * The sessions the bank back end opened, kept in the store so that they
 * outlive the process: a restarted server finds its open sessions and their
 * clients rejoin. This class adds the rules (what may be joined) and tells
 * the rest of the server about changes made here (`created`, `activated`,
 * `ended`), emitted only by the call whose write changed the row — when two
 * nodes race to end a session, one of them announces it. With several nodes
 * (`placement`), `ended` is announced by the node that hosts the session (or
 * by the ender when that node is dead): a REST call on another node only
 * ends the row, and the hosting node claims that end at its next heartbeat
 * and announces it there (`announceClaimedEnd`).
 */
export class SessionRegistry extends EventEmitter<SessionEvents> {
  readonly #repository: SessionRepository;
  readonly #placement: SessionPlacement | undefined;
  #accepting = true;

  constructor(repository: SessionRepository, placement?: SessionPlacement) {
    super();
    this.#repository = repository;
    this.#placement = placement;
  }

  /** Whether this node hosts the session's room (always on a single node). */
  hostsHere(session: Session): boolean {
    return this.#placement === undefined || session.nodeId === this.#placement.nodeId;
  }

  /** From now on `create` refuses with SHUTTING_DOWN (graceful shutdown). */
  stopAccepting(): void {
    this.#accepting = false;
  }

  async create(details: { reference?: string | undefined; agentId?: string | undefined }): Promise<Session> {
    if (!this.#accepting) throw new AirError('SHUTTING_DOWN', 'the server is shutting down; no new sessions');
    const id = randomUUID();
    const session = this.#placement
      ? await this.#placement.place({ id, ...details })
      : await this.#repository.create({ id, ...details });
    this.emit('created', session);
    return session;
  }

  get(id: string): Promise<Session | undefined> {
    return this.#repository.get(id);
  }

  /** The session, or SESSION_NOT_FOUND. */
  async require(id: string): Promise<Session> {
    const session = await this.#repository.get(id);
    if (!session) throw new AirError('SESSION_NOT_FOUND', `no session ${id}`);
    return session;
  }

  /** The session if it can still be joined, else SESSION_NOT_FOUND or SESSION_ENDED. */
  async requireLive(id: string): Promise<Session> {
    const session = await this.require(id);
    if (session.status === 'ended') throw new AirError('SESSION_ENDED', `session ${id} has ended`);
    return session;
  }

  /** Sessions not ended yet (created or active), oldest first. */
  listOpen(): Promise<Session[]> {
    return this.#repository.listOpen();
  }

  /** Records a participant's join and marks the session active on its first one. */
  async recordJoin(id: string, peer: { peerId: string; role: string; displayName: string }): Promise<void> {
    await this.#repository.recordJoin(id, peer);
    const activated = await this.#repository.activate(id);
    if (activated) this.emit('activated', activated);
  }

  /**
   * Ends the session; listeners close its room and sockets and seal its
   * evidence. Returns false if it had already ended; SESSION_NOT_FOUND if it
   * does not exist.
   */
  async end(id: string, reason: EndReason, options: { onlyIfNeverJoined?: boolean } = {}): Promise<boolean> {
    const placement = this.#placement;
    if (!placement) {
      const ended = await this.#repository.end(id, reason);
      if (ended) {
        this.emit('ended', ended);
        return true;
      }
      await this.require(id);
      return false;
    }
    const current = await this.require(id);
    if (current.status === 'ended') return false;
    const here = await placement.handlesEndOf(current);
    const ended = await this.#repository.end(id, reason, {
      endedBy: placement.nodeId,
      handledBy: here ? placement.nodeId : undefined,
      onlyIfNeverJoined: options.onlyIfNeverJoined === true,
    });
    if (!ended) return false;
    if (here) this.emit('ended', ended);
    else await placement.announceEnd(ended);
    return true;
  }

  /** Several nodes: announces an end this node claimed from the store (made through another node). */
  announceClaimedEnd(session: Session): void {
    this.emit('ended', session);
  }
}

import { AirError } from '@aircounter/protocol';
import type { NodesConfig } from '../config.ts';
import type { Logger } from '../log.ts';
import type { Db, DbListener } from '../store/db.ts';
import type { NodeRecord, NodeRepository } from '../store/nodes-repository.ts';
import type { Session, SessionRepository } from '../store/sessions-repository.ts';

/** The signaling endpoint of a node's base URL (`https://n1.kyc.bank/x` → `wss://n1.kyc.bank/x/signaling`). */
export function nodeSignalingUrl(baseUrl: string): string {
  const url = new URL(baseUrl);
  url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
  url.pathname = `${url.pathname.replace(/\/+$/, '')}/signaling`;
  return url.href;
}

/** The `NOTIFY` channel of session ends made through a node that does not host them; the payload is the host's id. */
export const SESSION_ENDED_CHANNEL = 'air_session_ended';

/** Where a session's clients connect. */
export interface SessionRoute {
  readonly nodeId: string;
  readonly signalingUrl: string;
}

/**
 * This node's membership of a group of nodes sharing one PostgreSQL
 * (docs/operations.md, "Several nodes"): it registers, beats, decides where a
 * session runs, and picks up the ends of its sessions that another node's
 * REST call made. Every decision between nodes is one conditional statement
 * in the database (placement under an advisory lock, a move from a dead node,
 * the claim of an unhandled end), so two nodes never both win.
 */
export class Cluster {
  readonly nodeId: string;
  readonly #config: NodesConfig;
  readonly #nodes: NodeRepository;
  readonly #sessions: SessionRepository;
  readonly #log: Logger;
  /** Told about each session end this node claimed from the database (made through another node). */
  readonly #onEndClaimed: (session: Session) => void;
  /** Where `NOTIFY` and `LISTEN` go: an end made through another node reaches the host at once. */
  readonly #db: Pick<Db, 'query' | 'listen'> | undefined;
  #timer: NodeJS.Timeout | undefined;
  #beating: Promise<void> | undefined;
  #url: string | undefined;
  #listener: DbListener | undefined;

  constructor(details: {
    config: NodesConfig;
    nodes: NodeRepository;
    sessions: SessionRepository;
    log: Logger;
    onEndClaimed: (session: Session) => void;
    db?: Pick<Db, 'query' | 'listen'>;
  }) {
    this.nodeId = details.config.id;
    this.#config = details.config;
    this.#nodes = details.nodes;
    this.#sessions = details.sessions;
    this.#log = details.log;
    this.#onEndClaimed = details.onEndClaimed;
    this.#db = details.db;
  }

  /** Registers this node at `url` (once it listens) and starts the heartbeat. */
  async start(url: string): Promise<void> {
    this.#url = url;
    await this.#nodes.register({ id: this.nodeId, url, capacity: this.#config.capacity });
    this.#log.info('node registered', { nodeId: this.nodeId, url, capacity: this.#config.capacity });
    this.#timer = setInterval(() => this.#beatNow(), this.#config.heartbeatMs);
    this.#timer.unref();
    // Ends made through another node: told at once; the beat still claims whatever a lost notification left.
    try {
      this.#listener = await this.#db?.listen?.(
        SESSION_ENDED_CHANNEL,
        (nodeId) => {
          if (nodeId === this.nodeId) this.#beatNow();
        },
        (error) => this.#log.warn('listening for session ends failed; ends are picked up at the heartbeat', { error }),
      );
    } catch (error) {
      this.#log.warn('cannot listen for session ends; they are picked up at the heartbeat', { error });
    }
  }

  /** A beat now, or the one running (one at a time). */
  #beatNow(): void {
    this.#beating ??= this.beat().finally(() => {
      this.#beating = undefined;
    });
  }

  /**
   * An end made here of a session another live node hosts: that node is told
   * (`NOTIFY`) and handles it at once instead of at its next beat.
   */
  async announceEnd(session: Session): Promise<void> {
    if (session.nodeId === undefined || session.nodeId === this.nodeId || this.#db === undefined) return;
    try {
      await this.#db.query('SELECT pg_notify($1, $2)', [SESSION_ENDED_CHANNEL, session.nodeId]);
    } catch (error) {
      this.#log.warn('could not tell the host of an end; it picks it up at its heartbeat', {
        sessionId: session.id,
        error,
      });
    }
  }

  /**
   * One heartbeat: this node is alive, and the ends of its sessions (or of a
   * dead node's) that nobody handled yet are claimed and handled here.
   */
  async beat(): Promise<void> {
    try {
      if (!(await this.#nodes.heartbeat(this.nodeId)) && this.#url !== undefined) {
        // Declared gone (a clean leave, or the row removed by hand): come back.
        await this.#nodes.register({ id: this.nodeId, url: this.#url, capacity: this.#config.capacity });
        this.#log.warn('node registered again after losing its registration', { nodeId: this.nodeId });
      }
      const live = await this.#nodes.liveIds(this.#config.deadAfterMs);
      for (const session of await this.#sessions.claimUnhandledEnds(this.nodeId, live)) {
        this.#log.info('session ended through another node; closing it here', {
          sessionId: session.id,
          placedOn: session.nodeId,
        });
        this.#onEndClaimed(session);
      }
    } catch (error) {
      this.#log.warn('node heartbeat failed; retried at the next beat', { error });
    }
  }

  /** Stops the heartbeat and leaves the registry (graceful shutdown): the node is dead for the others at once. */
  async leave(): Promise<void> {
    clearInterval(this.#timer);
    await this.#listener?.close();
    this.#listener = undefined;
    await this.#beating;
    if (this.#url === undefined) return;
    await this.#nodes.leave(this.nodeId);
    this.#log.info('node left the registry', { nodeId: this.nodeId });
  }

  /** Creates a session on the least loaded live node with room (NODES_FULL when none has). */
  async place(details: { id: string; reference?: string | undefined; agentId?: string | undefined }): Promise<Session> {
    const { session, node } = await this.#nodes.placeNew(details, this.#config.deadAfterMs);
    this.#log.info('session placed', { sessionId: session.id, nodeId: node.id, load: node.load + 1 });
    return session;
  }

  /** Whether this node handles a session's end now: it hosts the session, or its node is dead. */
  async handlesEndOf(session: Session): Promise<boolean> {
    if (session.nodeId === undefined || session.nodeId === this.nodeId) return true;
    return !(await this.isAlive(session.nodeId));
  }

  /**
   * Where a session's clients connect: its node while that is alive; else
   * the session moves to the least loaded live node with room first.
   */
  async route(session: Session): Promise<SessionRoute> {
    let current = session;
    for (let attempt = 0; attempt < 3; attempt++) {
      const owner = current.nodeId === undefined ? undefined : await this.#nodes.get(current.nodeId, this.#deadAfter);
      if (owner?.alive) return { nodeId: owner.id, signalingUrl: nodeSignalingUrl(owner.url) };
      const moved = await this.#nodes.placeAgain(current.id, current.nodeId, this.#deadAfter);
      if (moved) {
        this.#log.warn('session moved off a dead node', {
          sessionId: current.id,
          from: current.nodeId,
          to: moved.node.id,
        });
        return { nodeId: moved.node.id, signalingUrl: nodeSignalingUrl(moved.node.url) };
      }
      // Another node moved it first: read where to.
      const again = await this.#sessions.get(current.id);
      if (!again || again.status === 'ended') throw new AirError('SESSION_ENDED', `session ${current.id} has ended`);
      current = again;
    }
    throw new AirError('STORE_UNAVAILABLE', 'the session keeps moving between nodes; retry');
  }

  /**
   * A participant's connection reached this node: accepted when the session
   * is placed here; adopted (moved here, one conditional update) when its
   * node is dead; refused with SESSION_ON_OTHER_NODE, naming where to go,
   * while another live node hosts it.
   */
  async admit(session: Session): Promise<void> {
    if (session.nodeId === this.nodeId) return;
    const owner = session.nodeId === undefined ? undefined : await this.#nodes.get(session.nodeId, this.#deadAfter);
    if (owner?.alive) throw this.#elsewhere(owner);
    const adopted = await this.#sessions.moveToNode(session.id, session.nodeId, this.nodeId);
    if (adopted) {
      this.#log.warn('adopted a session of a dead node', { sessionId: session.id, from: session.nodeId });
      return;
    }
    const again = await this.#sessions.get(session.id);
    if (!again || again.status === 'ended') throw new AirError('SESSION_ENDED', `session ${session.id} has ended`);
    if (again.nodeId === this.nodeId) return;
    const winner = again.nodeId === undefined ? undefined : await this.#nodes.get(again.nodeId, this.#deadAfter);
    if (winner) throw this.#elsewhere(winner);
    throw new AirError('STORE_UNAVAILABLE', 'the session is moving between nodes; retry');
  }

  get #deadAfter(): number {
    return this.#config.deadAfterMs;
  }

  /** Whether a node's heartbeat is recent and it has not left. */
  async isAlive(nodeId: string): Promise<boolean> {
    return (await this.#nodes.get(nodeId, this.#deadAfter))?.alive ?? false;
  }

  #elsewhere(node: NodeRecord): AirError {
    return new AirError(
      'SESSION_ON_OTHER_NODE',
      `this session runs on node ${node.id} (${nodeSignalingUrl(node.url)}); reconnect with a fresh join token`,
    );
  }
}

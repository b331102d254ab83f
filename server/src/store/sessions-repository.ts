import { type ErrorCode } from '@aircounter/protocol';
import * as v from 'valibot';
import type { Queryable } from './db.ts';
import { msOrUndefined, NullableText, NullableTimestamp, parseRow, Timestamp } from './rows.ts';

/** created: the bank opened it; active: someone joined; ended: closed for good. */
export const SESSION_STATUSES = ['created', 'active', 'ended'] as const;
export type SessionStatus = (typeof SESSION_STATUSES)[number];

/** Why a session ended, as told to its peers in `sessionEnded` and the close code. */
export const END_REASONS = {
  ended: 'SESSION_ENDED',
  /** Nobody joined, or everyone left, for AIR_SESSION_IDLE_TIMEOUT_S. */
  'idle-timeout': 'SESSION_ENDED',
  'worker-died': 'WORKER_DIED',
  // The customer declined or withdrew consent and the bank ends such sessions (AIR_RECORDING_CONSENT_DECLINE=end).
  'consent-declined': 'SESSION_ENDED',
  'consent-withdrawn': 'SESSION_ENDED',
} as const satisfies Record<string, ErrorCode>;
export type EndReason = keyof typeof END_REASONS;

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
  /** Several nodes: the node hosting the session's room (undefined on a single node). */
  readonly nodeId: string | undefined;
  /** Several nodes: the node that closed the ended session's room and sealed its package (undefined: not yet). */
  readonly endHandledBy: string | undefined;
}

export interface Participant {
  readonly peerId: string;
  readonly role: string;
  readonly displayName: string;
  readonly firstJoinedAt: number;
  readonly lastJoinedAt: number;
  /** Joins, reconnections included. */
  readonly joins: number;
}

const SessionRow = v.object({
  id: v.string(),
  reference: NullableText,
  agent_id: NullableText,
  status: v.picklist(SESSION_STATUSES),
  created_at: Timestamp,
  activated_at: NullableTimestamp,
  ended_at: NullableTimestamp,
  end_reason: v.nullable(v.picklist(Object.keys(END_REASONS) as EndReason[])),
  node_id: NullableText,
  end_handled_by: NullableText,
});

const ParticipantRow = v.object({
  peer_id: v.string(),
  role: v.string(),
  display_name: v.string(),
  first_joined_at: Timestamp,
  last_joined_at: Timestamp,
  joins: v.number(),
});

const COLUMNS =
  'id, reference, agent_id, status, created_at, activated_at, ended_at, end_reason, node_id, end_handled_by';

function toSession(row: Readonly<Record<string, unknown>>): Session {
  const r = parseRow(SessionRow, row, 'sessions');
  return {
    id: r.id,
    reference: r.reference ?? undefined,
    agentId: r.agent_id ?? undefined,
    status: r.status,
    createdAt: r.created_at.getTime(),
    activatedAt: msOrUndefined(r.activated_at),
    endedAt: msOrUndefined(r.ended_at),
    endReason: r.end_reason ?? undefined,
    nodeId: r.node_id ?? undefined,
    endHandledBy: r.end_handled_by ?? undefined,
  };
}

/**
 * The sessions table and its participants. Every state change is one
 * conditional statement (`UPDATE … WHERE status = … RETURNING`), so when two
 * nodes race — both ending a session, both activating it — exactly one gets
 * the row back and acts on it.
 */
export class SessionRepository {
  readonly #db: Queryable;
  readonly #now: () => number;

  constructor(db: Queryable, now: () => number = Date.now) {
    this.#db = db;
    this.#now = now;
  }

  async create(details: {
    id: string;
    reference?: string | undefined;
    agentId?: string | undefined;
    /** The node hosting it (several nodes). */
    nodeId?: string | undefined;
  }): Promise<Session> {
    const [row] = await this.#db.query(
      `INSERT INTO sessions (id, reference, agent_id, status, created_at, node_id)
       VALUES ($1, $2, $3, 'created', $4, $5) RETURNING ${COLUMNS}`,
      [details.id, details.reference ?? null, details.agentId ?? null, new Date(this.#now()), details.nodeId ?? null],
    );
    if (!row) throw new Error('session insert returned no row');
    return toSession(row);
  }

  async get(id: string): Promise<Session | undefined> {
    const [row] = await this.#db.query(`SELECT ${COLUMNS} FROM sessions WHERE id = $1`, [id]);
    return row ? toSession(row) : undefined;
  }

  /** Sessions not ended yet, oldest first. */
  async listOpen(): Promise<Session[]> {
    const rows = await this.#db.query(
      `SELECT ${COLUMNS} FROM sessions WHERE status <> 'ended' ORDER BY created_at, id`,
    );
    return rows.map(toSession);
  }

  /** created → active. The session if this call activated it; undefined if it was not `created`. */
  async activate(id: string): Promise<Session | undefined> {
    const [row] = await this.#db.query(
      `UPDATE sessions SET status = 'active', activated_at = $2
       WHERE id = $1 AND status = 'created' RETURNING ${COLUMNS}`,
      [id, new Date(this.#now())],
    );
    return row ? toSession(row) : undefined;
  }

  /**
   * → ended. The ended session if this call ended it; undefined if it was ended already or does not exist.
   * `handledBy` names the node that closes its room and seals it now; undefined leaves that to the session's
   * node, which picks the end up with {@link claimUnhandledEnds}.
   */
  async end(
    id: string,
    reason: EndReason,
    by: { endedBy?: string | undefined; handledBy?: string | undefined; onlyIfNeverJoined?: boolean } = {},
  ): Promise<Session | undefined> {
    const [row] = await this.#db.query(
      `UPDATE sessions SET status = 'ended', ended_at = $2, end_reason = $3, ended_by = $4, end_handled_by = $5
       WHERE id = $1 AND status <> 'ended' AND (NOT $6::boolean OR status = 'created') RETURNING ${COLUMNS}`,
      [id, new Date(this.#now()), reason, by.endedBy ?? null, by.handledBy ?? null, by.onlyIfNeverJoined === true],
    );
    return row ? toSession(row) : undefined;
  }

  /**
   * Ended sessions nobody has handled yet whose node is `nodeId` or not among `liveNodeIds` (it died before
   * picking the end up), now marked as handled by `nodeId`: each row is returned to exactly one caller.
   */
  async claimUnhandledEnds(nodeId: string, liveNodeIds: readonly string[], limit = 100): Promise<Session[]> {
    const rows = await this.#db.query(
      `UPDATE sessions SET end_handled_by = $1
       WHERE id IN (
         SELECT id FROM sessions
         WHERE status = 'ended' AND end_handled_by IS NULL
           AND (node_id = $1 OR node_id IS NULL OR NOT (node_id = ANY($2::text[])))
         ORDER BY ended_at, id LIMIT $3 FOR UPDATE SKIP LOCKED
       ) AND end_handled_by IS NULL
       RETURNING ${COLUMNS}`,
      [nodeId, [...liveNodeIds], limit],
    );
    return rows.map(toSession);
  }

  /**
   * Moves an open session from node `from` (undefined: not placed) to `to`: one conditional statement, so
   * when two nodes race to adopt a session whose node died, exactly one gets the row back.
   */
  async moveToNode(id: string, from: string | undefined, to: string): Promise<Session | undefined> {
    const [row] = await this.#db.query(
      `UPDATE sessions SET node_id = $3
       WHERE id = $1 AND status <> 'ended' AND node_id IS NOT DISTINCT FROM $2 RETURNING ${COLUMNS}`,
      [id, from ?? null, to],
    );
    return row ? toSession(row) : undefined;
  }

  /** Records a join (first or again after a reconnection). */
  async recordJoin(sessionId: string, peer: { peerId: string; role: string; displayName: string }): Promise<void> {
    await this.#db.query(
      `INSERT INTO session_participants (session_id, peer_id, role, display_name, first_joined_at, last_joined_at)
       VALUES ($1, $2, $3, $4, $5, $5)
       ON CONFLICT (session_id, peer_id) DO UPDATE
         SET last_joined_at = excluded.last_joined_at, display_name = excluded.display_name,
             joins = session_participants.joins + 1`,
      [sessionId, peer.peerId, peer.role, peer.displayName, new Date(this.#now())],
    );
  }

  async participants(sessionId: string): Promise<Participant[]> {
    const rows = await this.#db.query(
      `SELECT peer_id, role, display_name, first_joined_at, last_joined_at, joins
       FROM session_participants WHERE session_id = $1 ORDER BY first_joined_at, peer_id`,
      [sessionId],
    );
    return rows.map((row) => {
      const r = parseRow(ParticipantRow, row, 'session_participants');
      return {
        peerId: r.peer_id,
        role: r.role,
        displayName: r.display_name,
        firstJoinedAt: r.first_joined_at.getTime(),
        lastJoinedAt: r.last_joined_at.getTime(),
        joins: r.joins,
      };
    });
  }

  /** Forgets sessions that ended before `before` (ms), with their participants and ID photos. Returns how many. */
  async deleteEndedBefore(before: number): Promise<number> {
    const rows = await this.#db.query(`DELETE FROM sessions WHERE status = 'ended' AND ended_at < $1 RETURNING id`, [
      new Date(before),
    ]);
    return rows.length;
  }
}

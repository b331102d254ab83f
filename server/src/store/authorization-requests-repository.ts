import {
  AirError,
  AUTHORIZATION_DECISIONS,
  AUTHORIZATION_STATUSES,
  type AuthorizationDecisionKind,
  type AuthorizationStatus,
} from '@aircounter/protocol';
import * as v from 'valibot';
import type { Db, Queryable, Row } from './db.ts';
import { NullableTimestamp, parseRow, Timestamp } from './rows.ts';

/** An artifact of the session attached to a request. */
export interface AttachmentRef {
  readonly kind: string;
  readonly sha256: string;
  readonly mediaType: string;
}

export interface VoteRecord {
  readonly authorizerId: string;
  readonly displayName: string;
  readonly level: number;
  readonly decision: AuthorizationDecisionKind;
  readonly reasonCode: string;
  readonly comment: string;
  readonly decidedAt: number;
  readonly decisionSha256: string;
}

export interface NewAuthorizationRequest {
  readonly id: string;
  readonly sessionId: string;
  readonly requestedBy: string;
  readonly operationType: string;
  readonly amount: number;
  readonly currency: string;
  readonly reason: string;
  readonly note: string;
  readonly attachments: readonly AttachmentRef[];
  readonly rulesVersion: number;
  readonly level: number;
  readonly approvals: number;
  readonly slaSeconds: number;
  readonly escalationLevel: number | null;
  readonly createdAt: number;
  readonly deadlineAt: number;
}

export interface AuthorizationRecord extends NewAuthorizationRequest {
  readonly status: AuthorizationStatus;
  readonly closedAt: number | null;
  readonly votes: readonly VoteRecord[];
  /** Authorizers the request was offered to, with the level it had then. */
  readonly assignees: readonly { readonly authorizerId: string; readonly level: number }[];
}

export type FinalStatus = Exclude<AuthorizationStatus, 'pending'>;

const RequestRow = v.object({
  id: v.string(),
  session_id: v.string(),
  requested_by: v.string(),
  operation_type: v.string(),
  amount: v.union([v.string(), v.number()]),
  currency: v.string(),
  reason: v.string(),
  note: v.string(),
  attachments: v.string(),
  rules_version: v.number(),
  level: v.number(),
  approvals: v.number(),
  sla_seconds: v.number(),
  escalation_level: v.nullable(v.number()),
  status: v.picklist(AUTHORIZATION_STATUSES),
  created_at: Timestamp,
  deadline_at: Timestamp,
  closed_at: NullableTimestamp,
});
const VoteRow = v.object({
  request_id: v.string(),
  authorizer_id: v.string(),
  display_name: v.string(),
  level: v.number(),
  decision: v.picklist(AUTHORIZATION_DECISIONS),
  reason_code: v.string(),
  comment: v.string(),
  decided_at: Timestamp,
  decision_sha256: v.string(),
});
const AssignmentRow = v.object({ request_id: v.string(), authorizer_id: v.string(), level: v.number() });
const Attachments = v.array(v.object({ kind: v.string(), sha256: v.string(), mediaType: v.string() }));

const REQUEST_COLUMNS = `id, session_id, requested_by, operation_type, amount::text AS amount, currency, reason, note,
  attachments, rules_version, level, approvals, sla_seconds, escalation_level, status, created_at, deadline_at, closed_at`;

/** Most requests one listing returns (a desk queue, a session's history, one sweep). */
export const MAX_LISTED_REQUESTS = 500;

/**
 * Authorization requests with their assignments and votes (one aggregate).
 * Every state change is a conditional update on the request's current state,
 * so two nodes (two desks voting, two sweepers) can never both win: one vote
 * per authorizer is the votes table's primary key, a request leaves `pending`
 * once.
 */
export class AuthorizationRequestRepository {
  readonly #db: Db;

  constructor(db: Db) {
    this.#db = db;
  }

  /** Inserts a pending request unless the session already has `maxPending` (AUTHZ_LIMIT_REACHED). */
  async create(request: NewAuthorizationRequest, maxPending: number): Promise<AuthorizationRecord> {
    await this.#db.transaction(async (tx) => {
      // Serializes creations of one session so two at once cannot both pass the limit.
      await tx.query('SELECT id FROM sessions WHERE id = $1 FOR UPDATE', [request.sessionId]);
      const [row] = await tx.query(
        `SELECT count(*)::int AS pending FROM authorization_requests WHERE session_id = $1 AND status = 'pending'`,
        [request.sessionId],
      );
      if (Number(row?.['pending'] ?? 0) >= maxPending) {
        throw new AirError('AUTHZ_LIMIT_REACHED', `a session has at most ${maxPending} pending authorization requests`);
      }
      await tx.query(
        `INSERT INTO authorization_requests (id, session_id, requested_by, operation_type, amount, currency, reason,
           note, attachments, rules_version, level, approvals, sla_seconds, escalation_level, status, created_at,
           deadline_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, 'pending', $15, $16)`,
        [
          request.id,
          request.sessionId,
          request.requestedBy,
          request.operationType,
          request.amount,
          request.currency,
          request.reason,
          request.note,
          JSON.stringify(request.attachments),
          request.rulesVersion,
          request.level,
          request.approvals,
          request.slaSeconds,
          request.escalationLevel,
          new Date(request.createdAt),
          new Date(request.deadlineAt),
        ],
      );
    });
    return this.#require(request.id);
  }

  async get(id: string): Promise<AuthorizationRecord | undefined> {
    const rows = await this.#db.query(`SELECT ${REQUEST_COLUMNS} FROM authorization_requests WHERE id = $1`, [id]);
    return (await this.#withDetails(this.#db, rows))[0];
  }

  async listForSession(sessionId: string): Promise<AuthorizationRecord[]> {
    const rows = await this.#db.query(
      `SELECT ${REQUEST_COLUMNS} FROM authorization_requests WHERE session_id = $1 ORDER BY created_at LIMIT $2`,
      [sessionId, MAX_LISTED_REQUESTS],
    );
    return this.#withDetails(this.#db, rows);
  }

  /** Pending requests offered to `authorizerId` at their current level, soonest deadline first. */
  async listAssigned(authorizerId: string): Promise<AuthorizationRecord[]> {
    const rows = await this.#db.query(
      `SELECT ${REQUEST_COLUMNS} FROM authorization_requests r
       WHERE r.status = 'pending' AND EXISTS (SELECT 1 FROM authorization_assignments a
         WHERE a.request_id = r.id AND a.authorizer_id = $1 AND a.level = r.level)
       ORDER BY r.deadline_at LIMIT $2`,
      [authorizerId, MAX_LISTED_REQUESTS],
    );
    return this.#withDetails(this.#db, rows);
  }

  /** Every pending request (for routing to authorizers who just arrived), soonest deadline first. */
  async listPending(): Promise<AuthorizationRecord[]> {
    const rows = await this.#db.query(
      `SELECT ${REQUEST_COLUMNS} FROM authorization_requests WHERE status = 'pending' ORDER BY deadline_at LIMIT $1`,
      [MAX_LISTED_REQUESTS],
    );
    return this.#withDetails(this.#db, rows);
  }

  /** Pending requests whose deadline has passed. */
  async listDue(now: number): Promise<AuthorizationRecord[]> {
    const rows = await this.#db.query(
      `SELECT ${REQUEST_COLUMNS} FROM authorization_requests WHERE status = 'pending' AND deadline_at <= $1
       ORDER BY deadline_at LIMIT $2`,
      [new Date(now), MAX_LISTED_REQUESTS],
    );
    return this.#withDetails(this.#db, rows);
  }

  /** Offers a pending request to authorizers at its current level (an existing offer is kept). */
  async assign(requestId: string, level: number, authorizerIds: readonly string[], now: number): Promise<void> {
    for (const authorizerId of authorizerIds) {
      await this.#db.query(
        `INSERT INTO authorization_assignments (request_id, authorizer_id, level, assigned_at) VALUES ($1, $2, $3, $4)
         ON CONFLICT (request_id, authorizer_id) DO UPDATE SET level = excluded.level, assigned_at = excluded.assigned_at`,
        [requestId, authorizerId, level, new Date(now)],
      );
    }
  }

  /** Cancels a pending request of `requestedBy`; undefined when it was not pending any more. */
  async cancel(id: string, now: number): Promise<AuthorizationRecord | undefined> {
    const rows = await this.#db.query(
      `UPDATE authorization_requests SET status = 'cancelled', closed_at = $2 WHERE id = $1 AND status = 'pending'
       RETURNING id`,
      [id, new Date(now)],
    );
    return rows.length === 1 ? this.#require(id) : undefined;
  }

  /**
   * Records one vote and closes the request when it decides it: one decline
   * declines, `approvals` approvals approve. Refuses (typed errors) a request
   * that is no longer pending or past its deadline, and a second vote of the
   * same authorizer.
   */
  async vote(
    requestId: string,
    vote: VoteRecord,
  ): Promise<{ readonly record: AuthorizationRecord; readonly closed: FinalStatus | undefined }> {
    const closed = await this.#db.transaction(async (tx) => {
      const [raw] = await tx.query(`SELECT ${REQUEST_COLUMNS} FROM authorization_requests WHERE id = $1 FOR UPDATE`, [
        requestId,
      ]);
      if (raw === undefined) throw new AirError('AUTHZ_NOT_FOUND', 'no such authorization request');
      const request = parseRow(RequestRow, raw, 'authorization_requests');
      if (request.status !== 'pending') throw new AirError('AUTHZ_NOT_PENDING', `the request is ${request.status}`);
      if (request.deadline_at.getTime() <= vote.decidedAt) {
        throw new AirError('AUTHZ_NOT_PENDING', 'the request ran past its deadline');
      }
      const inserted = await tx.query(
        `INSERT INTO authorization_votes (request_id, authorizer_id, display_name, level, decision, reason_code,
           comment, decided_at, decision_sha256) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
         ON CONFLICT (request_id, authorizer_id) DO NOTHING RETURNING request_id`,
        [
          requestId,
          vote.authorizerId,
          vote.displayName,
          vote.level,
          vote.decision,
          vote.reasonCode,
          vote.comment,
          new Date(vote.decidedAt),
          vote.decisionSha256,
        ],
      );
      if (inserted.length === 0) throw new AirError('AUTHZ_ALREADY_DECIDED', 'one vote per authorizer');
      const [count] = await tx.query(
        `SELECT count(*) FILTER (WHERE decision = 'approve')::int AS approvals,
           count(*) FILTER (WHERE decision = 'decline')::int AS declines
         FROM authorization_votes WHERE request_id = $1`,
        [requestId],
      );
      const final: FinalStatus | undefined =
        Number(count?.['declines'] ?? 0) > 0
          ? 'declined'
          : Number(count?.['approvals'] ?? 0) >= request.approvals
            ? 'approved'
            : undefined;
      if (final !== undefined) {
        await tx.query(`UPDATE authorization_requests SET status = $2, closed_at = $3 WHERE id = $1`, [
          requestId,
          final,
          new Date(vote.decidedAt),
        ]);
      }
      return final;
    });
    return { record: await this.#require(requestId), closed };
  }

  /**
   * Moves a request whose deadline `deadlineAt` passed to `toLevel` with a new
   * deadline (no further escalation). Undefined when another node got there first.
   */
  async escalate(
    id: string,
    deadlineAt: number,
    toLevel: number,
    newDeadlineAt: number,
  ): Promise<AuthorizationRecord | undefined> {
    const rows = await this.#db.query(
      `UPDATE authorization_requests SET level = $3, escalation_level = NULL, deadline_at = $4
       WHERE id = $1 AND status = 'pending' AND deadline_at = $2 RETURNING id`,
      [id, new Date(deadlineAt), toLevel, new Date(newDeadlineAt)],
    );
    return rows.length === 1 ? this.#require(id) : undefined;
  }

  /** Expires a request whose deadline `deadlineAt` passed; undefined when another node got there first. */
  async expire(id: string, deadlineAt: number, now: number): Promise<AuthorizationRecord | undefined> {
    const rows = await this.#db.query(
      `UPDATE authorization_requests SET status = 'expired', closed_at = $3
       WHERE id = $1 AND status = 'pending' AND deadline_at = $2 RETURNING id`,
      [id, new Date(deadlineAt), new Date(now)],
    );
    return rows.length === 1 ? this.#require(id) : undefined;
  }

  async #require(id: string): Promise<AuthorizationRecord> {
    const record = await this.get(id);
    if (record === undefined) throw new AirError('AUTHZ_NOT_FOUND', 'no such authorization request');
    return record;
  }

  async #withDetails(db: Queryable, rows: readonly Row[]): Promise<AuthorizationRecord[]> {
    if (rows.length === 0) return [];
    const requests = rows.map((raw) => parseRow(RequestRow, raw, 'authorization_requests'));
    const ids = requests.map((request) => request.id);
    const votes = (
      await db.query(
        `SELECT request_id, authorizer_id, display_name, level, decision, reason_code, comment, decided_at,
           decision_sha256 FROM authorization_votes WHERE request_id = ANY($1) ORDER BY decided_at`,
        [ids],
      )
    ).map((raw) => parseRow(VoteRow, raw, 'authorization_votes'));
    const assignments = (
      await db.query(
        'SELECT request_id, authorizer_id, level FROM authorization_assignments WHERE request_id = ANY($1)',
        [ids],
      )
    ).map((raw) => parseRow(AssignmentRow, raw, 'authorization_assignments'));
    return requests.map((row) => ({
      id: row.id,
      sessionId: row.session_id,
      requestedBy: row.requested_by,
      operationType: row.operation_type,
      amount: Number(row.amount),
      currency: row.currency,
      reason: row.reason,
      note: row.note,
      attachments: v.parse(Attachments, JSON.parse(row.attachments) as unknown),
      rulesVersion: row.rules_version,
      level: row.level,
      approvals: row.approvals,
      slaSeconds: row.sla_seconds,
      escalationLevel: row.escalation_level,
      status: row.status,
      createdAt: row.created_at.getTime(),
      deadlineAt: row.deadline_at.getTime(),
      closedAt: row.closed_at === null ? null : row.closed_at.getTime(),
      votes: votes
        .filter((vote) => vote.request_id === row.id)
        .map((vote) => ({
          authorizerId: vote.authorizer_id,
          displayName: vote.display_name,
          level: vote.level,
          decision: vote.decision,
          reasonCode: vote.reason_code,
          comment: vote.comment,
          decidedAt: vote.decided_at.getTime(),
          decisionSha256: vote.decision_sha256,
        })),
      assignees: assignments
        .filter((assignment) => assignment.request_id === row.id)
        .map((assignment) => ({ authorizerId: assignment.authorizer_id, level: assignment.level })),
    }));
  }
}

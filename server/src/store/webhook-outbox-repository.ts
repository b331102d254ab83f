import * as v from 'valibot';
import type { Queryable } from './db.ts';
import { msOrUndefined, NullableText, NullableTimestamp, parseRow, Timestamp } from './rows.ts';

/** pending: waiting for (another) attempt; delivered: the receiver answered 2xx; dead: attempts ran out. */
export const WEBHOOK_DELIVERY_STATES = ['pending', 'delivered', 'dead'] as const;
export type WebhookDeliveryState = (typeof WEBHOOK_DELIVERY_STATES)[number];

/** One event in the outbox. */
export interface OutboxEvent {
  /** The event's id: the receiver's idempotency key, the same on every attempt. */
  readonly id: string;
  readonly sessionId: string;
  /** Orders the session's events (the seq of the evidence entry it reports). */
  readonly sequence: number;
  readonly type: string;
  /** The exact JSON body sent on every attempt. */
  readonly body: string;
  readonly state: WebhookDeliveryState;
  /** Attempts made so far. */
  readonly attempts: number;
  /** Wall-clock ms. */
  readonly createdAt: number;
  readonly nextAttemptAt: number;
  /** HTTP status of the last attempt; undefined when it got no answer. */
  readonly lastStatus: number | undefined;
  /** Why the last attempt failed (status line or network error), never the response body. */
  readonly lastError: string | undefined;
  readonly deliveredAt: number | undefined;
  readonly deadAt: number | undefined;
}

export interface NewOutboxEvent {
  readonly id: string;
  readonly sessionId: string;
  readonly sequence: number;
  readonly type: string;
  readonly body: string;
}

const OutboxRow = v.object({
  id: v.string(),
  session_id: v.string(),
  sequence: v.number(),
  type: v.string(),
  body: v.string(),
  state: v.picklist(WEBHOOK_DELIVERY_STATES),
  attempts: v.number(),
  created_at: Timestamp,
  next_attempt_at: Timestamp,
  last_status: v.nullable(v.number()),
  last_error: NullableText,
  delivered_at: NullableTimestamp,
  dead_at: NullableTimestamp,
});

const COLUMNS =
  'id, session_id, sequence, type, body, state, attempts, created_at, next_attempt_at, last_status, last_error, delivered_at, dead_at';

function toEvent(row: v.InferOutput<typeof OutboxRow>): OutboxEvent {
  return {
    id: row.id,
    sessionId: row.session_id,
    sequence: row.sequence,
    type: row.type,
    body: row.body,
    state: row.state,
    attempts: row.attempts,
    createdAt: row.created_at.getTime(),
    nextAttemptAt: row.next_attempt_at.getTime(),
    lastStatus: row.last_status ?? undefined,
    lastError: row.last_error ?? undefined,
    deliveredAt: msOrUndefined(row.delivered_at),
    deadAt: msOrUndefined(row.dead_at),
  };
}

/**
 * The webhook outbox: events waiting for delivery to the bank, delivered
 * ones (until pruned) and the dead-letter list. Several nodes may deliver
 * from one outbox: an event is leased to one node while it is being sent,
 * and a session's event is only handed out once every earlier pending event
 * of that session is delivered or dead (per-session order).
 */
export class WebhookOutboxRepository {
  readonly #db: Queryable;
  readonly #now: () => number;

  constructor(db: Queryable, now: () => number = Date.now) {
    this.#db = db;
    this.#now = now;
  }

  /** Adds an event, due at once. False when the session already has an event at this sequence (enqueued twice). */
  async enqueue(event: NewOutboxEvent): Promise<boolean> {
    const now = new Date(this.#now());
    const rows = await this.#db.query(
      `INSERT INTO webhook_outbox (id, session_id, sequence, type, body, state, created_at, next_attempt_at)
       VALUES ($1, $2, $3, $4, $5, 'pending', $6, $6)
       ON CONFLICT DO NOTHING RETURNING id`,
      [event.id, event.sessionId, event.sequence, event.type, event.body, now],
    );
    return rows.length === 1;
  }

  /**
   * Leases up to `limit` events that are due and first in their session's
   * queue to `owner` until `leaseMs` from now. Events leased to another node
   * and not expired are skipped; so are the later events of their session.
   */
  async claimDue(owner: string, limit: number, leaseMs: number): Promise<OutboxEvent[]> {
    const now = this.#now();
    const rows = await this.#db.query(
      `UPDATE webhook_outbox SET lease_owner = $1, lease_until = $2
       WHERE id IN (
         SELECT o.id FROM webhook_outbox o
         WHERE o.state = 'pending' AND o.next_attempt_at <= $3
           AND (o.lease_until IS NULL OR o.lease_until < $3)
           AND NOT EXISTS (
             SELECT 1 FROM webhook_outbox earlier
             WHERE earlier.session_id = o.session_id AND earlier.state = 'pending' AND earlier.sequence < o.sequence
           )
         ORDER BY o.next_attempt_at, o.created_at
         LIMIT $4
         FOR UPDATE SKIP LOCKED
       )
       RETURNING ${COLUMNS}`,
      [owner, new Date(now + leaseMs), new Date(now), limit],
    );
    return rows
      .map((row) => toEvent(parseRow(OutboxRow, row, 'webhook_outbox')))
      .sort((a, b) => a.createdAt - b.createdAt);
  }

  /** Gives back the leases `owner` holds (start-up: a crashed run's deliveries are retried at once). */
  async releaseLeases(owner: string): Promise<number> {
    const rows = await this.#db.query(
      `UPDATE webhook_outbox SET lease_owner = NULL, lease_until = NULL
       WHERE lease_owner = $1 AND state = 'pending' RETURNING id`,
      [owner],
    );
    return rows.length;
  }

  /** The receiver took the event. */
  async markDelivered(id: string, owner: string, status: number): Promise<void> {
    await this.#db.query(
      `UPDATE webhook_outbox SET state = 'delivered', attempts = attempts + 1, delivered_at = $3, last_status = $4,
         last_error = NULL, lease_owner = NULL, lease_until = NULL
       WHERE id = $1 AND lease_owner = $2 AND state = 'pending'`,
      [id, owner, new Date(this.#now()), status],
    );
  }

  /**
   * An attempt failed: the event is tried again at `retryAt`, or goes to the
   * dead-letter list when `retryAt` is undefined (attempts ran out).
   */
  async markFailed(
    id: string,
    owner: string,
    failure: { status: number | undefined; error: string; retryAt: number | undefined },
  ): Promise<void> {
    const now = new Date(this.#now());
    const retryAt = failure.retryAt;
    const dead = retryAt === undefined;
    await this.#db.query(
      `UPDATE webhook_outbox SET attempts = attempts + 1, last_status = $3, last_error = $4,
         state = $5, next_attempt_at = $6, dead_at = $7, lease_owner = NULL, lease_until = NULL
       WHERE id = $1 AND lease_owner = $2 AND state = 'pending'`,
      [
        id,
        owner,
        failure.status ?? null,
        failure.error,
        dead ? 'dead' : 'pending',
        retryAt === undefined ? now : new Date(retryAt),
        dead ? now : null,
      ],
    );
  }

  /** The dead-letter list, newest first; `after` is the last id of the previous page. */
  async listDead(limit: number, after?: string): Promise<OutboxEvent[]> {
    const rows =
      after === undefined
        ? await this.#db.query(
            `SELECT ${COLUMNS} FROM webhook_outbox WHERE state = 'dead' ORDER BY dead_at DESC, id DESC LIMIT $1`,
            [limit],
          )
        : await this.#db.query(
            `SELECT ${COLUMNS} FROM webhook_outbox o WHERE o.state = 'dead'
               AND (o.dead_at, o.id) < (SELECT c.dead_at, c.id FROM webhook_outbox c WHERE c.id = $2)
             ORDER BY o.dead_at DESC, o.id DESC LIMIT $1`,
            [limit, after],
          );
    return rows.map((row) => toEvent(parseRow(OutboxRow, row, 'webhook_outbox')));
  }

  /** One event by id. */
  async get(id: string): Promise<OutboxEvent | undefined> {
    const [row] = await this.#db.query(`SELECT ${COLUMNS} FROM webhook_outbox WHERE id = $1`, [id]);
    return row === undefined ? undefined : toEvent(parseRow(OutboxRow, row, 'webhook_outbox'));
  }

  /** Puts a dead event back in line with a fresh set of attempts. False when it is not dead (or unknown). */
  async redeliver(id: string): Promise<boolean> {
    const rows = await this.#db.query(
      `UPDATE webhook_outbox SET state = 'pending', attempts = 0, next_attempt_at = $2, dead_at = NULL
       WHERE id = $1 AND state = 'dead' RETURNING id`,
      [id, new Date(this.#now())],
    );
    return rows.length === 1;
  }

  /** Deletes events delivered before `beforeMs`; returns how many. */
  async deleteDeliveredBefore(beforeMs: number): Promise<number> {
    const rows = await this.#db.query(
      `DELETE FROM webhook_outbox WHERE state = 'delivered' AND delivered_at < $1 RETURNING id`,
      [new Date(beforeMs)],
    );
    return rows.length;
  }

  /** Events by state (metrics, tests). */
  async countByState(): Promise<Record<WebhookDeliveryState, number>> {
    const rows = await this.#db.query('SELECT state, count(*)::integer AS n FROM webhook_outbox GROUP BY state');
    const counts: Record<WebhookDeliveryState, number> = { pending: 0, delivered: 0, dead: 0 };
    for (const row of rows) {
      const { state, n } = parseRow(
        v.object({ state: v.picklist(WEBHOOK_DELIVERY_STATES), n: v.number() }),
        row,
        'webhook_outbox',
      );
      counts[state] = n;
    }
    return counts;
  }
}

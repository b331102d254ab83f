import type { Queryable } from './db.ts';

/**
 * Who seals which evidence package. Sealing writes and signs the manifest
 * once; when more than one node could do it (the session ended on one node
 * while another restarts), the claim decides: the first claim wins, a second
 * one is refused. A claim left `sealing` by a node that stopped half-way may be
 * taken again by the same node (sealing is idempotent and resumable).
 */
export class EvidenceSealRepository {
  readonly #db: Queryable;
  readonly #now: () => number;

  constructor(db: Queryable, now: () => number = Date.now) {
    this.#db = db;
    this.#now = now;
  }

  /** True if `owner` may seal the package now (first claim, or its own unfinished one). */
  async claim(sessionId: string, owner: string): Promise<boolean> {
    const rows = await this.#db.query(
      `INSERT INTO evidence_seals (session_id, state, owner, claimed_at) VALUES ($1, 'sealing', $2, $3)
       ON CONFLICT (session_id) DO UPDATE SET claimed_at = excluded.claimed_at
         WHERE evidence_seals.state = 'sealing' AND evidence_seals.owner = excluded.owner
       RETURNING session_id`,
      [sessionId, owner, new Date(this.#now())],
    );
    return rows.length === 1;
  }

  /** Records that the claimed package is sealed (by its owner). */
  async markSealed(sessionId: string, owner: string, outcome: { complete: boolean; reason?: string }): Promise<void> {
    await this.#db.query(
      `UPDATE evidence_seals SET state = 'sealed', sealed_at = $3, complete = $4, reason = $5
       WHERE session_id = $1 AND owner = $2 AND state = 'sealing'`,
      [sessionId, owner, new Date(this.#now()), outcome.complete, outcome.reason ?? null],
    );
  }

  /** `sealing`, `sealed`, or undefined when nobody claimed it. */
  async state(sessionId: string): Promise<'sealing' | 'sealed' | undefined> {
    const [row] = await this.#db.query('SELECT state FROM evidence_seals WHERE session_id = $1', [sessionId]);
    const state = row?.['state'];
    return state === 'sealing' || state === 'sealed' ? state : undefined;
  }
}

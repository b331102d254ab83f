import type { Queryable } from './db.ts';

/**
 * Join token ids (`jti`) already used to open a connection. A token opens one
 * connection attempt: the first use inserts its id, a replay finds it there.
 * Rows are kept until the token expires (after that the signature check
 * refuses it anyway), then pruned.
 */
export class JoinTokenRepository {
  readonly #db: Queryable;
  readonly #now: () => number;

  constructor(db: Queryable, now: () => number = Date.now) {
    this.#db = db;
    this.#now = now;
  }

  /** True if this is the token's first use (now recorded); false if it was used before. */
  async consume(token: { tokenId: string; sessionId: string; peerId: string; expiresAt: number }): Promise<boolean> {
    const rows = await this.#db.query(
      `INSERT INTO used_join_tokens (jti, session_id, peer_id, used_at, expires_at)
       VALUES ($1, $2, $3, $4, $5) ON CONFLICT (jti) DO NOTHING RETURNING jti`,
      [token.tokenId, token.sessionId, token.peerId, new Date(this.#now()), new Date(token.expiresAt)],
    );
    return rows.length === 1;
  }

  /** Deletes ids of tokens that expired before `before` (ms). Returns how many. */
  async deleteExpiredBefore(before: number): Promise<number> {
    const rows = await this.#db.query('DELETE FROM used_join_tokens WHERE expires_at < $1 RETURNING jti', [
      new Date(before),
    ]);
    return rows.length;
  }
}

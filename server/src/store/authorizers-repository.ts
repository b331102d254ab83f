import * as v from 'valibot';
import type { Queryable } from './db.ts';
import { parseRow } from './rows.ts';

/** An authorizer the desk has seen: identity (the desk token's subject), name and level. */
export interface AuthorizerPresence {
  readonly authorizerId: string;
  readonly displayName: string;
  readonly level: number;
}

/** An available authorizer and how many pending requests are assigned to them now. */
export interface AuthorizerLoad extends AuthorizerPresence {
  readonly pending: number;
}

const LoadRow = v.object({
  authorizer_id: v.string(),
  display_name: v.string(),
  level: v.number(),
  pending: v.union([v.number(), v.string()]),
});

/**
 * Who is at the desk: every desk request refreshes the authorizer's row, and
 * routing offers requests only to authorizers seen within the presence window.
 */
export class AuthorizerRepository {
  readonly #db: Queryable;
  readonly #now: () => number;

  constructor(db: Queryable, now: () => number = Date.now) {
    this.#db = db;
    this.#now = now;
  }

  async seen(authorizer: AuthorizerPresence): Promise<void> {
    await this.#db.query(
      `INSERT INTO authorizers (authorizer_id, display_name, level, last_seen_at) VALUES ($1, $2, $3, $4)
       ON CONFLICT (authorizer_id) DO UPDATE SET display_name = excluded.display_name, level = excluded.level,
         last_seen_at = excluded.last_seen_at`,
      [authorizer.authorizerId, authorizer.displayName, authorizer.level, new Date(this.#now())],
    );
  }

  /** Authorizers of `minLevel` or above seen within `windowMs`, with their pending assignments. */
  async available(minLevel: number, windowMs: number): Promise<AuthorizerLoad[]> {
    const rows = await this.#db.query(
      `SELECT a.authorizer_id, a.display_name, a.level,
         (SELECT count(*) FROM authorization_assignments s JOIN authorization_requests r ON r.id = s.request_id
           WHERE s.authorizer_id = a.authorizer_id AND r.status = 'pending') AS pending
       FROM authorizers a WHERE a.level >= $1 AND a.last_seen_at >= $2 ORDER BY a.authorizer_id`,
      [minLevel, new Date(this.#now() - windowMs)],
    );
    return rows.map((raw) => {
      const row = parseRow(LoadRow, raw, 'authorizers');
      return {
        authorizerId: row.authorizer_id,
        displayName: row.display_name,
        level: row.level,
        pending: Number(row.pending),
      };
    });
  }
}

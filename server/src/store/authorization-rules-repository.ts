import {
  AuthorizationRuleSetInput,
  type AuthorizationRoutingStrategy,
  type AuthorizationRule,
} from '@aircounter/protocol';
import * as v from 'valibot';
import type { Queryable } from './db.ts';
import { parseRow, Timestamp } from './rows.ts';

/** One published version of the bank's authorization rules. */
export interface AuthorizationRuleSet {
  readonly version: number;
  readonly routing: AuthorizationRoutingStrategy;
  readonly rules: readonly AuthorizationRule[];
  readonly createdAt: number;
}

const RuleSetRow = v.object({ version: v.number(), routing: v.string(), rules: v.string(), created_at: Timestamp });

/**
 * The bank's authorization rules, versioned: publishing never edits a version,
 * it adds the next one, so every request names the exact rules it was routed by.
 */
export class AuthorizationRulesRepository {
  readonly #db: Queryable;
  readonly #now: () => number;

  constructor(db: Queryable, now: () => number = Date.now) {
    this.#db = db;
    this.#now = now;
  }

  /** Stores `input` as the next version (two concurrent publishers: one gets a key conflict and retries). */
  async publish(input: AuthorizationRuleSetInput): Promise<AuthorizationRuleSet> {
    const createdAt = this.#now();
    const [row] = await this.#db.query(
      `INSERT INTO authorization_rule_sets (version, routing, rules, created_at)
       SELECT coalesce(max(version), 0) + 1, $1, $2, $3 FROM authorization_rule_sets
       RETURNING version, routing, rules, created_at`,
      [input.routing, JSON.stringify(input.rules), new Date(createdAt)],
    );
    if (row === undefined) throw new Error('authorization_rule_sets: insert returned no row');
    return toRuleSet(row);
  }

  /** The newest version; undefined before the bank published any. */
  async current(): Promise<AuthorizationRuleSet | undefined> {
    const [row] = await this.#db.query(
      'SELECT version, routing, rules, created_at FROM authorization_rule_sets ORDER BY version DESC LIMIT 1',
    );
    return row === undefined ? undefined : toRuleSet(row);
  }
}

function toRuleSet(raw: Readonly<Record<string, unknown>>): AuthorizationRuleSet {
  const row = parseRow(RuleSetRow, raw, 'authorization_rule_sets');
  // Stored by publish() after validation; parsed again so a hand-edited row cannot smuggle a bad rule in.
  const parsed = v.parse(AuthorizationRuleSetInput, { routing: row.routing, rules: JSON.parse(row.rules) as unknown });
  return { version: row.version, routing: parsed.routing, rules: parsed.rules, createdAt: row.created_at.getTime() };
}

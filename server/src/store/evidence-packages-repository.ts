import type { SessionSummary } from '@aircounter/evidence';
import * as v from 'valibot';
import type { EvidenceIndex, PackageQuery, SealedVerdict } from '../evidence/evidence-index.ts';
import type { Queryable } from './db.ts';
import { NullableText, NullableTimestamp, parseRow, Timestamp } from './rows.ts';

const PackageRow = v.object({
  session_id: v.string(),
  created_at: Timestamp,
  finalized_at: NullableTimestamp,
  status: v.picklist(['open', 'complete', 'incomplete', 'not-recorded']),
  incomplete_reason: NullableText,
  agent_id: NullableText,
  reference: NullableText,
});

const COLUMNS = 'session_id, created_at, finalized_at, status, incomplete_reason, agent_id, reference';

function summaryOf(row: v.InferOutput<typeof PackageRow>): SessionSummary {
  return {
    sessionId: row.session_id,
    createdAt: row.created_at.toISOString(),
    finalizedAt: row.finalized_at === null ? null : row.finalized_at.toISOString(),
    status: row.status,
    incompleteReason: row.incomplete_reason,
    agentId: row.agent_id,
    reference: row.reference,
  };
}

/** The evidence package index (see EvidenceIndex) in table `evidence_packages`. */
export class EvidencePackageRepository implements EvidenceIndex {
  readonly #db: Queryable;

  constructor(db: Queryable) {
    this.#db = db;
  }

  async put(summary: SessionSummary): Promise<void> {
    if (summary.createdAt === null) throw new Error(`package ${summary.sessionId} has no creation time to index`);
    await this.#db.query(
      `INSERT INTO evidence_packages (${COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7)
       ON CONFLICT (session_id) DO UPDATE SET created_at = excluded.created_at, finalized_at = excluded.finalized_at,
         status = excluded.status, incomplete_reason = excluded.incomplete_reason, agent_id = excluded.agent_id,
         reference = excluded.reference
       WHERE evidence_packages.status = 'open' OR excluded.status <> 'open'`,
      [
        summary.sessionId,
        new Date(summary.createdAt),
        summary.finalizedAt === null ? null : new Date(summary.finalizedAt),
        summary.status,
        summary.incompleteReason,
        summary.agentId,
        summary.reference,
      ],
    );
  }

  async markSealed(sessionId: string, verdict: SealedVerdict): Promise<boolean> {
    const rows = await this.#db.query(
      `UPDATE evidence_packages SET status = $2, incomplete_reason = $3, finalized_at = $4
       WHERE session_id = $1 RETURNING session_id`,
      [sessionId, verdict.status, verdict.incompleteReason, new Date(verdict.finalizedAt)],
    );
    return rows.length === 1;
  }

  async get(sessionId: string): Promise<SessionSummary | undefined> {
    const [row] = await this.#db.query(`SELECT ${COLUMNS} FROM evidence_packages WHERE session_id = $1`, [sessionId]);
    return row === undefined ? undefined : summaryOf(parseRow(PackageRow, row, 'evidence_packages'));
  }

  async list(query: PackageQuery): Promise<SessionSummary[]> {
    const where: string[] = [];
    const params: unknown[] = [];
    const param = (value: unknown): string => {
      params.push(value);
      return `$${String(params.length)}`;
    };
    const { scope } = query;
    if (scope.sessionIds !== undefined) where.push(`session_id = ANY(${param([...scope.sessionIds])}::text[])`);
    for (const from of [scope.fromMs, query.fromMs]) {
      if (from !== undefined) where.push(`created_at >= ${param(new Date(from))}`);
    }
    for (const to of [scope.toMs, query.toMs]) {
      if (to !== undefined) where.push(`created_at <= ${param(new Date(to))}`);
    }
    if (query.agentId !== undefined) where.push(`agent_id = ${param(query.agentId)}`);
    if (query.status !== undefined) where.push(`status = ${param(query.status)}`);
    if (query.after !== undefined) {
      const created = param(new Date(query.after.createdAt));
      where.push(
        `(created_at < ${created} OR (created_at = ${created} AND session_id > ${param(query.after.sessionId)}))`,
      );
    }
    const rows = await this.#db.query(
      `SELECT ${COLUMNS} FROM evidence_packages ${where.length === 0 ? '' : `WHERE ${where.join(' AND ')}`}
       ORDER BY created_at DESC, session_id ASC LIMIT ${param(query.limit + 1)}`,
      params,
    );
    return rows.map((row) => summaryOf(parseRow(PackageRow, row, 'evidence_packages')));
  }

  async missing(sessionIds: readonly string[]): Promise<string[]> {
    if (sessionIds.length === 0) return [];
    const rows = await this.#db.query('SELECT session_id FROM evidence_packages WHERE session_id = ANY($1::text[])', [
      [...sessionIds],
    ]);
    const known = new Set(rows.map((row) => String(row['session_id'])));
    return sessionIds.filter((sessionId) => !known.has(sessionId));
  }

  async openSessionIds(): Promise<string[]> {
    const rows = await this.#db.query("SELECT session_id FROM evidence_packages WHERE status = 'open'");
    return rows.map((row) => String(row['session_id']));
  }
}

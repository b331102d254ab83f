import * as v from 'valibot';
import type { ParseResult } from './manifest.ts';

// What the auditor REST API (`/api/v1/evidence/…`, docs/compliance.md) answers
// about sessions: the server builds it from this schema's type, clients (the
// replay's auditor source, a portal) read it with it.

/**
 * From the signed manifest only: `open` while there is no signed manifest
 * (the session runs, or the server stopped before sealing it); `not-recorded`
 * when the package holds no audio or video; else `complete` or `incomplete`
 * as the manifest says (`incompleteReason` then says why).
 */
export const PACKAGE_STATUSES = ['open', 'complete', 'incomplete', 'not-recorded'] as const;
export type PackageStatus = (typeof PACKAGE_STATUSES)[number];

/** One session as `GET …/sessions` lists it (and `GET …/sessions/:id` returns as `session`). */
export const SessionSummary = v.object({
  sessionId: v.string(),
  /** Time of the log's first entry; null when the log is empty. */
  createdAt: v.nullable(v.string()),
  finalizedAt: v.nullable(v.string()),
  status: v.picklist(PACKAGE_STATUSES),
  incompleteReason: v.nullable(v.string()),
  /** From `session.opened`: the bank's agent id and reference, when given. */
  agentId: v.nullable(v.string()),
  reference: v.nullable(v.string()),
});
export type SessionSummary = v.InferOutput<typeof SessionSummary>;

/** A page of `GET …/sessions`, newest first; `nextCursor` fetches the next page (null on the last). */
export const SessionPage = v.object({
  sessions: v.pipe(v.array(SessionSummary), v.readonly()),
  nextCursor: v.nullable(v.string()),
});
export type SessionPage = v.InferOutput<typeof SessionPage>;

export function isPackageStatus(value: unknown): value is PackageStatus {
  return typeof value === 'string' && (PACKAGE_STATUSES as readonly string[]).includes(value);
}

/** A `GET …/sessions` body, checked against {@link SessionPage}; never throws. */
export function parseSessionPage(value: unknown): ParseResult<SessionPage> {
  const result = v.safeParse(SessionPage, value);
  if (result.success) return { ok: true, value: result.output };
  const [issue] = result.issues;
  return { ok: false, error: `session page: ${v.getDotPath(issue) ?? ''}: ${issue.message}` };
}

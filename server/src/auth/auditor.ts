import type { IncomingHttpHeaders } from 'node:http';
import { AirError, Id } from '@aircounter/protocol';
import * as v from 'valibot';
import { bearerCredential } from './api-key.ts';
import type { AuditorClaims, TokenService } from './tokens.ts';

/** Most sessions one auditor token may name. */
export const MAX_SCOPE_SESSIONS = 100;

const IsoTime = v.pipe(
  v.string(),
  v.maxLength(40),
  v.isoTimestamp('from/to must be ISO 8601 times'),
  v.check((value) => Number.isFinite(Date.parse(value)), 'not a valid time'),
);

/**
 * What an auditor token may read: the sessions it names and/or the sessions
 * created within [from, to]. Absent members do not restrict; a token without
 * a scope reads every session (the bank decides whom it gives such a token).
 * Carried in the token as the `scp` claim, exactly this shape.
 */
export const AuditorScope = v.pipe(
  v.strictObject({
    sessionIds: v.optional(v.pipe(v.array(Id), v.minLength(1), v.maxLength(MAX_SCOPE_SESSIONS))),
    from: v.optional(IsoTime),
    to: v.optional(IsoTime),
  }),
  v.check(
    (scope) => scope.from === undefined || scope.to === undefined || Date.parse(scope.from) <= Date.parse(scope.to),
    'from must not be after to',
  ),
  v.check(
    (scope) => scope.sessionIds !== undefined || scope.from !== undefined || scope.to !== undefined,
    'a scope names sessions, a time range or both',
  ),
);
export type AuditorScope = v.InferOutput<typeof AuditorScope>;

/** Reads the `scp` claim of a verified auditor token; an ill-formed scope refuses the token (fail closed). */
export function parseScopeClaim(claim: unknown): AuditorScope | undefined {
  if (claim === undefined) return undefined;
  const parsed = v.safeParse(AuditorScope, claim);
  if (!parsed.success) throw new AirError('AUTH_INVALID_TOKEN', 'token scope invalid');
  return parsed.output;
}

/** Whether a session (by id and creation time) is inside a scope; no scope means every session. */
export function inScope(
  scope: AuditorScope | undefined,
  session: { readonly sessionId: string; readonly createdAt: string | null },
): boolean {
  if (scope === undefined) return true;
  if (scope.sessionIds !== undefined && !scope.sessionIds.includes(session.sessionId)) return false;
  if (scope.from === undefined && scope.to === undefined) return true;
  const created = session.createdAt === null ? Number.NaN : Date.parse(session.createdAt);
  if (!Number.isFinite(created)) return false;
  if (scope.from !== undefined && created < Date.parse(scope.from)) return false;
  if (scope.to !== undefined && created > Date.parse(scope.to)) return false;
  return true;
}

/** A short, bounded description of a scope for the access log. */
export function describeScope(scope: AuditorScope | undefined): string {
  if (scope === undefined) return 'all';
  const parts: string[] = [];
  if (scope.sessionIds !== undefined) parts.push(`sessions:${scope.sessionIds.length}`);
  if (scope.from !== undefined || scope.to !== undefined) parts.push(`created:${scope.from ?? ''}..${scope.to ?? ''}`);
  return parts.join(',');
}

/**
 * Authenticates a request to the evidence API: `Authorization: Bearer <auditor token>`.
 * Throws AUTH_MISSING_TOKEN, AUTH_INVALID_TOKEN, AUTH_EXPIRED_TOKEN, or FORBIDDEN_ROLE
 * for a join token (or the API key) presented at this door.
 */
export async function verifyAuditorRequest(headers: IncomingHttpHeaders, tokens: TokenService): Promise<AuditorClaims> {
  return tokens.verifyAuditorToken(bearerCredential(headers));
}

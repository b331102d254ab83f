import type { IncomingHttpHeaders } from 'node:http';
import { bearerCredential } from './api-key.ts';
import type { AuditorClaims, TokenService } from './tokens.ts';

/**
 * Authenticates a request to the evidence API: `Authorization: Bearer <auditor token>`.
 * Throws AUTH_MISSING_TOKEN, AUTH_INVALID_TOKEN, AUTH_EXPIRED_TOKEN, or FORBIDDEN_ROLE
 * for a join token (or the API key) presented at this door.
 */
export async function verifyAuditorRequest(headers: IncomingHttpHeaders, tokens: TokenService): Promise<AuditorClaims> {
  return tokens.verifyAuditorToken(bearerCredential(headers));
}

import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { AirError } from '@aircounter/protocol';
import type { Secret } from '../secret.ts';

const BEARER = /^Bearer[ ]+([^\s]+)[ ]*$/i;

/** The credential of an `Authorization: Bearer <credential>` header, if there is one. */
export function bearerCredential(headers: IncomingHttpHeaders): string | undefined {
  const header = headers.authorization;
  if (header === undefined) return undefined;
  return BEARER.exec(header)?.[1];
}

function digest(text: string): Buffer {
  return createHash('sha256').update(text, 'utf8').digest();
}

/**
 * Compares in constant time. Hashing both sides first gives equal-length
 * buffers, so neither the content nor the length of the key leaks through timing.
 */
export function secretsEqual(presented: string, expected: Secret): boolean {
  return timingSafeEqual(digest(presented), digest(expected.reveal()));
}

/** Throws AUTH_MISSING_TOKEN or AUTH_INVALID_TOKEN unless the request carries the API key. */
export function requireApiKey(headers: IncomingHttpHeaders, apiKey: Secret): void {
  const presented = bearerCredential(headers);
  if (presented === undefined) throw new AirError('AUTH_MISSING_TOKEN', 'Authorization: Bearer <API key> required');
  if (!secretsEqual(presented, apiKey)) throw new AirError('AUTH_INVALID_TOKEN', 'API key not accepted');
}

import { AirError, isErrorCode, type ErrorCode } from '@aircounter/protocol';
import { readJsonBounded } from './bounded-body.ts';

/** An error body is `{ error: { code, message } }`, a few hundred bytes: more is not one. */
const MAX_ERROR_BODY_BYTES = 16 * 1024;

/** The code a status means when the body names none (a proxy's page, a gateway timeout). */
function codeForStatus(status: number): ErrorCode {
  if (status === 401) return 'AUTH_INVALID_TOKEN';
  if (status === 403) return 'FORBIDDEN_ROLE';
  if (status === 404) return 'NOT_FOUND';
  if (status === 413) return 'PAYLOAD_TOO_LARGE';
  if (status === 429) return 'RATE_LIMITED';
  if (status === 503) return 'STORE_UNAVAILABLE';
  if (status === 504) return 'TIMEOUT';
  return 'INTERNAL';
}

/**
 * The `AirError` of a refused REST call: the code and message the server sent
 * (its `{ error: { code, message } }` body), else one that fits the status.
 * The same class as every other SDK error, so a page handles them alike.
 */
export async function responseError(response: Response, what: string): Promise<AirError> {
  const fallback = new AirError(codeForStatus(response.status), `${what}: HTTP ${response.status}`);
  let body: unknown;
  try {
    body = await readJsonBounded(response, MAX_ERROR_BODY_BYTES, what);
  } catch {
    return fallback;
  }
  const error = typeof body === 'object' && body !== null && 'error' in body ? body.error : undefined;
  if (typeof error !== 'object' || error === null || !('code' in error) || !isErrorCode(error.code)) return fallback;
  const message = 'message' in error && typeof error.message === 'string' ? error.message : error.code;
  return new AirError(error.code, `${what}: ${message}`);
}

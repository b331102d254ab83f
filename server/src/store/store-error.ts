import { AirError } from '@aircounter/protocol';

/** SQLSTATEs that say "the database cannot serve this now", not "this statement is wrong". */
const UNAVAILABLE_STATES = new Set([
  '57014', // query_canceled: statement_timeout
  '57P01', // admin_shutdown
  '57P02', // crash_shutdown
  '57P03', // cannot_connect_now (starting up, recovering)
  '53300', // too_many_connections
  '40001', // serialization_failure
  '40P01', // deadlock_detected
  '25P03', // idle_in_transaction_session_timeout
]);
const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'ENOTFOUND', 'EPIPE', 'EAI_AGAIN']);
/** `pg` reports a lost connection and a full pool with plain errors. */
const UNAVAILABLE_MESSAGE = /connection terminated|timeout exceeded when trying to connect|connection timeout/i;

function errorCode(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null || !('code' in error)) return undefined;
  return typeof error.code === 'string' ? error.code : undefined;
}

/**
 * A driver error as the rest of the server sees it: STORE_UNAVAILABLE
 * (recoverable: retry later) when the database is unreachable, overloaded or
 * too slow; anything else is a bug and stays as it is. The message names the
 * kind of failure only (never the connection string or the SQL's values).
 */
export function toStoreError(error: unknown): unknown {
  if (error instanceof AirError) return error;
  const code = errorCode(error);
  const unavailable =
    (code !== undefined && (code.startsWith('08') || UNAVAILABLE_STATES.has(code) || NETWORK_CODES.has(code))) ||
    (error instanceof Error && UNAVAILABLE_MESSAGE.test(error.message));
  if (!unavailable) return error;
  return new AirError('STORE_UNAVAILABLE', `the database is unavailable (${code ?? 'connection'})`, { cause: error });
}

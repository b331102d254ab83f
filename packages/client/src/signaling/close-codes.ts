import { AirError, errorCodeForCloseCode } from '@aircounter/protocol';

/** Close codes of a socket closed on purpose by the client (leave, replace). */
export const NORMAL_CLOSURE = 1000;

/**
 * The error a WebSocket close means. Application codes (4000–4999) map to the
 * protocol's error table; anything else (1006 after a network failure, 1001
 * when the server restarts, 1011 …) is a lost connection, which is recoverable.
 */
export function errorForClose(code: number, reason: string): AirError {
  const errorCode = errorCodeForCloseCode(code);
  if (errorCode) return new AirError(errorCode, reason || errorCode);
  const detail = reason ? `: ${reason}` : '';
  return new AirError('CONNECTION_LOST', `signaling closed with ${code}${detail}`);
}

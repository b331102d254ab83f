import { SUBPROTOCOL, TOKEN_SUBPROTOCOL_PREFIX } from '@aircounter/protocol';

/** Subprotocols offered by the client (`Sec-WebSocket-Protocol`, comma-separated). */
export function offeredProtocols(header: string | string[] | undefined): string[] {
  const text = Array.isArray(header) ? header.join(',') : (header ?? '');
  return text
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item.length > 0);
}

/** The join token carried as the `aircounter.token.<jwt>` subprotocol, if offered. */
export function tokenFromProtocols(protocols: readonly string[]): string | undefined {
  const offered = protocols.find((protocol) => protocol.startsWith(TOKEN_SUBPROTOCOL_PREFIX));
  return offered?.slice(TOKEN_SUBPROTOCOL_PREFIX.length);
}

/**
 * The subprotocol the server answers: always `aircounter.v1`, never the token
 * one (echoing it would put the token in a response header).
 */
export function selectProtocol(protocols: ReadonlySet<string>): string | false {
  return protocols.has(SUBPROTOCOL) ? SUBPROTOCOL : false;
}

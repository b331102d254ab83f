import type { TermKey } from '../../translations/en.ts';

/** What the customer reads when the call is over, and whether rejoining can help. */
export interface EndedText {
  readonly key: TermKey;
  readonly canRejoin: boolean;
}

const NO_NEW_LINK_HELPS: Readonly<Record<string, TermKey>> = {
  AUTH_MISSING_TOKEN: 'videoSession.ended.expired',
  AUTH_INVALID_TOKEN: 'videoSession.ended.expired',
  AUTH_EXPIRED_TOKEN: 'videoSession.ended.expired',
  AUTH_WRONG_SESSION: 'videoSession.ended.notFound',
  SESSION_NOT_FOUND: 'videoSession.ended.notFound',
  DUPLICATE_PEER: 'videoSession.ended.duplicate',
};

/**
 * Plain words for the end of a call, from the session's `ended` reason and the
 * error code (the reason decides first: a server shutdown also carries
 * `SESSION_ENDED`). Rejoining is offered only where it can work.
 */
export function endedText(reason: string | undefined, code: string | undefined): EndedText {
  switch (reason) {
    case 'left':
      return { key: 'videoSession.ended.left', canRejoin: true };
    case 'consent-declined':
    case 'consent-withdrawn':
      return { key: 'videoSession.ended.consent', canRejoin: false };
    case 'server-shutdown':
      return { key: 'videoSession.ended.shutdown', canRejoin: true };
    case 'worker-died':
      return { key: 'videoSession.ended.interrupted', canRejoin: true };
  }
  const blocked = code === undefined ? undefined : NO_NEW_LINK_HELPS[code];
  if (blocked) return { key: blocked, canRejoin: false };
  if (code === 'WORKER_DIED') return { key: 'videoSession.ended.interrupted', canRejoin: true };
  if (code === 'CONNECTION_LOST' || code === 'TIMEOUT')
    return { key: 'videoSession.ended.connectionLost', canRejoin: true };
  if (reason === 'ended' || reason === 'session-ended' || code === 'SESSION_ENDED') {
    return { key: 'videoSession.ended.ended', canRejoin: false };
  }
  return { key: 'videoSession.ended.other', canRejoin: true };
}

import { createHmac } from 'node:crypto';
import type { IceServer, IceTransportPolicy } from '@aircounter/protocol';
import type { IceConfig } from '../config.ts';
import type { Secret } from '../secret.ts';

/**
 * TURN credentials of the TURN REST scheme (coturn `use-auth-secret`): the
 * username is `<expiry unix seconds>:<peer id>`, the password the base64
 * HMAC-SHA1 of the username keyed with the secret shared with the TURN
 * server. The TURN server needs no database: it recomputes the password and
 * refuses an expired username, so a leaked pair is useless after `ttlSeconds`.
 */
export function turnCredentials(
  secret: Secret,
  peerId: string,
  ttlSeconds: number,
  nowMs: number = Date.now(),
): { username: string; credential: string } {
  const username = `${Math.floor(nowMs / 1000) + ttlSeconds}:${peerId}`;
  const credential = createHmac('sha1', secret.reveal()).update(username).digest('base64');
  return { username, credential };
}

/** What the `join` answer tells a participant about ICE: servers (fresh TURN credentials) and policy. */
export function iceFor(
  config: IceConfig,
  peerId: string,
  nowMs: number = Date.now(),
): { iceServers?: IceServer[]; iceTransportPolicy?: IceTransportPolicy } {
  const iceServers: IceServer[] = [];
  if (config.stunUrls.length > 0) iceServers.push({ urls: [...config.stunUrls] });
  if (config.turnUrls.length > 0 && config.turnSecret !== undefined) {
    iceServers.push({
      urls: [...config.turnUrls],
      ...turnCredentials(config.turnSecret, peerId, config.turnCredentialTtlSeconds, nowMs),
    });
  }
  return {
    ...(iceServers.length > 0 ? { iceServers } : {}),
    ...(config.transportPolicy === 'relay' ? { iceTransportPolicy: 'relay' as const } : {}),
  };
}

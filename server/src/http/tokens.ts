import { DisplayName, Id } from '@aircounter/protocol';
import * as v from 'valibot';
import { LIVE_ROLES } from '../auth/tokens.ts';
import type { AirServices } from '../services.ts';
import { bankRoute } from './bank-route.ts';
import { readJson } from './body.ts';
import { idParam } from './params.ts';
import { sendJson } from './respond.ts';

const MIN_TTL_SECONDS = 30;

export function ttlSchema(maxSeconds: number) {
  return v.optional(v.pipe(v.number(), v.integer(), v.minValue(MIN_TTL_SECONDS), v.maxValue(maxSeconds)));
}

/** `POST /api/v1/sessions/:id/tokens`: a join token for one participant of a live session. */
export function registerTokenRoutes(services: AirServices): void {
  const { http, bankAuth, config, sessions, tokens, cluster } = services;
  const JoinTokenBody = v.strictObject({
    role: v.picklist(LIVE_ROLES),
    peerId: Id,
    displayName: DisplayName,
    ttlSeconds: ttlSchema(config.auth.maxTokenTtlSeconds),
  });

  http.add(
    'POST',
    '/api/v1/sessions/:id/tokens',
    bankRoute(bankAuth, async (request) => {
      const { req, res } = request;
      const session = await sessions.requireLive(idParam(request));
      const body = await readJson(req, config.http.maxJsonBodyBytes, JoinTokenBody);
      // Several nodes: the token names the node hosting the session (moved first if its node is dead).
      const route = cluster === undefined ? undefined : await cluster.route(session);
      const issued = await tokens.issueJoinToken({
        sessionId: session.id,
        peerId: body.peerId,
        role: body.role,
        displayName: body.displayName,
        ttlSeconds: body.ttlSeconds ?? config.auth.joinTokenTtlSeconds,
        signalingUrl: route?.signalingUrl,
      });
      sendJson(res, 200, {
        token: issued.token,
        expiresAt: new Date(issued.expiresAt).toISOString(),
        ...(route === undefined ? {} : { signalingUrl: route.signalingUrl, nodeId: route.nodeId }),
      });
    }),
  );
}

import { AirError, AuthorizationDecisionInput, Sha256Hex } from '@aircounter/protocol';
import * as v from 'valibot';
import { bearerCredential } from '../auth/api-key.ts';
import type { DeskClaims } from '../auth/tokens.ts';
import { toAuthorizationView } from '../authorization/views.ts';
import type { AirServices } from '../services.ts';
import { readJson } from './body.ts';
import { idParam } from './params.ts';
import { sendJson } from './respond.ts';
import type { RouteHandler, RouteRequest } from './router.ts';

/**
 * The authorization desk (`Authorization: Bearer <desk token>`), for
 * authorizers; not bound to one session, and it opens nothing else:
 *
 * - `GET  /api/v1/desk/authorizations`: the pending requests offered to me, soonest deadline first
 *   (each call also marks me available for routing).
 * - `GET  /api/v1/desk/authorizations/:id`: one request (offered to me or voted on by me).
 * - `GET  /api/v1/desk/authorizations/:id/attachments/:sha256`: an attachment's bytes.
 * - `POST /api/v1/desk/authorizations/:id/join`: a `supervisor` join token for the live call.
 * - `POST /api/v1/desk/authorizations/:id/decision` `{ decision, reasonCode, comment? }`: my vote.
 */
export function registerDeskRoutes(services: AirServices): void {
  const { http, config, tokens, authorization } = services;
  const desk =
    (handler: (request: RouteRequest, claims: DeskClaims) => Promise<void>): RouteHandler =>
    async (request) =>
      handler(request, await tokens.verifyDeskToken(bearerCredential(request.req.headers)));

  http.add(
    'GET',
    '/api/v1/desk/authorizations',
    desk(async ({ res }, claims) => {
      sendJson(res, 200, { authorizations: await authorization.deskQueue(claims), now: new Date().toISOString() });
    }),
  );
  http.add(
    'GET',
    '/api/v1/desk/authorizations/:id',
    desk(async (request, claims) => {
      const record = await authorization.deskOpen(claims, idParam(request));
      sendJson(request.res, 200, toAuthorizationView(record));
    }),
  );
  http.add(
    'GET',
    '/api/v1/desk/authorizations/:id/attachments/:sha256',
    desk(async (request, claims) => {
      const sha256 = v.safeParse(Sha256Hex, request.params['sha256']);
      if (!sha256.success) throw new AirError('INVALID_PARAMS', 'sha256 must be 64 lower-case hex digits');
      const { bytes, mediaType } = await authorization.deskAttachment(claims, idParam(request), sha256.output);
      request.res.writeHead(200, {
        'content-type': mediaType,
        'content-length': bytes.byteLength,
        'cache-control': 'no-store',
        'x-content-type-options': 'nosniff',
      });
      request.res.end(bytes);
    }),
  );
  http.add(
    'POST',
    '/api/v1/desk/authorizations/:id/join',
    desk(async (request, claims) => {
      const issued = await authorization.deskJoin(claims, idParam(request));
      sendJson(request.res, 200, {
        sessionId: issued.sessionId,
        token: issued.token,
        expiresAt: new Date(issued.expiresAt).toISOString(),
        ...(issued.route === undefined ? {} : { signalingUrl: issued.route.signalingUrl, nodeId: issued.route.nodeId }),
      });
    }),
  );
  http.add(
    'POST',
    '/api/v1/desk/authorizations/:id/decision',
    desk(async (request, claims) => {
      const body = await readJson(request.req, config.http.maxJsonBodyBytes, AuthorizationDecisionInput);
      sendJson(request.res, 200, await authorization.decide(claims, idParam(request), body));
    }),
  );
}

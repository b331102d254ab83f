import { AirError, AuthorizationRuleSetInput, AuthorizerLevel, DisplayName, Id } from '@aircounter/protocol';
import * as v from 'valibot';
import type { AuthorizationRuleSet } from '../store/authorization-rules-repository.ts';
import type { AirServices } from '../services.ts';
import { bankRoute } from './bank-route.ts';
import { readJson } from './body.ts';
import { idParam } from './params.ts';
import { sendJson } from './respond.ts';
import { ttlSchema } from './tokens.ts';

function ruleSetBody(ruleSet: AuthorizationRuleSet): unknown {
  return {
    version: ruleSet.version,
    routing: ruleSet.routing,
    rules: ruleSet.rules,
    createdAt: new Date(ruleSet.createdAt).toISOString(),
  };
}

/**
 * The bank back end's side of remote authorization (`Authorization: Bearer <AIR_API_KEY>`):
 *
 * - `PUT /api/v1/authorization-rules` `{ routing?, rules }`: publishes the next version of the rules.
 * - `GET /api/v1/authorization-rules`: the current version (404 before any).
 * - `POST /api/v1/desk-tokens` `{ authorizerId, displayName, level, ttlSeconds? }`: a token that opens the
 *   authorization desk (no session, no evidence).
 * - `GET /api/v1/sessions/:id/authorizations`: the session's requests with their votes.
 */
export function registerAuthorizationAdminRoutes(services: AirServices): void {
  const { http, bankAuth, config, store, tokens, sessions, authorization } = services;
  const DeskTokenBody = v.strictObject({
    authorizerId: Id,
    displayName: DisplayName,
    level: AuthorizerLevel,
    ttlSeconds: ttlSchema(config.auth.maxTokenTtlSeconds),
  });

  http.add(
    'PUT',
    '/api/v1/authorization-rules',
    bankRoute(bankAuth, async ({ req, res, log }) => {
      const body = await readJson(req, config.http.maxJsonBodyBytes, AuthorizationRuleSetInput);
      const published = await store.authorizationRules.publish(body);
      log.info('authorization rules published', { version: published.version, rules: published.rules.length });
      sendJson(res, 200, ruleSetBody(published));
    }),
  );
  http.add(
    'GET',
    '/api/v1/authorization-rules',
    bankRoute(bankAuth, async ({ res }) => {
      const current = await store.authorizationRules.current();
      if (current === undefined) throw new AirError('NOT_FOUND', 'no authorization rules published yet');
      sendJson(res, 200, ruleSetBody(current));
    }),
  );
  http.add(
    'POST',
    '/api/v1/desk-tokens',
    bankRoute(bankAuth, async ({ req, res }) => {
      const body = await readJson(req, config.http.maxJsonBodyBytes, DeskTokenBody);
      const issued = await tokens.issueDeskToken({
        authorizerId: body.authorizerId,
        displayName: body.displayName,
        level: body.level,
        ttlSeconds: body.ttlSeconds ?? config.auth.joinTokenTtlSeconds,
      });
      sendJson(res, 200, { token: issued.token, expiresAt: new Date(issued.expiresAt).toISOString() });
    }),
  );
  http.add(
    'GET',
    '/api/v1/sessions/:id/authorizations',
    bankRoute(bankAuth, async (request) => {
      const session = await sessions.require(idParam(request));
      sendJson(request.res, 200, { authorizations: await authorization.listForSession(session.id) });
    }),
  );
}

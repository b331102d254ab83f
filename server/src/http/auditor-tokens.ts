import { DisplayName, Id } from '@aircounter/protocol';
import * as v from 'valibot';
import { AuditorScope } from '../auth/auditor.ts';
import type { AirServices } from '../services.ts';
import { bankRoute } from './bank-route.ts';
import { readJson } from './body.ts';
import { sendJson } from './respond.ts';
import { ttlSchema } from './tokens.ts';

/**
 * `POST /api/v1/auditor-tokens` `{ auditorId, displayName, ttlSeconds?, scope? }`: a token that opens the
 * evidence API (and no live session), limited to `scope` (`{ sessionIds?, from?, to? }`) when given.
 */
export function registerAuditorTokenRoutes(services: AirServices): void {
  const { http, bankAuth, config, tokens } = services;
  const AuditorTokenBody = v.strictObject({
    auditorId: Id,
    displayName: DisplayName,
    ttlSeconds: ttlSchema(config.auth.maxTokenTtlSeconds),
    scope: v.optional(AuditorScope),
  });

  http.add(
    'POST',
    '/api/v1/auditor-tokens',
    bankRoute(bankAuth, async ({ req, res }) => {
      const body = await readJson(req, config.http.maxJsonBodyBytes, AuditorTokenBody);
      const issued = await tokens.issueAuditorToken({
        auditorId: body.auditorId,
        displayName: body.displayName,
        ttlSeconds: body.ttlSeconds ?? config.auth.joinTokenTtlSeconds,
        scope: body.scope,
      });
      sendJson(res, 200, { token: issued.token, expiresAt: new Date(issued.expiresAt).toISOString() });
    }),
  );
}

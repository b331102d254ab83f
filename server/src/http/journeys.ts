import { JourneyRef } from '@aircounter/journeys';
import { AirError } from '@aircounter/protocol';
import * as v from 'valibot';
import type { AirServices } from '../services.ts';
import { bankRoute } from './bank-route.ts';
import { readJson } from './body.ts';
import { sendJson } from './respond.ts';
import type { RouteRequest } from './router.ts';

/** Any JSON object: the journey service validates the definition itself (with the path of the first problem). */
const AnyObject = v.record(v.string(), v.unknown());

/** `:id` and `:version` of a definition's path, checked before anything is looked up. */
function refParams(request: Pick<RouteRequest, 'params'>): JourneyRef {
  const parsed = v.safeParse(JourneyRef, {
    id: request.params['id'] ?? '',
    version: Number(request.params['version'] ?? Number.NaN),
  });
  if (!parsed.success) {
    throw new AirError(
      'INVALID_PARAMS',
      'a journey id is lower-case letters, digits and dashes; a version an integer ≥ 1',
    );
  }
  return parsed.output;
}

/**
 * `POST /api/v1/journeys` registers a definition (201 new, 200 the same
 * content again, 409 STORAGE_WRITE_ONCE other content under a registered
 * version); `GET /api/v1/journeys/:id/:version` returns it with its hash.
 * Both need the API key.
 */
export function registerJourneyRoutes(services: AirServices): void {
  const { http, bankAuth, config, journeys } = services;

  http.add(
    'POST',
    '/api/v1/journeys',
    bankRoute(bankAuth, async ({ req, res }) => {
      const body = await readJson(req, config.journeys.maxDefinitionBytes, AnyObject);
      const { created, definition } = await journeys.register(body);
      sendJson(res, created ? 201 : 200, {
        id: definition.definition.id,
        version: definition.definition.version,
        sha256: definition.sha256,
      });
    }),
  );

  http.add(
    'GET',
    '/api/v1/journeys/:id/:version',
    bankRoute(bankAuth, async (request) => {
      const loaded = await journeys.definition(refParams(request));
      sendJson(request.res, 200, { sha256: loaded.sha256, definition: loaded.definition });
    }),
  );
}

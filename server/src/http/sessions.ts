import { JOURNEY_LOCALES, JourneyRef } from '@aircounter/journeys';
import { Id, MAX_TEXT_LENGTH } from '@aircounter/protocol';
import * as v from 'valibot';
import type { AirServices } from '../services.ts';
import type { Session } from '../sessions.ts';
import { bankRoute } from './bank-route.ts';
import { readJson } from './body.ts';
import { idParam } from './params.ts';
import { sendJson, sendNoContent } from './respond.ts';

const CreateSessionBody = v.strictObject({
  reference: v.optional(v.pipe(v.string(), v.minLength(1), v.maxLength(MAX_TEXT_LENGTH))),
  agentId: v.optional(Id),
  /** A registered journey the session runs, and the locale its texts are shown in (zh-Hans by default). */
  journey: v.optional(
    v.strictObject({ ...JourneyRef.entries, locale: v.optional(v.picklist(JOURNEY_LOCALES), 'zh-Hans') }),
  ),
});

function iso(ms: number | undefined): string | null {
  return ms === undefined ? null : new Date(ms).toISOString();
}

/** The REST view of a session; peers are those in its live room. */
export function sessionView(session: Session, services: AirServices): Record<string, unknown> {
  const room = services.rooms.get(session.id);
  return {
    sessionId: session.id,
    status: session.status,
    reference: session.reference ?? null,
    agentId: session.agentId ?? null,
    createdAt: iso(session.createdAt),
    activatedAt: iso(session.activatedAt),
    endedAt: iso(session.endedAt),
    endReason: session.endReason ?? null,
    peers: room
      ? [...room.peers.values()].map((peer) => ({
          peerId: peer.id,
          role: peer.role,
          displayName: peer.displayName,
          connected: peer.connected,
        }))
      : [],
  };
}

/** `POST /api/v1/sessions`, `GET /api/v1/sessions/:id`, `POST /api/v1/sessions/:id/end`. */
export function registerSessionRoutes(services: AirServices): void {
  const { http, bankAuth, config, sessions } = services;

  http.add(
    'POST',
    '/api/v1/sessions',
    bankRoute(bankAuth, async ({ req, res }) => {
      const { journey, ...details } = await readJson(req, config.http.maxJsonBodyBytes, CreateSessionBody);
      // An unknown journey is refused before any session exists.
      const definition = journey === undefined ? undefined : await services.journeys.definition(journey);
      const session = await sessions.create(details);
      if (definition !== undefined && journey !== undefined) {
        await services.journeys.begin(session.id, definition, journey.locale);
      }
      sendJson(res, 201, {
        sessionId: session.id,
        createdAt: iso(session.createdAt),
        ...(definition === undefined
          ? {}
          : {
              journey: {
                id: definition.definition.id,
                version: definition.definition.version,
                sha256: definition.sha256,
              },
            }),
      });
    }),
  );

  http.add(
    'GET',
    '/api/v1/sessions/:id',
    bankRoute(bankAuth, async (request) => {
      sendJson(request.res, 200, sessionView(await sessions.require(idParam(request)), services));
    }),
  );

  http.add(
    'POST',
    '/api/v1/sessions/:id/end',
    bankRoute(bankAuth, async (request) => {
      // Ending twice is fine (idempotent); an unknown session is 404.
      await sessions.end(idParam(request), 'ended');
      sendNoContent(request.res);
    }),
  );
}

import { AirError } from '@aircounter/protocol';
import type { AirServices } from '../services.ts';
import type { OutboxEvent } from '../store/webhook-outbox-repository.ts';
import { bankRoute } from './bank-route.ts';
import { idParam } from './params.ts';
import { sendJson } from './respond.ts';

/** Page size of the dead-letter list: default and largest. */
const DEFAULT_PAGE = 50;
const MAX_PAGE = 200;

function iso(ms: number | undefined): string | null {
  return ms === undefined ? null : new Date(ms).toISOString();
}

/** The REST view of a dead event: its delivery history, not its body (the bank has GET …/:id for that). */
function deadView(event: OutboxEvent): Record<string, unknown> {
  return {
    id: event.id,
    type: event.type,
    sessionId: event.sessionId,
    sequence: event.sequence,
    attempts: event.attempts,
    lastStatus: event.lastStatus ?? null,
    lastError: event.lastError ?? null,
    createdAt: iso(event.createdAt),
    deadAt: iso(event.deadAt),
  };
}

function pageSize(url: URL): number {
  const raw = url.searchParams.get('limit');
  if (raw === null) return DEFAULT_PAGE;
  const limit = Number(raw);
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_PAGE) {
    throw new AirError('INVALID_PARAMS', `limit must be an integer from 1 to ${MAX_PAGE}`);
  }
  return limit;
}

/**
 * The webhook dead-letter list for the bank back end (API key):
 * `GET /api/v1/webhooks/dead-letters` (`limit`, `cursor`), `GET
 * /api/v1/webhooks/events/:id` (one event with its body), `POST
 * /api/v1/webhooks/dead-letters/:id/redeliver` (back in line with fresh
 * attempts, ahead of its session's later events).
 */
export function registerWebhookRoutes(services: AirServices): void {
  const { http, bankAuth, store } = services;

  http.add(
    'GET',
    '/api/v1/webhooks/dead-letters',
    bankRoute(bankAuth, async ({ res, url }) => {
      const limit = pageSize(url);
      const cursor = url.searchParams.get('cursor') ?? undefined;
      if (cursor !== undefined) idParam({ params: { cursor } }, 'cursor');
      const events = await store.webhooks.listDead(limit + 1, cursor);
      const page = events.slice(0, limit);
      sendJson(res, 200, {
        events: page.map(deadView),
        nextCursor: events.length > limit ? (page.at(-1)?.id ?? null) : null,
      });
    }),
  );

  http.add(
    'GET',
    '/api/v1/webhooks/events/:id',
    bankRoute(bankAuth, async (request) => {
      const event = await store.webhooks.get(idParam(request));
      if (event === undefined) throw new AirError('WEBHOOK_NOT_FOUND', 'no such webhook event');
      sendJson(request.res, 200, {
        ...deadView(event),
        state: event.state,
        deliveredAt: iso(event.deliveredAt),
        body: JSON.parse(event.body) as unknown,
      });
    }),
  );

  http.add(
    'POST',
    '/api/v1/webhooks/dead-letters/:id/redeliver',
    bankRoute(bankAuth, async (request) => {
      const id = idParam(request);
      if (!(await store.webhooks.redeliver(id))) {
        throw new AirError('WEBHOOK_NOT_FOUND', 'no dead-lettered webhook event with this id');
      }
      request.log.info('webhook event put back for delivery', { eventId: id });
      services.webhooks.dispatcher?.wake();
      sendJson(request.res, 202, { id, state: 'pending' });
    }),
  );
}

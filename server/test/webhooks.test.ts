import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Secret } from '../src/secret.ts';
import { startTestServer, type TestServer } from './helpers/test-server.ts';
import { TestSignalingClient } from './helpers/signaling-client.ts';
import { startWebhookReceiver, type Delivery, type WebhookReceiver } from './helpers/webhook-receiver.ts';

const SECRET = randomBytes(32).toString('base64url');

describe('webhooks to the bank (real server, real receiver)', () => {
  let receiver: WebhookReceiver;
  let server: TestServer;

  beforeAll(async () => {
    receiver = await startWebhookReceiver(SECRET);
    server = await startTestServer({
      signaling: { reconnectGraceMs: 0 },
      webhooks: {
        url: receiver.url,
        secret: new Secret(SECRET),
        maxAttempts: 3,
        retryBaseMs: 50,
        retryMaxMs: 200,
        pollIntervalMs: 50,
        timeoutMs: 2000,
      },
    });
  });
  afterAll(async () => {
    await server.close();
    await receiver.close();
  });

  const of = (sessionId: string): Delivery[] => receiver.deliveries.filter((d) => d.event.sessionId === sessionId);
  const accepted = (sessionId: string): string[] =>
    of(sessionId)
      .filter((d) => d.status === 200)
      .map((d) => d.event.type);

  it('delivers signed events of a call in order, retrying a failed one before the next is sent', async () => {
    let refusedOnce = false;
    receiver.answer(({ event }) => {
      if (event.type === 'session.created' && !refusedOnce) {
        refusedOnce = true;
        return 503;
      }
      return 200;
    });
    const sessionId = await server.createSession({ reference: 'CASE-17' });
    const client = await TestSignalingClient.open(server.wsUrl, await server.token(sessionId, 'customer', 'c1', 'Ada'));
    const { rtpCapabilities } = await client.request('getRouterRtpCapabilities', {});
    await client.request('join', { rtpCapabilities });
    await client.request('leave', {});
    await client.close();
    expect((await server.api('POST', `/api/v1/sessions/${sessionId}/end`)).status).toBe(204);
    await receiver.until(() => accepted(sessionId).includes('evidence.sealed'));

    const deliveries = of(sessionId);
    expect(deliveries.every((d) => d.verified)).toBe(true);
    // The refused first attempt, then the same event (same id) again, then the rest in the session's order.
    expect(deliveries.map((d) => `${d.event.type}:${d.status}`)).toEqual([
      'session.created:503',
      'session.created:200',
      'participant.joined:200',
      'participant.left:200',
      'session.ended:200',
      'evidence.sealed:200',
    ]);
    expect(deliveries[1]?.event.id).toBe(deliveries[0]?.event.id);
    expect(deliveries[1]?.headers['aircounter-webhook-id']).toBe(deliveries[0]?.event.id);
    const sequences = deliveries.slice(1).map((d) => d.event.sequence);
    expect([...sequences].sort((a, b) => a - b)).toEqual(sequences);
    expect(new Set(deliveries.slice(1).map((d) => d.event.id)).size).toBe(5);
    expect(deliveries[0]?.event.data).toEqual({ reference: 'CASE-17', agentId: null });
    expect(deliveries[2]?.event.data).toEqual({ peerId: 'c1', role: 'customer', displayName: 'Ada' });
    expect(deliveries[5]?.event.data).toMatchObject({ complete: expect.any(Boolean) as boolean });
  });

  it('puts an event whose attempts ran out on the dead-letter list, and redelivers it on request', async () => {
    let endpointBroken = true;
    receiver.answer(({ event }) => (endpointBroken && event.type === 'session.created' ? 500 : 200));
    const sessionId = await server.createSession();
    await receiver.until(() => of(sessionId).length === 3);

    let listed: { events: Array<Record<string, unknown>> } = { events: [] };
    for (let tries = 0; tries < 100 && !listed.events.some((e) => e['sessionId'] === sessionId); tries += 1) {
      listed = (await (await server.api('GET', '/api/v1/webhooks/dead-letters')).json()) as typeof listed;
      if (!listed.events.some((e) => e['sessionId'] === sessionId)) await new Promise((r) => setTimeout(r, 50));
    }
    const dead = listed.events.find((e) => e['sessionId'] === sessionId);
    expect(dead).toMatchObject({ type: 'session.created', attempts: 3, lastStatus: 500, lastError: 'HTTP 500' });
    const id = String(dead?.['id']);

    const one = (await (await server.api('GET', `/api/v1/webhooks/events/${id}`)).json()) as Record<string, unknown>;
    expect(one).toMatchObject({ state: 'dead', body: { id, type: 'session.created', sessionId } });

    // The bank's endpoint is fixed; the operator redelivers.
    endpointBroken = false;
    const redeliver = await server.api('POST', `/api/v1/webhooks/dead-letters/${id}/redeliver`);
    expect(redeliver.status).toBe(202);
    await receiver.until(() => accepted(sessionId).includes('session.created'));
    expect(of(sessionId).map((d) => d.status)).toEqual([500, 500, 500, 200]);
    expect(new Set(of(sessionId).map((d) => d.event.id))).toEqual(new Set([id]));

    // Only dead events can be redelivered; the list needs the API key.
    expect((await server.api('POST', `/api/v1/webhooks/dead-letters/${id}/redeliver`)).status).toBe(404);
    const unknown = await server.api('POST', '/api/v1/webhooks/dead-letters/no-such-event/redeliver');
    expect(((await unknown.json()) as { error: { code: string } }).error.code).toBe('WEBHOOK_NOT_FOUND');
    expect((await fetch(`${server.baseUrl}/api/v1/webhooks/dead-letters`)).status).toBe(401);
    expect((await server.api('GET', '/api/v1/webhooks/dead-letters?limit=0')).status).toBe(400);
  });
});

import { once } from 'node:events';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { signWebhook, WEBHOOK_HEADERS } from '@aircounter/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWebhookReceiver, demoWebhookSecret, WEBHOOK_PATH } from './webhook-receiver.ts';

const SECRET = demoWebhookSecret('a-demo-token-secret-of-at-least-32-bytes');

describe("the demo bank's webhook endpoint", () => {
  const receiver = createWebhookReceiver({ secret: SECRET });
  const server = createServer((req, res) => {
    void receiver.handle(req, res).then((handled) => (handled ? undefined : res.writeHead(404).end()));
  });
  let url = '';
  beforeAll(async () => {
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}${WEBHOOK_PATH}`;
  });
  afterAll(() => {
    server.close();
  });

  const event = {
    id: 'evt-1',
    type: 'session.ended',
    sessionId: 's-1',
    sequence: 4,
    occurredAt: '2026-12-04T10:00:00.000Z',
    data: { reason: 'ended' },
  };
  const post = (body: string, timestamp: number, secret = SECRET) =>
    fetch(url, {
      method: 'POST',
      headers: {
        [WEBHOOK_HEADERS.id]: 'evt-1',
        [WEBHOOK_HEADERS.timestamp]: String(timestamp),
        [WEBHOOK_HEADERS.signature]: signWebhook(secret, timestamp, body),
      },
      body,
    });

  it('accepts a signed event once, acknowledges its retry, refuses a forgery and a replay', async () => {
    const now = Math.floor(Date.now() / 1000);
    const body = JSON.stringify(event);
    expect((await post(body, now)).status).toBe(204);
    expect((await post(body, now + 1)).status).toBe(204);
    expect(receiver.events()).toEqual([event]);
    expect((await post(body, now, 'another-secret-another-secret-0000')).status).toBe(401);
    expect((await post(body, now - 3600)).status).toBe(401);
    expect(receiver.events()).toHaveLength(1);
  });
});

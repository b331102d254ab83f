import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedPgliteDir, sharedPgliteSeedDir } from '../src/store/pglite-db.ts';
import { spawnMain, type MainProcess } from './helpers/main-process.ts';
import { startWebhookReceiver, type WebhookReceiver } from './helpers/webhook-receiver.ts';

describe('webhook retries across a server restart (real process)', () => {
  const secret = randomBytes(32).toString('base64url');
  const secrets = { apiKey: randomBytes(24).toString('base64url'), tokenSecret: randomBytes(32).toString('base64url') };
  let dataDir: string;
  let receiver: WebhookReceiver;
  let server: MainProcess | undefined;

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'air-webhook-restart-'));
    await seedPgliteDir(join(dataDir, 'db'), sharedPgliteSeedDir());
    receiver = await startWebhookReceiver(secret);
  });
  afterAll(async () => {
    if (server && server.child.exitCode === null) {
      server.child.kill('SIGKILL');
      await server.exited;
    }
    await receiver.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  const start = async (): Promise<string> => {
    server = spawnMain(
      {
        AIR_DATA_DIR: dataDir,
        AIR_NODE_ID: 'node-1',
        AIR_LOG_LEVEL: 'info',
        AIR_WEBHOOK_URL: receiver.url,
        AIR_WEBHOOK_SECRET: secret,
        AIR_WEBHOOK_RETRY_BASE_MS: '100',
        AIR_WEBHOOK_RETRY_MAX_MS: '400',
        AIR_WEBHOOK_POLL_INTERVAL_MS: '50',
      },
      secrets,
    );
    return `http://127.0.0.1:${await server.listening}`;
  };

  it(
    'keeps an undelivered event through SIGKILL and delivers it, same id, after the restart',
    { timeout: 120_000 },
    async () => {
      receiver.answer(() => 503);
      let base = await start();
      const created = await fetch(`${base}/api/v1/sessions`, {
        method: 'POST',
        headers: { authorization: `Bearer ${secrets.apiKey}`, 'content-type': 'application/json' },
        body: JSON.stringify({ reference: 'CASE-restart' }),
      });
      const { sessionId } = (await created.json()) as { sessionId: string };
      const ofSession = () => receiver.deliveries.filter((d) => d.event.sessionId === sessionId);
      await receiver.until(() => ofSession().length >= 2);

      // A crash while the endpoint is down: nothing runs on the way down.
      server?.child.kill('SIGKILL');
      await server?.exited;
      const failedBefore = ofSession().length;
      receiver.answer(() => 200);

      base = await start();
      await receiver.until(() => ofSession().some((d) => d.status === 200));
      const deliveries = ofSession();
      expect(deliveries.slice(0, failedBefore).every((d) => d.status === 503)).toBe(true);
      expect(deliveries.every((d) => d.verified && d.event.type === 'session.created')).toBe(true);
      expect(new Set(deliveries.map((d) => d.event.id)).size).toBe(1);
      expect(deliveries.filter((d) => d.status === 200)).toHaveLength(1);

      const id = deliveries[0]?.event.id ?? '';
      const stored = await fetch(`${base}/api/v1/webhooks/events/${id}`, {
        headers: { authorization: `Bearer ${secrets.apiKey}` },
      });
      const outcome = (await stored.json()) as { state: string; attempts: number; lastStatus: number };
      expect(outcome).toMatchObject({ state: 'delivered', lastStatus: 200 });
      // Failures recorded before the crash count; an attempt the kill interrupted before its outcome was stored does not.
      expect(outcome.attempts).toBeGreaterThanOrEqual(2);
      expect(outcome.attempts).toBeLessThanOrEqual(deliveries.length);
    },
  );
});

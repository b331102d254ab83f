import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../../../tests/support/free-port.ts';
import { startDemo } from './main.ts';

describe('the demo bank receives and verifies its own webhooks', () => {
  let dataDir: string;
  let demo: Awaited<ReturnType<typeof startDemo>> | undefined;

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'air-demo-webhooks-'));
    demo = await startDemo({
      port: await freePort(),
      host: '127.0.0.1',
      dataDir,
      env: { AIR_LOG_LEVEL: 'warn', AIR_WORKERS: '1', AIR_WEBHOOK_RETRY_BASE_MS: '100' },
    });
  }, 120_000);
  afterAll(async () => {
    await demo?.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('gets session.created and session.ended, signed, for a session the bank opened and ended', async () => {
    if (!demo) throw new Error('demo not started');
    const { apiKey } = JSON.parse(readFileSync(join(dataDir, 'demo-secrets.json'), 'utf8')) as { apiKey: string };
    const api = (path: string, body?: unknown) =>
      fetch(`http://127.0.0.1:${demo?.port ?? 0}${path}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json' },
        body: JSON.stringify(body ?? {}),
      });
    const { sessionId } = (await (await api('/api/v1/sessions', { reference: 'DEMO-1' })).json()) as {
      sessionId: string;
    };
    expect((await api(`/api/v1/sessions/${sessionId}/end`)).status).toBe(204);
    const types = () => (demo?.webhookEvents() ?? []).filter((e) => e.sessionId === sessionId).map((e) => e.type);
    await expect.poll(types, { timeout: 30_000 }).toEqual(['session.created', 'session.ended', 'evidence.sealed']);
  }, 60_000);
});

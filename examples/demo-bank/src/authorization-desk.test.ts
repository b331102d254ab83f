import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_AUTHORIZATION_RULES } from './authorization-rules.ts';
import { startDemo } from './main.ts';

// The demo bank's side of remote authorization: its rules are published at
// start-up (once: a restart adds no version), and a logged-in supervisor gets
// a desk token for themself, while other staff and strangers get none.

type Demo = Awaited<ReturnType<typeof startDemo>>;

const ENV = { AIR_LOG_LEVEL: 'warn', AIR_WORKERS: '1' } as const;

describe('the demo bank and remote authorization', () => {
  let dataDir = '';
  let demo: Demo | undefined;

  const running = (): Demo => {
    if (!demo) throw new Error('demo not started');
    return demo;
  };
  const apiKey = (): string =>
    (JSON.parse(readFileSync(join(dataDir, 'demo-secrets.json'), 'utf8')) as { apiKey: string }).apiKey;
  const currentRules = async (): Promise<{ version: number; routing: string; rules: unknown[] }> => {
    const response = await fetch(`${running().url}/api/v1/authorization-rules`, {
      headers: { authorization: `Bearer ${apiKey()}` },
    });
    expect(response.status).toBe(200);
    return (await response.json()) as { version: number; routing: string; rules: unknown[] };
  };
  const login = async (username: string): Promise<string> => {
    const response = await fetch(`${running().url}/bank/api/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username, password: running().demoPassword }),
    });
    expect(response.status).toBe(200);
    const cookie = response.headers.get('set-cookie')?.split(';')[0];
    if (cookie === undefined) throw new Error('no login cookie');
    return cookie;
  };
  const askDeskToken = (cookie?: string): Promise<Response> =>
    fetch(`${running().url}/bank/api/desk-token`, {
      method: 'POST',
      headers: cookie === undefined ? {} : { cookie },
    });

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'air-demo-authz-'));
    demo = await startDemo({ port: 0, host: '127.0.0.1', dataDir, env: ENV });
  }, 120_000);
  afterAll(async () => {
    await demo?.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('publishes its rules at start-up, and the same rules again add no version', async () => {
    const published = await currentRules();
    expect(published.routing).toBe(DEMO_AUTHORIZATION_RULES.routing);
    expect(published.rules).toEqual(DEMO_AUTHORIZATION_RULES.rules);
    expect(await running().bank.publishAuthorizationRules()).toBe(published.version);

    // A restart on the same data keeps the version in force.
    await running().close();
    demo = undefined;
    demo = await startDemo({ port: 0, host: '127.0.0.1', dataDir, env: ENV });
    expect((await currentRules()).version).toBe(published.version);
  }, 120_000);

  it('issues a level-2 desk token to the logged-in supervisor, which opens the desk API', async () => {
    const response = await askDeskToken(await login('supervisor'));
    expect(response.status).toBe(200);
    const body = (await response.json()) as { token: string; expiresAt: string; authorizerId: string };
    expect(body.authorizerId).toBe('supervisor');
    expect(Date.parse(body.expiresAt)).toBeGreaterThan(Date.now());
    const queue = await fetch(`${running().url}/api/v1/desk/authorizations`, {
      headers: { authorization: `Bearer ${body.token}` },
    });
    expect(queue.status).toBe(200);
    expect(((await queue.json()) as { authorizations: unknown[] }).authorizations).toEqual([]);
  });

  it('refuses a desk token to an agent, a compliance officer and anyone not logged in', async () => {
    expect((await askDeskToken(await login('agent'))).status).toBe(403);
    expect((await askDeskToken(await login('compliance'))).status).toBe(403);
    expect((await askDeskToken()).status).toBe(401);
  });
});

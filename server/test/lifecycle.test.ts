import { once } from 'node:events';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { createAirServer } from '../src/app.ts';
import { configForTests } from '../src/config.ts';
import { seedPgliteDir, sharedPgliteSeedDir } from '../src/store/pglite-db.ts';
import { spawnMain } from './helpers/main-process.ts';
import { joinAs } from './helpers/peers.ts';
import { TestSignalingClient } from './helpers/signaling-client.ts';
import { startTestServer } from './helpers/test-server.ts';

describe('graceful shutdown', () => {
  it('stops accepting, closes rooms (sessions stay open), then runs shutdown hooks in order', async () => {
    const server = await startTestServer();
    const sessionId = await server.createSession();
    const agent = await joinAs(server, sessionId, 'agent', 'agent-1');
    const order: string[] = [];
    let statusDuringShutdown: string | undefined;
    server.app.services.rooms.get(sessionId)?.on('closed', ({ reason }) => order.push(`room closed: ${reason}`));
    server.app.onShutdown(async () => {
      order.push('hook 1');
      statusDuringShutdown = (await server.app.services.sessions.get(sessionId))?.status;
    });
    server.app.onShutdown(() => {
      order.push('hook 2');
      throw new Error('a failing hook does not stop the others');
    });
    server.app.onShutdown(() => {
      order.push('hook 3');
    });

    const closing = server.app.close();
    expect(server.app.close()).toBe(closing);
    await closing;
    expect(order).toEqual(['room closed: server-shutdown', 'hook 1', 'hook 2', 'hook 3']);
    // Sessions are durable: the room closed, the session did not end, and the client is told to come back (1001).
    expect(statusDuringShutdown).toBe('active');
    expect(await agent.client.closed).toEqual({ code: 1001, reason: 'server-shutdown' });
    expect(agent.client.notifications.map((notification) => notification.method)).not.toContain('sessionEnded');
    expect(server.app.services.workers.size).toBe(0);
    await expect(fetch(`${server.baseUrl}/healthz`)).rejects.toThrow();
  });

  it('mounts beside a host app on one port', async () => {
    const app = await createAirServer(configForTests());
    const host = createServer((req, res) => {
      if (app.handleRequest(req, res)) return;
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.end('host page');
    });
    host.on('upgrade', (req, socket, head) => {
      if (!app.handleUpgrade(req, socket, head)) socket.destroy();
    });
    host.listen(0, '127.0.0.1');
    await once(host, 'listening');
    const { port } = host.address() as AddressInfo;
    try {
      expect(await (await fetch(`http://127.0.0.1:${port}/`)).text()).toBe('host page');
      expect((await fetch(`http://127.0.0.1:${port}/healthz`)).status).toBe(200);
      const refused = await TestSignalingClient.refused(`ws://127.0.0.1:${port}/signaling`, undefined);
      expect(refused.reason).toBe('AUTH_MISSING_TOKEN');
    } finally {
      await app.close();
      host.close();
    }
  });
});

describe('main.ts', () => {
  // A real start-up (embedded database, media worker) in a child process: a generous limit, not a timing assertion.
  it(
    'starts from the environment and exits 0 on SIGTERM after telling peers to come back',
    { timeout: 180_000 },
    async () => {
      // A data directory of its own, fresh each run (one left by another version would hold another schema),
      // with a copy of an initialized embedded database instead of initdb on first start (slow in WebAssembly).
      const dataDir = await mkdtemp(join(tmpdir(), 'aircounter-main-test-'));
      onTestFinished(() => rm(dataDir, { recursive: true, force: true }));
      await seedPgliteDir(join(dataDir, 'db'), sharedPgliteSeedDir());
      const proc = spawnMain({ AIR_DATA_DIR: dataDir });
      const { apiKey, tokenSecret: secret } = proc;
      const port = await proc.listening;
      const base = `http://127.0.0.1:${port}`;
      const headers = { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json' };
      const { sessionId } = (await (await fetch(`${base}/api/v1/sessions`, { method: 'POST', headers })).json()) as {
        sessionId: string;
      };
      const tokenResponse = await fetch(`${base}/api/v1/sessions/${sessionId}/tokens`, {
        method: 'POST',
        headers,
        body: JSON.stringify({ role: 'agent', peerId: 'agent-1', displayName: 'Agent' }),
      });
      const { token } = (await tokenResponse.json()) as { token: string };
      const client = await TestSignalingClient.open(`ws://127.0.0.1:${port}/signaling`, token);
      const { rtpCapabilities } = await client.request('getRouterRtpCapabilities', {});
      await client.request('join', { rtpCapabilities });

      proc.child.kill('SIGTERM');
      expect(await proc.exited).toEqual([0, null]);
      expect(await client.closed).toEqual({ code: 1001, reason: 'server-shutdown' });
      const { stdout } = proc.output();
      expect(stdout).toContain('"msg":"shut down"');
      // Secrets never reach the logs, not even in the configuration summary.
      expect(stdout).not.toContain(secret);
      expect(stdout).not.toContain(apiKey);
      expect(stdout).not.toContain(token.split('.')[2]);
      expect(stdout).toContain('"tokenSecret":"[redacted]"');
    },
  );

  it('refuses to start with an invalid environment and names the problem', async () => {
    const proc = spawnMain({ AIR_TOKEN_SECRET: 'short', AIR_API_KEY: 'also-short' });
    expect((await proc.exited)[0]).toBe(78);
    expect(proc.output().stderr).toContain('AIR_TOKEN_SECRET: must be at least 32 bytes');
    expect(proc.output().stderr).not.toContain('also-short');
  });
});

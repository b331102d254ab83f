import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ERRORS } from '@aircounter/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedPgliteDir, sharedPgliteSeedDir } from '../src/store/pglite-db.ts';
import { spawnMain, type MainProcess } from './helpers/main-process.ts';
import { TestSignalingClient } from './helpers/signaling-client.ts';

interface Running {
  readonly child: MainProcess['child'];
  readonly base: string;
  readonly ws: string;
  readonly exited: MainProcess['exited'];
  readonly stdout: () => string;
}

/** The production entry point (main.ts) on an ephemeral port, on the given data directory. */
async function startMain(env: Record<string, string>): Promise<Running> {
  const main = spawnMain(env);
  const port = await main.listening;
  return {
    child: main.child,
    base: `http://127.0.0.1:${port}`,
    ws: `ws://127.0.0.1:${port}/signaling`,
    exited: main.exited,
    stdout: () => main.output().stdout,
  };
}

describe('restart without losing sessions', () => {
  let dataDir: string;
  let env: Record<string, string>;
  let server: Running | undefined;

  const api = async (method: string, path: string, body?: unknown): Promise<Response> =>
    fetch(`${server?.base ?? ''}${path}`, {
      method,
      headers: { authorization: `Bearer ${env['AIR_API_KEY'] ?? ''}`, 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
  const token = async (sessionId: string, peerId: string): Promise<string> => {
    const response = await api('POST', `/api/v1/sessions/${sessionId}/tokens`, {
      role: 'agent',
      peerId,
      displayName: 'Agent',
    });
    return ((await response.json()) as { token: string }).token;
  };
  const status = async (sessionId: string): Promise<string> =>
    ((await (await api('GET', `/api/v1/sessions/${sessionId}`)).json()) as { status: string }).status;
  const evidenceStatus = async (sessionId: string): Promise<string> => {
    const auditor = (await (
      await api('POST', '/api/v1/auditor-tokens', { auditorId: 'qa-1', displayName: 'QA' })
    ).json()) as { token: string };
    const response = await fetch(`${server?.base ?? ''}/api/v1/evidence/sessions/${sessionId}`, {
      headers: { authorization: `Bearer ${auditor.token}` },
    });
    return ((await response.json()) as { session: { status: string } }).session.status;
  };
  const joinWith = async (joinToken: string): Promise<TestSignalingClient> => {
    const client = await TestSignalingClient.open(server?.ws ?? '', joinToken);
    const { rtpCapabilities } = await client.request('getRouterRtpCapabilities', {});
    await client.request('join', { rtpCapabilities });
    return client;
  };

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'air-restart-'));
    // A copy of an initialized embedded database instead of initdb on first start (slow in WebAssembly).
    await seedPgliteDir(join(dataDir, 'db'), sharedPgliteSeedDir());
    env = {
      AIR_TOKEN_SECRET: randomBytes(32).toString('base64url'),
      AIR_API_KEY: randomBytes(24).toString('base64url'),
      AIR_DATA_DIR: dataDir,
      AIR_LOG_LEVEL: 'info',
    };
  });
  afterAll(async () => {
    if (server && server.child.exitCode === null) {
      server.child.kill('SIGKILL');
      await server.exited;
    }
    await rm(dataDir, { recursive: true, force: true });
  });

  // Four start-ups of the real server (each opens the embedded database and a media worker): not a timing assertion.
  it(
    'keeps created and active sessions through SIGKILL and SIGTERM; clients rejoin; the package is sealed once, at the end',
    { timeout: 300_000 },
    async () => {
      server = await startMain(env);
      const waiting = (
        (await (await api('POST', '/api/v1/sessions', { reference: 'case-1' })).json()) as {
          sessionId: string;
        }
      ).sessionId;
      const live = ((await (await api('POST', '/api/v1/sessions', {})).json()) as { sessionId: string }).sessionId;
      const firstToken = await token(live, 'agent-1');
      const first = await joinWith(firstToken);
      expect(await status(live)).toBe('active');

      // A crash: nothing runs on the way down.
      server.child.kill('SIGKILL');
      await server.exited;
      expect((await first.closed).code).toBe(1006);
      server = await startMain(env);
      expect(await status(waiting)).toBe('created');
      expect(await status(live)).toBe('active');
      // The open session's evidence package was not sealed at start-up: the session goes on.
      expect(await evidenceStatus(live)).toBe('open');
      expect(server.stdout()).toContain('evidence package stays open: its session goes on');
      // The token used before the crash stays used; the participant's client comes back with a fresh one.
      const replay = await TestSignalingClient.refused(server.ws, firstToken);
      expect(replay).toEqual({ code: ERRORS.AUTH_TOKEN_REPLAYED.closeCode, reason: 'AUTH_TOKEN_REPLAYED' });
      const second = await joinWith(await token(live, 'agent-1'));

      // A graceful stop: the client is told to come back (1001), not that the session ended.
      server.child.kill('SIGTERM');
      expect(await server.exited).toEqual([0, null]);
      expect(await second.closed).toEqual({ code: 1001, reason: 'server-shutdown' });
      expect(second.notifications.map((notification) => notification.method)).not.toContain('sessionEnded');
      server = await startMain(env);
      expect(await status(live)).toBe('active');
      expect(await evidenceStatus(live)).toBe('open');
      const third = await joinWith(await token(live, 'agent-1'));

      // The real end seals the package, once.
      expect((await api('POST', `/api/v1/sessions/${live}/end`)).status).toBe(204);
      expect(await third.closed).toEqual({ code: ERRORS.SESSION_ENDED.closeCode, reason: 'SESSION_ENDED' });
      // Sealed once the session really ended; nothing was recorded in it, and the list says so.
      await expect.poll(() => evidenceStatus(live), { timeout: 30_000 }).toBe('not-recorded');
      expect(await status(live)).toBe('ended');
      server.child.kill('SIGTERM');
      await server.exited;
      server = await startMain(env);
      expect(await evidenceStatus(live)).toBe('not-recorded');
      expect(server.stdout()).not.toContain('sealed a package left open by an earlier run');
      expect(await status(waiting)).toBe('created');
    },
  );
});

import { mkdtemp, rm } from 'node:fs/promises';
import { Agent, request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDemo } from '../../examples/demo-bank/src/main.ts';
import { LocalWormStore } from '../src/evidence/local-worm-store.ts';
import { joinOverRest, produceCamera, produceMicrophone, transport } from './helpers/peers.ts';
import { spawnMain } from './helpers/main-process.ts';
import { TestSignalingClient } from './helpers/signaling-client.ts';
import { startTestServer } from './helpers/test-server.ts';

// Graceful shutdown while clients stay connected: participants are told
// `sessionEnded {reason: 'server-shutdown'}`, recordings are finalized, the
// packages sealed with the reason, and the process exits — for the server's
// main and for the demo bank alike.

let dataDir: string;

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'aircounter-shutdown-'));
});

afterAll(async () => {
  // Retried: the embedded database of a just-closed server may still be flushing its last files.
  await rm(dataDir, { recursive: true, force: true, maxRetries: 5, retryDelay: 200 });
});

/** Holds an idle keep-alive HTTP connection open, as a browser does. */
async function keepAliveConnection(url: string): Promise<Agent> {
  const agent = new Agent({ keepAlive: true });
  await new Promise<void>((resolve, reject) => {
    request(url, { agent }, (res) => {
      res.resume();
      res.on('end', () => resolve());
    })
      .on('error', reject)
      .end();
  });
  return agent;
}

// Real server processes and the demo's page build: generous on a loaded two-core machine (not a timing assertion).
describe('graceful shutdown with connected clients', { timeout: 240_000 }, () => {
  it('SIGTERM of the server: participants told to come back, recording finalized, session kept open, exit 0', async () => {
    const server = spawnMain({
      AIR_DATA_DIR: join(dataDir, 'main'),
      AIR_RECORDING_CONSENT_POLICY: 'external',
      AIR_RECORDING_PORT_MIN: '54300',
      AIR_RECORDING_PORT_MAX: '54399',
    });
    const port = await server.listening;
    const base = `http://127.0.0.1:${port}`;
    const headers = { authorization: `Bearer ${server.apiKey}`, 'content-type': 'application/json' };
    const { sessionId } = (await (
      await fetch(`${base}/api/v1/sessions`, { method: 'POST', headers, body: '{}' })
    ).json()) as { sessionId: string };
    const join_ = (role: 'customer' | 'agent', peerId: string): Promise<TestSignalingClient> =>
      joinOverRest(port, headers, sessionId, role, peerId);
    const customer = await join_('customer', 'customer-1');
    const agent = await join_('agent', 'agent-1');
    const send = await transport(customer, 'send');
    await produceCamera(customer, send);
    await produceMicrophone(customer, send);
    await agent.request('startRecording', {});
    await customer.waitFor('recordingStatus', (status) => status.state === 'active');
    const browserLike = await keepAliveConnection(`${base}/healthz`);

    server.child.kill('SIGTERM');
    // Sessions are durable: the participants' sockets close with 1001 ("going away"), no sessionEnded, so
    // their clients reconnect once the server is back; the running recording is finalized before the exit.
    const closes = await Promise.all([customer.closed, agent.closed]);
    expect(closes.map((close) => close.code)).toEqual([1001, 1001]);
    for (const client of [customer, agent]) {
      expect(client.notifications.map((notification) => notification.method)).not.toContain('sessionEnded');
    }
    expect(await server.exited).toEqual([0, null]);
    browserLike.destroy();

    const store = new LocalWormStore(join(dataDir, 'main', 'evidence'));
    const events = new TextDecoder()
      .decode((await store.readAll(sessionId, 'events.jsonl')) ?? new Uint8Array())
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { type: string; data: { state?: string; reason?: string } });
    expect(events.some((event) => event.type === 'recording.finalized')).toBe(true);
    // What the shutdown itself did is on the chain before the process exits.
    expect(events.filter((event) => event.type === 'peer.left')).toHaveLength(2);
    expect(events.find((event) => event.type === 'room.closed')?.data.reason).toBe('server-shutdown');
    expect(
      events.find((event) => event.type === 'recording.state' && event.data.state === 'aborted')?.data.reason,
    ).toBe('server-shutdown');
    // The package stays open for the session, which goes on after the restart.
    expect(await store.isSealed(sessionId)).toBe(false);
  });

  it('refuses new sessions once shutting down, and gives up after AIR_SHUTDOWN_TIMEOUT_MS', async () => {
    const server = await startTestServer({ shutdownTimeoutMs: 1500 });
    // A shutdown step that never finishes (a stuck disk, say).
    server.app.onShutdown(() => new Promise<void>(() => undefined));
    const closing = server.app.close();
    await expect(server.app.services.sessions.create({})).rejects.toMatchObject({ code: 'SHUTTING_DOWN' });
    expect(await closing).toBe(false);
    await rm(server.config.dataDir, { recursive: true, force: true });
  });

  it('the demo bank closes while a browser stays connected (WebSocket and keep-alive)', async () => {
    const demo = await startDemo({ port: 0, dataDir: join(dataDir, 'demo'), env: { AIR_LOG_LEVEL: 'silent' } });
    const session = await demo.bank.createSession({ customerName: 'Ana', agentName: 'Bo' });
    const wsUrl = `ws://127.0.0.1:${demo.port}/signaling`;
    const token = await demo.air.services.tokens.issueJoinToken({
      sessionId: session.sessionId,
      role: 'customer',
      peerId: 'customer-1',
      displayName: 'Ana',
      ttlSeconds: 300,
    });
    const customer = await TestSignalingClient.open(wsUrl, token.token);
    const { rtpCapabilities } = await customer.request('getRouterRtpCapabilities', {});
    await customer.request('join', { rtpCapabilities });
    const browserLike = await keepAliveConnection(`http://127.0.0.1:${demo.port}/`);

    const [complete, closed] = await Promise.all([demo.close(), customer.closed]);
    expect(complete).toBe(true);
    // Told to come back (the session is durable), and the process does not wait for the browser to leave.
    expect(closed.code).toBe(1001);
    browserLike.destroy();
  });
});

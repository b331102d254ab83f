import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config.ts';
import { createLogger } from '../src/log.ts';
import { Secret } from '../src/secret.ts';
import { joinAs, produceCamera, produceMicrophone, transport, type JoinedPeer } from './helpers/peers.ts';
import { startTestServer, type TestServer } from './helpers/test-server.ts';

/** The value of one sample in Prometheus text format (`name{a="b",…} value`); undefined when absent. */
function sample(text: string, name: string, labels: Record<string, string> = {}): number | undefined {
  for (const line of text.split('\n')) {
    if (line.startsWith('#')) continue;
    const match = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!match || match[1] !== name) continue;
    const found = Object.fromEntries(
      [...(match[2] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)].map((pair) => [pair[1], pair[2]]),
    );
    if (Object.entries(labels).every(([key, value]) => found[key] === value)) return Number(match[3]);
  }
  return undefined;
}

describe('Prometheus metrics during a real call (real mediasoup worker)', () => {
  const token = randomBytes(24).toString('base64url');
  let server: TestServer;
  let metricsUrl: string;
  const peers: JoinedPeer[] = [];
  const logLines: string[] = [];

  beforeAll(async () => {
    server = await startTestServer(
      { metrics: { port: 0, token: new Secret(token) } },
      { log: createLogger({ level: 'debug', write: (line) => logLines.push(line) }) },
    );
    const address = server.app.metricsAddress;
    if (!address) throw new Error('metrics listener not started');
    metricsUrl = `http://127.0.0.1:${address.port}/metrics`;
  });
  afterAll(async () => {
    for (const peer of peers) await peer.client.close();
    await server.close();
  });

  const scrape = async (): Promise<string> => {
    const response = await fetch(metricsUrl, { headers: { authorization: `Bearer ${token}` } });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/plain');
    return response.text();
  };

  it('is off by default and on a listener of its own, behind its token when one is set', async () => {
    const defaults = loadConfig({ AIR_TOKEN_SECRET: 'x'.repeat(32), AIR_API_KEY: 'y'.repeat(24) });
    expect(defaults.metrics).toEqual({ host: '127.0.0.1', port: undefined, token: undefined });
    expect((await fetch(metricsUrl)).status).toBe(401);
    expect((await fetch(metricsUrl, { headers: { authorization: 'Bearer wrong-token-wrong-token' } })).status).toBe(
      401,
    );
    expect((await fetch(metricsUrl.replace('/metrics', '/api/v1/sessions'))).status).toBe(404);
    // Not on the public port.
    expect((await fetch(`${server.baseUrl}/metrics`)).status).toBe(404);
  });

  it('sees sessions, peers, transports, producers, consumers, worker CPU, signaling and seals move', async () => {
    const before = await scrape();
    expect(sample(before, 'aircounter_rooms')).toBe(0);
    expect(sample(before, 'aircounter_sessions_created_total')).toBe(0);
    expect(sample(before, 'aircounter_media_worker_deaths_total')).toBe(0);

    const sessionId = await server.createSession();
    const customer = await joinAs(server, sessionId, 'customer', 'c1');
    const agent = await joinAs(server, sessionId, 'agent', 'a1');
    peers.push(customer, agent);
    const sendId = await transport(customer.client, 'send');
    const cameraId = await produceCamera(customer.client, sendId);
    await produceMicrophone(customer.client, sendId);
    const recvId = await transport(agent.client, 'recv');
    await agent.client.request('consume', { transportId: recvId, producerId: cameraId });
    expect(await agent.client.refusal('consume', { transportId: recvId, producerId: 'missing' })).toBe(
      'PRODUCER_NOT_FOUND',
    );

    const during = await scrape();
    expect(sample(during, 'aircounter_sessions_created_total')).toBe(1);
    expect(sample(during, 'aircounter_rooms')).toBe(1);
    expect(sample(during, 'aircounter_peers', { role: 'customer' })).toBe(1);
    expect(sample(during, 'aircounter_peers', { role: 'agent' })).toBe(1);
    expect(sample(during, 'aircounter_transports')).toBe(2);
    expect(sample(during, 'aircounter_producers', { kind: 'video' })).toBe(1);
    expect(sample(during, 'aircounter_producers', { kind: 'audio' })).toBe(1);
    expect(sample(during, 'aircounter_consumers')).toBe(1);
    expect(sample(during, 'aircounter_signaling_request_duration_seconds_count', { method: 'join' })).toBe(2);
    expect(sample(during, 'aircounter_signaling_request_duration_seconds_count', { method: 'produce' })).toBe(2);
    expect(sample(during, 'aircounter_signaling_errors_total', { method: 'consume', code: 'PRODUCER_NOT_FOUND' })).toBe(
      1,
    );
    const cpu = sample(during, 'aircounter_media_worker_cpu_seconds_total', { mode: 'user' });
    expect(cpu).toBeGreaterThan(0);
    expect(sample(during, 'aircounter_process_resident_memory_bytes')).toBeGreaterThan(0);

    expect((await server.api('POST', `/api/v1/sessions/${sessionId}/end`)).status).toBe(204);
    await expect
      .poll(
        async () => sample(await scrape(), 'aircounter_evidence_seal_duration_seconds_count', { complete: 'true' }),
        {
          timeout: 20_000,
        },
      )
      .toBe(1);
    const after = await scrape();
    expect(sample(after, 'aircounter_rooms')).toBe(0);
    expect(sample(after, 'aircounter_peers', { role: 'customer' })).toBeUndefined();
    expect(sample(after, 'aircounter_sessions_ended_total', { reason: 'ended' })).toBe(1);
  });

  it('gives every REST request an id, in its answer and its log lines', async () => {
    const given = await server.api('GET', '/api/v1/sessions/none');
    expect(given.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    const echoed = await fetch(`${server.baseUrl}/healthz`, { headers: { 'x-request-id': 'lb-7f3a.2' } });
    expect(echoed.headers.get('x-request-id')).toBe('lb-7f3a.2');
    const logged = logLines.map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(logged).toContainEqual(
      expect.objectContaining({ msg: 'http request', requestId: 'lb-7f3a.2', path: '/healthz', status: 200 }),
    );
    const refused = await fetch(`${server.baseUrl}/healthz`, { headers: { 'x-request-id': 'bad id\u00e9' } });
    expect(refused.headers.get('x-request-id')).not.toContain('bad');
  });
});

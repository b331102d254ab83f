import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { ERRORS, type ResponseData } from '@aircounter/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPostgres, type TestPostgres } from '../../tests/support/postgres.ts';
import { openPostgresDb } from '../src/store/postgres-db.ts';
import { clusterNodeEnv, spawnMain, type MainProcess } from './helpers/main-process.ts';
import { produceCamera, produceMicrophone, transport } from './helpers/peers.ts';
import { TestSignalingClient } from './helpers/signaling-client.ts';

const run = promisify(execFile);
const CLI = join(import.meta.dirname, '..', 'src', 'cli', 'aircounter.ts');

interface Node {
  readonly id: string;
  readonly main: MainProcess;
  readonly base: string;
  readonly ws: string;
}

interface Joined {
  readonly client: TestSignalingClient;
  readonly joined: ResponseData<'join'>;
}

interface IssuedToken {
  readonly token: string;
  readonly signalingUrl: string;
  readonly nodeId: string;
}

// Three real server processes (main.ts) on loopback sharing one real PostgreSQL and one evidence directory,
// each with its own data directory; short heartbeats so that a killed node is dead within 1.5 s.
describe('three nodes sharing one PostgreSQL', () => {
  let postgres: TestPostgres;
  let root: string;
  let databaseUrl: string;
  let keyFile: string;
  const secrets = { apiKey: randomBytes(24).toString('base64url'), tokenSecret: randomBytes(32).toString('base64url') };
  const nodes: Node[] = [];

  const startNode = async (id: string, capacity: number, rtcBase: number): Promise<Node> => {
    const main = spawnMain(
      clusterNodeEnv({ databaseUrl, id, capacity, heartbeatMs: 200, deadAfterMs: 1500, root, keyFile, rtcBase }),
      secrets,
    );
    const port = await main.listening.catch((error: unknown) => {
      throw new Error(`node ${id} did not start: ${main.output().stdout.slice(-2000)}`, { cause: error });
    });
    const node = { id, main, base: `http://127.0.0.1:${port}`, ws: `ws://127.0.0.1:${port}/signaling` };
    nodes.push(node);
    return node;
  };

  const api = (node: Node, method: string, path: string, body?: unknown): Promise<Response> =>
    fetch(`${node.base}${path}`, {
      method,
      headers: { authorization: `Bearer ${secrets.apiKey}`, 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
  const tokenFrom = async (node: Node, sessionId: string, role: string, peerId: string): Promise<IssuedToken> => {
    const response = await api(node, 'POST', `/api/v1/sessions/${sessionId}/tokens`, {
      role,
      peerId,
      displayName: peerId,
    });
    expect(response.status).toBe(200);
    return (await response.json()) as IssuedToken;
  };
  /** Joins like the SDK: to the node the token names, then a send transport with camera and microphone. */
  const joinAndPublish = async (issued: IssuedToken): Promise<Joined> => {
    const client = await TestSignalingClient.open(issued.signalingUrl, issued.token);
    const { rtpCapabilities } = await client.request('getRouterRtpCapabilities', {});
    const joined = await client.request('join', { rtpCapabilities });
    const send = await transport(client, 'send');
    await produceCamera(client, send);
    await produceMicrophone(client, send);
    return { client, joined };
  };
  /**
   * Both have each other's camera and microphone: the later one found the
   * earlier one's in its join answer, the earlier one is told of the later
   * one's, and each consumes the other's camera on the node they are on.
   */
  const seeEachOther = async (first: Joined, second: Joined, names: [string, string]): Promise<void> => {
    const [firstName, secondName] = names;
    const earlier = second.joined.peers.find((peer) => peer.peerId === firstName);
    expect(earlier?.producers.map((producer) => producer.source).sort()).toEqual(['camera', 'microphone']);
    await first.client.waitFor('producerAdded', (data) => data.peerId === secondName && data.source === 'camera');
    const later = await first.client.waitFor(
      'producerAdded',
      (data) => data.peerId === secondName && data.source === 'microphone',
    );
    const camera = earlier?.producers.find((producer) => producer.source === 'camera');
    if (!camera) throw new Error('no camera of the earlier participant');
    for (const [client, producerId] of [
      [second.client, camera.producerId],
      [first.client, later.producerId],
    ] as const) {
      const recv = await transport(client, 'recv');
      const consumer = await client.request('consume', { transportId: recv, producerId });
      expect(consumer.producerId).toBe(producerId);
    }
  };

  beforeAll(async () => {
    postgres = await startPostgres();
    databaseUrl = await postgres.createDatabase();
    root = await mkdtemp(join(tmpdir(), 'air-nodes-'));
    // Every node signs with the same key: any node's auditor API and the verifier accept every package.
    keyFile = join(root, 'evidence-signing-key.pem');
    await run(process.execPath, [CLI, 'keygen', '--out', keyFile]);
  });
  afterAll(async () => {
    for (const node of nodes) {
      if (node.main.child.exitCode === null && node.main.child.signalCode === null) {
        node.main.child.kill('SIGKILL');
        await node.main.exited;
      }
    }
    await postgres?.remove();
    await rm(root, { recursive: true, force: true });
  });

  it(
    'runs a session created through A on B, moves it to C when B is killed, and seals it once when A ends it',
    { timeout: 120_000 },
    async () => {
      // A serves REST only (capacity 0); B has more free seats than C, so a new session goes to B.
      const [a, b, c] = await Promise.all([
        startNode('node-a', 0, 41_000),
        startNode('node-b', 2, 42_000),
        startNode('node-c', 1, 43_000),
      ]);
      if (!a || !b || !c) throw new Error('nodes not started');
      const created = await api(a, 'POST', '/api/v1/sessions', { reference: 'case-nodes', agentId: 'agent-1' });
      expect(created.status).toBe(201);
      const { sessionId } = (await created.json()) as { sessionId: string };

      const agentToken = await tokenFrom(a, sessionId, 'agent', 'agent-1');
      expect(agentToken).toMatchObject({ nodeId: 'node-b', signalingUrl: b.ws });
      // A join that reaches another node is refused, saying the session is elsewhere; the token is not used up.
      expect(await TestSignalingClient.refused(`${a.ws}`, agentToken.token)).toEqual({
        code: ERRORS.SESSION_ON_OTHER_NODE.closeCode,
        reason: 'SESSION_ON_OTHER_NODE',
      });
      const agentOnB = await joinAndPublish(agentToken);
      const customerOnB = await joinAndPublish(await tokenFrom(a, sessionId, 'customer', 'customer-1'));
      await seeEachOther(agentOnB, customerOnB, ['agent-1', 'customer-1']);

      // B dies without a word; its participants' sockets drop.
      const killedAt = performance.now();
      b.main.child.kill('SIGKILL');
      await b.main.exited;
      expect((await agentOnB.client.closed).code).toBe(1006);
      expect((await customerOnB.client.closed).code).toBe(1006);

      // The clients ask the bank for fresh tokens (through A) until B is declared dead and the session moves to C.
      let moved: IssuedToken | undefined;
      await expect
        .poll(
          async () => {
            moved = await tokenFrom(a, sessionId, 'agent', 'agent-1');
            return moved.nodeId;
          },
          { timeout: 15_000, interval: 250 },
        )
        .toBe('node-c');
      if (!moved) throw new Error('no token naming node C');
      expect(moved.signalingUrl).toBe(c.ws);
      const agentOnC = await joinAndPublish(moved);
      const customerOnC = await joinAndPublish(await tokenFrom(a, sessionId, 'customer', 'customer-1'));
      await seeEachOther(agentOnC, customerOnC, ['agent-1', 'customer-1']);
      const failoverMs = performance.now() - killedAt;
      console.info(
        `fail-over (node killed → both parties publishing and consuming on another node): ${Math.round(failoverMs)} ms`,
      );
      expect(((await (await api(a, 'GET', `/api/v1/sessions/${sessionId}`)).json()) as { status: string }).status).toBe(
        'active',
      );

      // Ended through A while it runs on C: C closes its room and sockets, then seals the package, once.
      expect((await api(a, 'POST', `/api/v1/sessions/${sessionId}/end`)).status).toBe(204);
      expect(await agentOnC.client.closed).toEqual({ code: ERRORS.SESSION_ENDED.closeCode, reason: 'SESSION_ENDED' });
      expect(await customerOnC.client.closed).toEqual({
        code: ERRORS.SESSION_ENDED.closeCode,
        reason: 'SESSION_ENDED',
      });
      const db = await openPostgresDb({
        url: databaseUrl,
        poolSize: 1,
        statementTimeoutMs: 2000,
        connectTimeoutMs: 2000,
      });
      try {
        await expect
          .poll(async () => db.query('SELECT state, owner FROM evidence_seals WHERE session_id = $1', [sessionId]), {
            timeout: 20_000,
          })
          .toEqual([{ state: 'sealed', owner: 'node-c' }]);
        const [session] = await db.query('SELECT node_id, ended_by, end_handled_by FROM sessions WHERE id = $1', [
          sessionId,
        ]);
        expect(session).toEqual({ node_id: 'node-c', ended_by: 'node-a', end_handled_by: 'node-c' });
      } finally {
        await db.close();
      }

      // The package holds one chain across both nodes: opened by A, joins on B, joins again on C, ended on C.
      const packageDir = join(root, 'evidence', 'sessions', sessionId);
      const verified = await run(process.execPath, [CLI, 'verify', packageDir, '--public-key', keyFile, '--json']);
      const report = JSON.parse(verified.stdout) as { verdict: string };
      expect(report.verdict).toBe('VERIFIED');
      const events = (await readFile(join(packageDir, 'events.jsonl'), 'utf8'))
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line) as { type: string; data: Record<string, unknown> });
      const types = events.map((event) => event.type);
      expect(types.filter((type) => type === 'session.opened')).toHaveLength(1);
      expect(types.filter((type) => type === 'session.ended')).toHaveLength(1);
      expect(types.filter((type) => type === 'peer.joined').length).toBeGreaterThanOrEqual(4);
      expect(types.at(-1)).toBe('evidence.finalized');
      // Every node's auditor API reads the same package.
      const auditor = (await (
        await api(a, 'POST', '/api/v1/auditor-tokens', { auditorId: 'qa-1', displayName: 'QA' })
      ).json()) as { token: string };
      const viaC = await fetch(`${c.base}/api/v1/evidence/sessions/${sessionId}`, {
        headers: { authorization: `Bearer ${auditor.token}` },
      });
      expect(viaC.status).toBe(200);
      expect(((await viaC.json()) as { session: { status: string } }).session.status).toBe('not-recorded');
    },
  );
});

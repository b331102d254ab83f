import { setTimeout as delay } from 'node:timers/promises';
import { AirError } from '@aircounter/protocol';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { NodesConfig } from '../src/config.ts';
import { silentLogger } from '../src/log.ts';
import { Cluster } from '../src/nodes/cluster.ts';
import { NodeRepository } from '../src/store/nodes-repository.ts';
import { SessionRepository, type Session } from '../src/store/sessions-repository.ts';
import { useDbEngines, type TestDb } from './helpers/db-engines.ts';

const ENGINES = useDbEngines('cluster');

describe.each(ENGINES)('cluster admission and routing on $name', ({ open }) => {
  let testDb: TestDb;
  let nodes: NodeRepository;
  let sessions: SessionRepository;
  const claimed: Session[] = [];
  const clusters: Cluster[] = [];

  const member = (id: string, deadAfterMs = 60_000): Cluster => {
    const config: NodesConfig = { enabled: true, id, publicUrl: undefined, capacity: 5, heartbeatMs: 100, deadAfterMs };
    const cluster = new Cluster({
      config,
      nodes,
      sessions,
      log: silentLogger,
      onEndClaimed: (session) => claimed.push(session),
    });
    clusters.push(cluster);
    return cluster;
  };
  const refusal = (work: Promise<unknown>): Promise<AirError | undefined> =>
    work.then(
      () => undefined,
      (error: unknown) => (error instanceof AirError ? error : undefined),
    );

  beforeEach(async () => {
    testDb = await open();
    nodes = new NodeRepository(testDb.db);
    sessions = new SessionRepository(testDb.db);
    claimed.length = 0;
  });
  afterEach(async () => {
    for (const cluster of clusters.splice(0)) await cluster.leave();
    await testDb.close();
  });

  it('refuses a join for a live node with where to go, and adopts a dead node session once', async () => {
    const b = member('b', 400);
    const c = member('c', 400);
    const d = member('d', 400);
    await b.start('http://127.0.0.1:2');
    await c.start('https://c.kyc.example/base');
    await d.start('http://127.0.0.1:4');
    const session = await sessions.create({ id: 's1', nodeId: 'b' });

    const elsewhere = await refusal(c.admit(session));
    expect(elsewhere?.code).toBe('SESSION_ON_OTHER_NODE');
    expect(elsewhere?.message).toContain('ws://127.0.0.1:2/signaling');
    await b.admit(session);
    expect(await c.handlesEndOf(session)).toBe(false);

    // b stops beating (killed): after the dead-after time c and d both see its participants arrive; one adopts.
    await b.leave();
    await delay(100);
    const results = await Promise.allSettled([c.admit(session), d.admit(session)]);
    const fulfilled = results.filter((result) => result.status === 'fulfilled');
    expect(fulfilled).toHaveLength(1);
    const adopter = (await sessions.get('s1'))?.nodeId;
    expect(['c', 'd']).toContain(adopter);
    const loser = results.find((result) => result.status === 'rejected');
    expect(loser?.status === 'rejected' && loser.reason instanceof AirError && loser.reason.code).toBe(
      'SESSION_ON_OTHER_NODE',
    );
    // Tokens now name the adopter (https → wss, its path kept).
    const route = await b.route((await sessions.get('s1')) ?? session);
    expect(route.nodeId).toBe(adopter);
    if (adopter === 'c') expect(route.signalingUrl).toBe('wss://c.kyc.example/base/signaling');
  });

  it('routes a dead node session to a live node, and hands an end made elsewhere to the host at its heartbeat', async () => {
    const a = member('a');
    const c = member('c');
    await a.start('http://127.0.0.1:1');
    await c.start('http://127.0.0.1:3');
    const orphan = await sessions.create({ id: 'orphan', nodeId: 'gone' });
    const route = await a.route(orphan);
    expect(['a', 'c']).toContain(route.nodeId);
    expect((await sessions.get('orphan'))?.nodeId).toBe(route.nodeId);

    const onC = await sessions.create({ id: 'on-c', nodeId: 'c' });
    expect(await a.handlesEndOf(onC)).toBe(false);
    await sessions.end('on-c', 'ended', { endedBy: 'a' });
    await a.beat();
    expect(claimed).toEqual([]);
    await c.beat();
    expect(claimed.map((session) => [session.id, session.endHandledBy])).toEqual([['on-c', 'c']]);
    await c.beat();
    expect(claimed).toHaveLength(1);
  });
});

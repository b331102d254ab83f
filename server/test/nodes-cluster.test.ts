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

describe.each(ENGINES)('cluster admission and routing on $name', ({ name, open }) => {
  let testDb: TestDb;
  let nodes: NodeRepository;
  let sessions: SessionRepository;
  const claimed: Session[] = [];
  const clusters: Cluster[] = [];

  const member = (id: string, deadAfterMs = 60_000, heartbeatMs = 100): Cluster => {
    const config: NodesConfig = { enabled: true, id, publicUrl: undefined, capacity: 5, heartbeatMs, deadAfterMs };
    const cluster = new Cluster({
      config,
      nodes,
      sessions,
      db: testDb.db,
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

  it('tells the host of an end made elsewhere at once on a PostgreSQL server; the heartbeat stays the fallback', async () => {
    // Beats a minute apart: only the notification can hand the end over within the test.
    const a = member('a', 600_000, 60_000);
    const c = member('c', 600_000, 60_000);
    await a.start('http://127.0.0.1:1');
    await c.start('http://127.0.0.1:3');
    await sessions.create({ id: 'on-c', nodeId: 'c' });
    const ended = await sessions.end('on-c', 'ended', { endedBy: 'a' });
    if (!ended) throw new Error('not ended');
    const told = Date.now();
    await a.announceEnd(ended);
    if (name.startsWith('PostgreSQL')) {
      while (claimed.length === 0 && Date.now() - told < 5000) await delay(20);
      expect(claimed.map((session) => [session.id, session.endHandledBy])).toEqual([['on-c', 'c']]);
      console.info(`end handed to its host ${String(Date.now() - told)} ms after the notification`);
      // The listening connections break (the server restarted them): they are opened again and hear the next end.
      const cut = await testDb.db.query(
        `SELECT pg_terminate_backend(pid) AS cut FROM pg_stat_activity WHERE application_name = 'aircounter-listen'`,
      );
      expect(cut.map((row) => row['cut'])).toEqual([true, true]);
      await delay(1500);
      await sessions.create({ id: 'on-c-2', nodeId: 'c' });
      const second = await sessions.end('on-c-2', 'ended', { endedBy: 'a' });
      if (!second) throw new Error('not ended');
      await a.announceEnd(second);
      const again = Date.now();
      while (claimed.length < 2 && Date.now() - again < 5000) await delay(20);
      expect(claimed.map((session) => session.id)).toEqual(['on-c', 'on-c-2']);
      claimed.splice(1);
    } else {
      // The embedded database is one process: nothing to listen to, the beat claims it.
      await delay(300);
      expect(claimed).toEqual([]);
      await c.beat();
      expect(claimed.map((session) => session.id)).toEqual(['on-c']);
    }
    // A session this node hosts itself, or one never placed, is nobody else's to tell.
    await c.announceEnd(ended);
    await delay(200);
    expect(claimed).toHaveLength(1);
  });
});

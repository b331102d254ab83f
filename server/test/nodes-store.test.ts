import { setTimeout as delay } from 'node:timers/promises';
import { AirError } from '@aircounter/protocol';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { NodeRepository } from '../src/store/nodes-repository.ts';
import { SessionRepository } from '../src/store/sessions-repository.ts';
import { useDbEngines, type TestDb } from './helpers/db-engines.ts';

const ENGINES = useDbEngines('nodes');
/** Long enough that a test's own steps never outlive it. */
const ALIVE_MS = 60_000;

const codeOf = (result: PromiseSettledResult<unknown>): string | undefined =>
  result.status === 'rejected' && result.reason instanceof AirError ? result.reason.code : undefined;

describe.each(ENGINES)('node registry and placement on $name', ({ open }) => {
  let testDb: TestDb;
  let nodes: NodeRepository;
  let sessions: SessionRepository;

  beforeEach(async () => {
    testDb = await open();
    nodes = new NodeRepository(testDb.db);
    sessions = new SessionRepository(testDb.db);
  });
  afterEach(async () => {
    await testDb.close();
  });

  it('registers, beats, dies after missed heartbeats and leaves cleanly', async () => {
    await nodes.register({ id: 'a', url: 'http://127.0.0.1:1', capacity: 2 });
    await nodes.register({ id: 'b', url: 'http://127.0.0.1:2', capacity: 3 });
    expect(await nodes.liveIds(ALIVE_MS)).toEqual(expect.arrayContaining(['a', 'b']));
    const a = await nodes.get('a', ALIVE_MS);
    expect(a).toMatchObject({ id: 'a', url: 'http://127.0.0.1:1', capacity: 2, alive: true, load: 0 });
    expect(a?.leftAt).toBeUndefined();

    // 300 ms without a heartbeat against a dead-after time of 200 ms: dead; one beat brings it back.
    await delay(300);
    expect((await nodes.get('a', 200))?.alive).toBe(false);
    expect(await nodes.heartbeat('a')).toBe(true);
    expect((await nodes.get('a', 200))?.alive).toBe(true);
    expect(await nodes.liveIds(200)).toEqual(['a']);

    // A clean leave is dead at once; its heartbeat no longer counts until it registers again.
    await nodes.leave('a');
    expect((await nodes.get('a', ALIVE_MS))?.alive).toBe(false);
    expect(await nodes.heartbeat('a')).toBe(false);
    await nodes.register({ id: 'a', url: 'http://127.0.0.1:9', capacity: 2 });
    expect(await nodes.get('a', ALIVE_MS)).toMatchObject({ url: 'http://127.0.0.1:9', alive: true });
    expect(await nodes.heartbeat('nobody')).toBe(false);
  });

  it('places each session on the least loaded live node with room, and refuses with NODES_FULL', async () => {
    await nodes.register({ id: 'rest-only', url: 'http://127.0.0.1:1', capacity: 0 });
    await nodes.register({ id: 'big', url: 'http://127.0.0.1:2', capacity: 4 });
    await nodes.register({ id: 'small', url: 'http://127.0.0.1:3', capacity: 2 });
    const placed: string[] = [];
    for (let index = 0; index < 6; index++) {
      placed.push((await nodes.placeNew({ id: `s${index}` }, ALIVE_MS)).node.id);
    }
    // Ties go to the node with more free seats; then load ÷ capacity decides; a capacity of 0 takes none.
    expect(placed).toEqual(['big', 'small', 'big', 'big', 'small', 'big']);
    expect((await sessions.get('s0'))?.nodeId).toBe('big');
    expect((await nodes.get('big', ALIVE_MS))?.load).toBe(4);
    const full = await nodes.placeNew({ id: 'one-too-many' }, ALIVE_MS).catch((error: unknown) => error);
    expect(full).toBeInstanceOf(AirError);
    expect((full as AirError).code).toBe('NODES_FULL');
    expect(await sessions.get('one-too-many')).toBeUndefined();

    // An ended session frees its seat; a dead node gets no new session.
    await sessions.end('s1', 'ended');
    expect((await nodes.placeNew({ id: 's6' }, ALIVE_MS)).node.id).toBe('small');
    await sessions.end('s2', 'ended');
    await delay(300);
    await nodes.heartbeat('small');
    const onlySmall = await nodes.placeNew({ id: 's7' }, 200).catch((error: unknown) => error);
    expect((onlySmall as AirError).code).toBe('NODES_FULL');
  });

  it('never gives away more seats than a node has when placements race', async () => {
    await nodes.register({ id: 'a', url: 'http://127.0.0.1:1', capacity: 2 });
    await nodes.register({ id: 'b', url: 'http://127.0.0.1:2', capacity: 1 });
    const results = await Promise.allSettled(
      Array.from({ length: 6 }, (_, index) => nodes.placeNew({ id: `race-${index}` }, ALIVE_MS)),
    );
    expect(results.filter((result) => result.status === 'fulfilled')).toHaveLength(3);
    expect(results.map(codeOf).filter((code) => code === 'NODES_FULL')).toHaveLength(3);
    expect((await nodes.list(ALIVE_MS)).map((node) => [node.id, node.load])).toEqual([
      ['a', 2],
      ['b', 1],
    ]);
  });

  it('moves a dead node session exactly once when two nodes adopt it at the same time', async () => {
    await nodes.register({ id: 'b', url: 'http://127.0.0.1:2', capacity: 5 });
    const { session } = await nodes.placeNew({ id: 'adopt-me' }, ALIVE_MS);
    expect(session.nodeId).toBe('b');
    const [toC, toD] = await Promise.all([
      sessions.moveToNode('adopt-me', 'b', 'c'),
      sessions.moveToNode('adopt-me', 'b', 'd'),
    ]);
    const winners = [toC, toD].filter((moved) => moved !== undefined);
    expect(winners).toHaveLength(1);
    expect((await sessions.get('adopt-me'))?.nodeId).toBe(winners[0]?.nodeId);
    // A move from the node it is no longer on does nothing; nor does one of an ended session.
    expect(await sessions.moveToNode('adopt-me', 'b', 'e')).toBeUndefined();
    await sessions.end('adopt-me', 'ended');
    expect(await sessions.moveToNode('adopt-me', winners[0]?.nodeId, 'e')).toBeUndefined();

    // Placing again from a dead node: the racing placements agree on one node.
    await nodes.register({ id: 'c', url: 'http://127.0.0.1:3', capacity: 5 });
    await nodes.register({ id: 'd', url: 'http://127.0.0.1:4', capacity: 5 });
    await sessions.create({ id: 'orphan', nodeId: 'gone' });
    const again = await Promise.all([
      nodes.placeAgain('orphan', 'gone', ALIVE_MS),
      nodes.placeAgain('orphan', 'gone', ALIVE_MS),
    ]);
    expect(again.filter((moved) => moved !== undefined)).toHaveLength(1);
    expect(['b', 'c', 'd']).toContain((await sessions.get('orphan'))?.nodeId);
  });

  it('hands each end made through another node to exactly one node: the host, or a live one when it died', async () => {
    await sessions.create({ id: 'on-b', nodeId: 'b' });
    await sessions.create({ id: 'on-dead', nodeId: 'dead' });
    await sessions.create({ id: 'handled', nodeId: 'a' });
    await sessions.end('on-b', 'ended', { endedBy: 'a' });
    await sessions.end('on-dead', 'ended', { endedBy: 'a' });
    await sessions.end('handled', 'ended', { endedBy: 'a', handledBy: 'a' });
    const live = ['a', 'b', 'c'];

    // b picks up its own end (and the dead node's, which any live node may take); c, racing, gets the rest.
    const [byB, byC] = await Promise.all([
      sessions.claimUnhandledEnds('b', live),
      sessions.claimUnhandledEnds('c', live),
    ]);
    const claimed = [...byB, ...byC].map((session) => session.id).sort();
    expect(claimed).toEqual(['on-b', 'on-dead']);
    expect(byB.map((session) => session.id)).toContain('on-b');
    expect(byC.map((session) => session.id)).not.toContain('on-b');
    expect((await sessions.get('on-b'))?.endHandledBy).toBe('b');
    expect(await sessions.claimUnhandledEnds('b', live)).toEqual([]);
    expect(await sessions.claimUnhandledEnds('c', live)).toEqual([]);
  });
});

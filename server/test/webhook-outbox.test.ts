import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { WebhookOutboxRepository } from '../src/store/webhook-outbox-repository.ts';
import { useDbEngines } from './helpers/db-engines.ts';

const ENGINES = useDbEngines('outbox');

describe.each(ENGINES)('webhook outbox on $name', ({ open }) => {
  let engine: Awaited<ReturnType<typeof open>>;
  let clock = Date.parse('2026-12-04T10:00:00Z');
  let outbox: WebhookOutboxRepository;
  let session = 0;
  let sid = '';

  beforeAll(async () => {
    engine = await open();
    outbox = new WebhookOutboxRepository(engine.db, () => clock);
  });
  afterAll(async () => {
    await engine.close();
  });
  beforeEach(() => {
    session += 1;
    sid = `session-${session}-${Math.random().toString(36).slice(2)}`;
  });

  const add = (sessionId: string, sequence: number) =>
    outbox.enqueue({ id: `${sessionId}-${sequence}`, sessionId, sequence, type: 't', body: `{"n":${sequence}}` });
  const claimedIds = async (owner: string, limit = 50) =>
    (await outbox.claimDue(owner, limit, 10_000)).map((event) => event.id).filter((id) => id.startsWith(sid));

  it('hands out only the first pending event of a session, the next once it is delivered', async () => {
    expect(await add(sid, 4)).toBe(true);
    expect(await add(sid, 9)).toBe(true);
    expect(await add(sid, 2)).toBe(true);
    expect(await add(sid, 2)).toBe(false); // the same evidence entry twice
    expect(await claimedIds('node-a')).toEqual([`${sid}-2`]);
    // Leased: nobody gets it (nor its successors) while the attempt runs.
    expect(await claimedIds('node-b')).toEqual([]);
    await outbox.markDelivered(`${sid}-2`, 'node-a', 204);
    expect(await claimedIds('node-b')).toEqual([`${sid}-4`]);
    const delivered = await outbox.get(`${sid}-2`);
    expect(delivered).toMatchObject({ state: 'delivered', attempts: 1, lastStatus: 204 });
  });

  it('waits for a retry in the order of the session; a dead event no longer holds the next one', async () => {
    await add(sid, 0);
    await add(sid, 1);
    expect(await claimedIds('node-a')).toEqual([`${sid}-0`]);
    await outbox.markFailed(`${sid}-0`, 'node-a', { status: 500, error: 'HTTP 500', retryAt: clock + 5000 });
    // Not due yet, and event 1 waits behind it.
    expect(await claimedIds('node-a')).toEqual([]);
    clock += 5000;
    expect(await claimedIds('node-a')).toEqual([`${sid}-0`]);
    await outbox.markFailed(`${sid}-0`, 'node-a', { status: undefined, error: 'ECONNREFUSED', retryAt: undefined });
    expect(await outbox.get(`${sid}-0`)).toMatchObject({ state: 'dead', attempts: 2, lastError: 'ECONNREFUSED' });
    expect(await claimedIds('node-a')).toEqual([`${sid}-1`]);
  });

  it('lists dead events in pages and redelivers one ahead of its session', async () => {
    for (const sequence of [0, 1, 2]) {
      await add(sid, sequence);
      clock += 1000;
      expect(await claimedIds('node-a')).toEqual([`${sid}-${sequence}`]);
      await outbox.markFailed(`${sid}-${sequence}`, 'node-a', { status: 410, error: 'HTTP 410', retryAt: undefined });
    }
    const first = (await outbox.listDead(2)).filter((event) => event.sessionId === sid);
    expect(first.map((event) => event.sequence)).toEqual([2, 1]);
    const rest = await outbox.listDead(2, first.at(-1)?.id);
    expect(rest[0]?.id).toBe(`${sid}-0`);
    await add(sid, 3);
    expect(await outbox.redeliver(`${sid}-1`)).toBe(true);
    expect(await outbox.redeliver(`${sid}-1`)).toBe(false);
    expect(await claimedIds('node-a')).toEqual([`${sid}-1`]);
    expect(await outbox.get(`${sid}-1`)).toMatchObject({ state: 'pending', attempts: 0 });
  });

  it('gives back a node’s leases at its next start and prunes delivered events after retention', async () => {
    await add(sid, 0);
    expect(await claimedIds('node-a')).toEqual([`${sid}-0`]);
    expect(await outbox.releaseLeases('node-a')).toBeGreaterThanOrEqual(1);
    expect(await claimedIds('node-b')).toEqual([`${sid}-0`]);
    await outbox.markDelivered(`${sid}-0`, 'node-a', 200); // not its lease any more: no effect
    expect((await outbox.get(`${sid}-0`))?.state).toBe('pending');
    await outbox.markDelivered(`${sid}-0`, 'node-b', 200);
    clock += 60_000;
    expect(await outbox.deleteDeliveredBefore(clock - 30_000)).toBeGreaterThanOrEqual(1);
    expect(await outbox.get(`${sid}-0`)).toBeUndefined();
  });
});

import { afterEach, describe, expect, it } from 'vitest';
import { AirError } from '@aircounter/protocol';
import { createLogger } from '../../src/log.ts';
import { ThreadPool, workerModule } from '../../src/threads/thread-pool.ts';
import type { PoolTestJob, PoolTestResult } from '../helpers/pool-test-messages.ts';

const pools: ThreadPool<PoolTestJob, PoolTestResult>[] = [];

function pool(size: number): ThreadPool<PoolTestJob, PoolTestResult> {
  const created = new ThreadPool<PoolTestJob, PoolTestResult>({
    module: workerModule(new URL('../helpers/pool-test-worker.ts', import.meta.url).href, 'pool-test-worker'),
    size,
    log: createLogger({ level: 'silent' }),
    name: 'test',
    failure: 'the test job failed',
    closed: 'the test pool is closed',
  });
  pools.push(created);
  return created;
}

afterEach(async () => {
  await Promise.all(pools.splice(0).map((created) => created.close()));
});

describe('ThreadPool', () => {
  it('runs at most `size` jobs at once, the others wait for a thread', async () => {
    const threads = pool(2);
    const replies = await Promise.all([0, 1, 2, 3, 4].map(() => threads.run({ kind: 'wait', ms: 100 })));
    expect(new Set(replies.map((reply) => reply.threadId)).size).toBe(2);
    // At any job's start, at most one other job was running.
    for (const job of replies) {
      const running = replies.filter((other) => other.startedAt <= job.startedAt && other.endedAt > job.startedAt);
      expect(running.length).toBeLessThanOrEqual(2);
    }
  });

  it("turns a worker's typed failure into an AirError with its code", async () => {
    const threads = pool(1);
    const failure = await threads.run({ kind: 'fail' }).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(AirError);
    expect(failure).toMatchObject({ code: 'INVALID_PARAMS', message: 'refused by the worker' });
    // The thread is still there for the next job.
    await expect(threads.run({ kind: 'wait', ms: 0 })).resolves.toMatchObject({ ok: true });
  });

  it('fails the job of a thread that dies with INTERNAL, and a waiting job gets a fresh thread', async () => {
    const threads = pool(1);
    const dying = threads.run({ kind: 'die' }).catch((error: unknown) => error);
    const waiting = threads.run({ kind: 'wait', ms: 0 });
    const failure = await dying;
    expect(failure).toBeInstanceOf(AirError);
    expect(failure).toMatchObject({ code: 'INTERNAL', message: 'the test job failed' });
    const next = await waiting;
    expect(next.ok).toBe(true);
  });

  it('refuses jobs once closed', async () => {
    const threads = pool(1);
    await threads.run({ kind: 'wait', ms: 0 });
    await threads.close();
    await expect(threads.run({ kind: 'wait', ms: 0 })).rejects.toMatchObject({
      code: 'INTERNAL',
      message: 'the test pool is closed',
    });
  });
});

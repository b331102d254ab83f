import { describe, expect, it } from 'vitest';
import { SerialQueue } from './serial-queue.ts';
import { deferred } from './test-fixtures/async.ts';

describe('SerialQueue', () => {
  it('runs jobs one at a time, in the order they were queued', async () => {
    const queue = new SerialQueue();
    const log: string[] = [];
    const first = deferred();
    const a = queue.run(async () => {
      log.push('a start');
      await first.promise;
      log.push('a end');
      return 'A';
    });
    const b = queue.run(() => {
      log.push('b');
      return 'B';
    });
    await Promise.resolve();
    expect(log).toEqual(['a start']);
    expect(queue.waiting).toBe(1);
    first.resolve();
    expect(await Promise.all([a, b])).toEqual(['A', 'B']);
    expect(log).toEqual(['a start', 'a end', 'b']);
  });

  it('runs the next job after a failure, which reaches only the failed job’s caller', async () => {
    const queue = new SerialQueue();
    const failed = queue.run(() => Promise.reject(new Error('boom')));
    const thrown = queue.run(() => {
      throw new Error('sync boom');
    });
    const next = queue.run(() => 'still running');
    await expect(failed).rejects.toThrow('boom');
    await expect(thrown).rejects.toThrow('sync boom');
    await expect(next).resolves.toBe('still running');
    expect(queue.idle).toBe(true);
  });

  it('counts waiting jobs, not the running one', async () => {
    const queue = new SerialQueue();
    const hold = deferred();
    const running = queue.run(() => hold.promise);
    const later = [queue.run(() => 1), queue.run(() => 2)];
    await Promise.resolve();
    expect(queue.waiting).toBe(2);
    expect(queue.idle).toBe(false);
    hold.resolve();
    await Promise.all([running, ...later]);
    expect(queue.waiting).toBe(0);
    expect(queue.idle).toBe(true);
  });

  it('drained() waits for the jobs queued before it; settled() also for those queued meanwhile', async () => {
    const queue = new SerialQueue();
    const log: string[] = [];
    const hold = deferred();
    void queue.run(async () => {
      await hold.promise;
      log.push('first');
      // Queued while a waiter is already waiting.
      void queue.run(() => {
        log.push('queued meanwhile');
      });
    });
    const drained = queue.drained().then(() => log.push('drained'));
    const settled = queue.settled().then(() => log.push('settled'));
    hold.resolve();
    await Promise.all([drained, settled]);
    expect(log).toEqual(['first', 'drained', 'queued meanwhile', 'settled']);
  });

  it('drained() and settled() resolve even when jobs failed', async () => {
    const queue = new SerialQueue();
    queue.run(() => Promise.reject(new Error('x'))).catch(() => undefined);
    await expect(queue.drained()).resolves.toBeUndefined();
    await expect(queue.settled()).resolves.toBeUndefined();
  });
});

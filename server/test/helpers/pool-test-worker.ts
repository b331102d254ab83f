// A worker for the thread pool's tests: answers with its thread id, after a
// wait, with a typed failure, or dies under the job.
import { parentPort, threadId } from 'node:worker_threads';
import type { PoolTestJob, PoolTestResult } from './pool-test-messages.ts';
import type { ThreadReply, ThreadRequest } from '../../src/threads/thread-pool.ts';

const port = parentPort;
if (!port) throw new Error('pool-test-worker.ts runs as a worker thread only');

port.on('message', (request: ThreadRequest<PoolTestJob>) => {
  const reply = (answer: ThreadReply<PoolTestResult>): void => port.postMessage(answer);
  switch (request.kind) {
    case 'wait': {
      const startedAt = Date.now();
      setTimeout(() => reply({ id: request.id, ok: true, threadId, startedAt, endedAt: Date.now() }), request.ms);
      return;
    }
    case 'fail':
      reply({ id: request.id, ok: false, code: 'INVALID_PARAMS', message: 'refused by the worker' });
      return;
    case 'die':
      process.exit(3);
  }
});

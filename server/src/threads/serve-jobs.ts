import { parentPort } from 'node:worker_threads';
import { AirError } from '@aircounter/protocol';
import type { ThreadReply, ThreadRequest } from './thread-pool.ts';

/**
 * The worker side of a {@link ThreadPool}: answers each job with its result,
 * or with the typed error it failed with (INTERNAL for anything else), under
 * the request's id. Call once from the worker module.
 */
export function serveJobs<Job extends object, Result extends object>(
  name: string,
  handle: (job: ThreadRequest<Job>) => Promise<Result>,
): void {
  const port = parentPort;
  if (!port) throw new Error(`${name} runs as a worker thread only`);
  port.on('message', (request: ThreadRequest<Job>) => {
    const answer = (reply: ThreadReply<Result>): void => port.postMessage(reply);
    handle(request).then(
      (result) => answer({ ...result, id: request.id, ok: true }),
      (error: unknown) =>
        answer({
          id: request.id,
          ok: false,
          code: error instanceof AirError ? error.code : 'INTERNAL',
          message: error instanceof Error ? error.message : String(error),
        }),
    );
  });
}

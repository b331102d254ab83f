import { errorMessage } from '@aircounter/protocol';
import type { Logger } from '../log.ts';
import type { AuthorizationService } from './service.ts';

/**
 * Runs the SLA sweep on a timer. The deadlines live in the store, so a
 * restarted node (or any other node) picks up where this one stopped; the
 * sweep's conditional updates make concurrent sweeps harmless. Returns the
 * function that stops it.
 */
export function startAuthorizationSweeper(options: {
  readonly authorization: AuthorizationService;
  readonly intervalMs: number;
  readonly log: Logger;
}): () => Promise<void> {
  let running: Promise<void> | undefined;
  const timer = setInterval(() => {
    if (running !== undefined) return;
    running = options.authorization
      .sweep()
      .catch((error: unknown) => options.log.warn('authorization sweep failed', { error: errorMessage(error) }))
      .finally(() => {
        running = undefined;
      });
  }, options.intervalMs);
  timer.unref();
  return async () => {
    clearInterval(timer);
    await running;
  };
}

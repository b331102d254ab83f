import type { ReconnectOptions } from '../types.ts';

export const DEFAULT_RECONNECT: Required<ReconnectOptions> = { maxAttempts: 8, initialDelayMs: 500, maxDelayMs: 8_000 };

/**
 * Delay before reconnection attempt `attempt` (1-based): exponential, capped,
 * with jitter in [50 %, 100 %] so that the participants of a session that
 * lost the server together do not all come back in the same millisecond.
 */
export function backoffDelay(attempt: number, options: Required<ReconnectOptions>, random = Math.random): number {
  const exponential = options.initialDelayMs * 2 ** Math.max(0, attempt - 1);
  const capped = Math.min(options.maxDelayMs, exponential);
  return Math.round(capped * (0.5 + random() / 2));
}

/**
 * The longest the client waits between the loss of its connection and giving
 * up (the sum of every attempt's largest delay, without the attempts' own
 * time): what a page can show as "reconnecting for at most …".
 */
export function reconnectWindowMs(options: Required<ReconnectOptions> = DEFAULT_RECONNECT): number {
  let total = 0;
  for (let attempt = 1; attempt <= options.maxAttempts; attempt++) {
    total += Math.min(options.maxDelayMs, options.initialDelayMs * 2 ** (attempt - 1));
  }
  return total;
}

/** Resolves after `ms`, or at once when `signal` aborts. */
export function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) {
      resolve();
      return;
    }
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done, { once: true });
    function done(): void {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
  });
}

import type { Logger } from '../log.ts';
import type { Store } from './store.ts';

/**
 * Used token ids are kept this long past the token's `exp`: well beyond the
 * clock tolerance of the signature check, so no token is ever both accepted
 * as unexpired and forgotten as used.
 */
const EXPIRED_TOKEN_KEEP_SECONDS = 300;

/**
 * Deletes what the store no longer needs, every `intervalSeconds`: ids of
 * join tokens that have expired (a replay is refused by the expiry check by
 * then), sessions ended more than `retentionSeconds` ago (their durable
 * record is the evidence package) and webhook events delivered more than
 * `webhookRetentionSeconds` ago (dead-lettered ones stay until redelivered). Returns a stop function.
 */
export function startStorePruning(options: {
  store: Store;
  intervalSeconds: number;
  retentionSeconds: number;
  /** Delivered webhook events are deleted after this long. */
  webhookRetentionSeconds: number;
  log: Logger;
  now?: () => number;
}): () => void {
  const { store, log } = options;
  const now = options.now ?? Date.now;
  let running: Promise<void> | undefined;
  const prune = async (): Promise<void> => {
    const tokens = await store.joinTokens.deleteExpiredBefore(now() - EXPIRED_TOKEN_KEEP_SECONDS * 1000);
    const sessions = await store.sessions.deleteEndedBefore(now() - options.retentionSeconds * 1000);
    const webhooks = await store.webhooks.deleteDeliveredBefore(now() - options.webhookRetentionSeconds * 1000);
    if (tokens + sessions + webhooks > 0) log.debug('store pruned', { tokens, sessions, webhooks });
  };
  const timer = setInterval(() => {
    running ??= prune()
      .catch((error: unknown) => log.warn('store pruning failed; will retry', { error }))
      .finally(() => (running = undefined));
  }, options.intervalSeconds * 1000);
  timer.unref();
  return () => clearInterval(timer);
}

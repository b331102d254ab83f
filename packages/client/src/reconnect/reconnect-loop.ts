import { AirError } from '@aircounter/protocol';
import type { ReconnectOptions } from '../types.ts';
import { backoffDelay, sleep } from './backoff.ts';

/** How a reconnection ended. */
export type ReconnectOutcome =
  | { readonly kind: 'connected' }
  /** The session was left or ended meanwhile: nothing more to do. */
  | { readonly kind: 'stopped' }
  /** Given up: the session ends in `state` with `error`. */
  | { readonly kind: 'failed'; readonly state: 'ended' | 'error'; readonly error: AirError };

export interface ReconnectAttempts {
  readonly options: Required<ReconnectOptions>;
  /** Aborted when the session is left: the wait before the next attempt ends at once. */
  readonly signal: AbortSignal;
  /** Whether the session ended meanwhile (no further attempt). */
  readonly stopped: () => boolean;
  /** One attempt: a fresh token and socket, then the whole join sequence. */
  readonly connect: () => Promise<void>;
  /** Drops what a failed attempt built, before the next one. */
  readonly cleanUp: () => void;
}

/**
 * The reconnection policy: up to `maxAttempts` attempts after a capped,
 * jittered exponential backoff. A refusal that cannot get better (auth, the
 * session ended) stops at once; `DUPLICATE_PEER` is retried, since the
 * server may still be probing the socket this client lost, and is the
 * error if it outlasts every attempt.
 */
export async function reconnect(attempts: ReconnectAttempts): Promise<ReconnectOutcome> {
  const { options, signal } = attempts;
  let last: AirError | undefined;
  for (let attempt = 1; attempt <= options.maxAttempts; attempt++) {
    await sleep(backoffDelay(attempt, options), signal);
    if (signal.aborted || attempts.stopped()) return { kind: 'stopped' };
    try {
      await attempts.connect();
      return { kind: 'connected' };
    } catch (error) {
      last = AirError.from(error, 'INTERNAL', 'reconnect');
      if (!last.recoverable && last.code !== 'DUPLICATE_PEER') {
        return { kind: 'failed', state: last.code === 'SESSION_ENDED' ? 'ended' : 'error', error: last };
      }
      attempts.cleanUp();
    }
  }
  const gaveUp =
    last?.code === 'DUPLICATE_PEER'
      ? last
      : new AirError('CONNECTION_LOST', `no connection after ${options.maxAttempts} attempts`, { cause: last });
  return { kind: 'failed', state: 'error', error: gaveUp };
}

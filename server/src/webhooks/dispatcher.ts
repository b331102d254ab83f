import { errorMessage } from '@aircounter/protocol';
import type { WebhookConfig } from '../config.ts';
import type { Logger } from '../log.ts';
import type { OutboxEvent, WebhookOutboxRepository } from '../store/webhook-outbox-repository.ts';
import { retryDelayMs } from './backoff.ts';
import { signWebhook, WEBHOOK_HEADERS } from './signature.ts';

/** What became of one attempt (metrics). */
export const DELIVERY_OUTCOMES = ['delivered', 'retry', 'dead'] as const;
export type DeliveryOutcome = (typeof DELIVERY_OUTCOMES)[number];

export interface DeliveryReport {
  readonly type: string;
  readonly outcome: DeliveryOutcome;
  /** The attempt's duration, ms. */
  readonly ms: number;
}

export interface DispatcherSettings extends Omit<WebhookConfig, 'url' | 'secret' | 'retentionSeconds'> {
  readonly url: string;
  readonly secret: string;
}

/** Extra lease beyond the attempt's time limit, so a slow answer is not taken over by another node. */
const LEASE_MARGIN_MS = 5_000;
/** Longest failure description kept in the outbox. */
const MAX_ERROR_LENGTH = 300;

/**
 * Delivers the outbox to the bank's endpoint: takes due events (the first
 * pending one of each session), POSTs each signed, and records the outcome —
 * delivered on any 2xx, otherwise another attempt after an exponential
 * back-off, or the dead-letter list once `maxAttempts` ran out. Redirects
 * are not followed (a 3xx is a failure). Runs whenever an event is queued
 * (`wake`) and every `pollIntervalMs` (due retries, other nodes' work).
 * Leases are per node: a restarted node retries its own unfinished ones at
 * once; another node's expire after the attempt's time limit.
 */
export class WebhookDispatcher {
  readonly #outbox: WebhookOutboxRepository;
  readonly #settings: DispatcherSettings;
  readonly #nodeId: string;
  readonly #log: Logger;
  readonly #now: () => number;
  readonly #reporters = new Set<(report: DeliveryReport) => void>();
  readonly #abort = new AbortController();
  #timer: NodeJS.Timeout | undefined;
  #running: Promise<void> | undefined;
  #again = false;
  #stopped = false;

  constructor(deps: {
    outbox: WebhookOutboxRepository;
    settings: DispatcherSettings;
    nodeId: string;
    log: Logger;
    now?: () => number;
  }) {
    this.#outbox = deps.outbox;
    this.#settings = deps.settings;
    this.#nodeId = deps.nodeId;
    this.#log = deps.log;
    this.#now = deps.now ?? Date.now;
  }

  /** Calls `reporter` after every attempt. */
  onDelivery(reporter: (report: DeliveryReport) => void): void {
    this.#reporters.add(reporter);
  }

  /** Takes back this node's leases from an earlier run, then starts delivering. */
  async start(): Promise<void> {
    const released = await this.#outbox.releaseLeases(this.#nodeId);
    if (released > 0) this.#log.info('webhook deliveries of an earlier run resumed', { events: released });
    this.wake();
  }

  /** Looks for due events now (an event was queued). */
  wake(): void {
    if (this.#stopped) return;
    if (this.#running) {
      this.#again = true;
      return;
    }
    clearTimeout(this.#timer);
    this.#running = this.#drain()
      .catch((error: unknown) => this.#log.warn('webhook outbox not readable; will retry', { error }))
      .finally(() => {
        this.#running = undefined;
        if (this.#again) {
          this.#again = false;
          this.wake();
        } else if (!this.#stopped) {
          this.#timer = setTimeout(() => this.wake(), this.#settings.pollIntervalMs);
          this.#timer.unref();
        }
      });
  }

  /** Stops delivering: attempts under way are cancelled and their events stay pending (retried at the next start). */
  async stop(): Promise<void> {
    this.#stopped = true;
    clearTimeout(this.#timer);
    this.#abort.abort();
    await this.#running;
    await this.#outbox.releaseLeases(this.#nodeId);
  }

  async #drain(): Promise<void> {
    const leaseMs = this.#settings.timeoutMs + LEASE_MARGIN_MS;
    while (!this.#stopped) {
      const events = await this.#outbox.claimDue(this.#nodeId, this.#settings.concurrency, leaseMs);
      if (events.length === 0) return;
      await Promise.all(events.map((event) => this.#deliver(event)));
    }
  }

  async #deliver(event: OutboxEvent): Promise<void> {
    const started = performance.now();
    const timestamp = Math.floor(this.#now() / 1000);
    let status: number | undefined;
    let failure: string | undefined;
    try {
      const response = await fetch(this.#settings.url, {
        method: 'POST',
        redirect: 'manual',
        headers: {
          'content-type': 'application/json',
          'user-agent': 'AirCounter-Webhooks/1',
          [WEBHOOK_HEADERS.id]: event.id,
          [WEBHOOK_HEADERS.timestamp]: String(timestamp),
          [WEBHOOK_HEADERS.signature]: signWebhook(this.#settings.secret, timestamp, event.body),
        },
        body: event.body,
        signal: AbortSignal.any([this.#abort.signal, AbortSignal.timeout(this.#settings.timeoutMs)]),
      });
      status = response.status;
      // The receiver's answer is not read (it could be large or hostile): only its status counts.
      await response.body?.cancel();
      if (status < 200 || status > 299) failure = `HTTP ${status}`;
    } catch (error) {
      if (this.#abort.signal.aborted) return;
      failure = describeNetworkError(error);
    }
    const ms = performance.now() - started;
    if (failure === undefined && status !== undefined) {
      await this.#outbox.markDelivered(event.id, this.#nodeId, status);
      this.#report({ type: event.type, outcome: 'delivered', ms });
      this.#log.debug('webhook delivered', { eventId: event.id, sessionId: event.sessionId, type: event.type, status });
      return;
    }
    const attempts = event.attempts + 1;
    const dead = attempts >= this.#settings.maxAttempts;
    const retryAt = dead ? undefined : this.#now() + retryDelayMs(attempts, this.#settings);
    const error = (failure ?? 'unknown failure').slice(0, MAX_ERROR_LENGTH);
    await this.#outbox.markFailed(event.id, this.#nodeId, { status, error, retryAt });
    this.#report({ type: event.type, outcome: dead ? 'dead' : 'retry', ms });
    const fields = { eventId: event.id, sessionId: event.sessionId, type: event.type, attempts, error };
    if (dead) this.#log.error('webhook dead-lettered: attempts ran out', fields);
    else this.#log.warn('webhook attempt failed; will retry', { ...fields, retryInMs: (retryAt ?? 0) - this.#now() });
  }

  #report(report: DeliveryReport): void {
    for (const reporter of this.#reporters) reporter(report);
  }
}

/** A fetch failure as one line: the cause's code (ECONNREFUSED …) or a timeout, never a response body. */
function describeNetworkError(error: unknown): string {
  if (error instanceof Error && error.name === 'TimeoutError') return 'timed out';
  const cause: unknown = error instanceof Error ? error.cause : undefined;
  const code: unknown = typeof cause === 'object' && cause !== null ? Reflect.get(cause, 'code') : undefined;
  return typeof code === 'string' ? code : errorMessage(error);
}

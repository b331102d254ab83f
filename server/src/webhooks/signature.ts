import { createHmac, timingSafeEqual } from 'node:crypto';

// The webhook signature scheme (docs/webhooks.md). Each attempt is signed
// afresh: HMAC-SHA256 with the shared secret over `<timestamp>.<body>`, where
// the timestamp is the attempt's Unix time in seconds and the body the exact
// bytes sent. The receiver recomputes it and refuses a timestamp outside its
// replay window, so a captured delivery cannot be replayed later. This module
// has no other server dependency: a bank's receiver imports it alone.

/** Headers of every delivery (lower case, as node:http presents them). */
export const WEBHOOK_HEADERS = {
  /** The event's id: the idempotency key, the same on every attempt. */
  id: 'aircounter-webhook-id',
  /** Unix time (seconds) of this attempt; part of what is signed. */
  timestamp: 'aircounter-webhook-timestamp',
  /** `v1=<hex HMAC-SHA256>` (receivers accept a comma-separated list, for future schemes). */
  signature: 'aircounter-webhook-signature',
} as const;

/** A receiver accepts a delivery whose timestamp is at most this far from its clock, by default (5 minutes). */
export const DEFAULT_WEBHOOK_TOLERANCE_SECONDS = 300;

const SCHEME = 'v1';

function hmac(secret: string, timestamp: number, body: string): Buffer {
  return createHmac('sha256', secret).update(`${timestamp}.`).update(body).digest();
}

/** The signature header's value for one attempt. */
export function signWebhook(secret: string, timestamp: number, body: string): string {
  return `${SCHEME}=${hmac(secret, timestamp, body).toString('hex')}`;
}

/** Why a delivery was refused. */
export const WEBHOOK_REFUSALS = ['missing-header', 'bad-timestamp', 'outside-window', 'bad-signature'] as const;
export type WebhookRefusal = (typeof WEBHOOK_REFUSALS)[number];

export class WebhookVerificationError extends Error {
  readonly reason: WebhookRefusal;

  constructor(reason: WebhookRefusal, message: string) {
    super(message);
    this.name = 'WebhookVerificationError';
    this.reason = reason;
  }
}

export interface VerifyWebhookOptions {
  /** The shared secret(s): the current one, and the previous one during a rotation. */
  readonly secret: string | readonly string[];
  /** Request headers (a node:http `IncomingHttpHeaders`, a fetch `Headers`, or a plain object). */
  readonly headers: Headers | Readonly<Record<string, string | readonly string[] | undefined>>;
  /** The raw request body, exactly as received (verify before parsing). */
  readonly body: string;
  /** Replay window, seconds (default 300). */
  readonly toleranceSeconds?: number;
  /** Current Unix time in ms (tests). */
  readonly now?: number;
}

function header(headers: VerifyWebhookOptions['headers'], name: string): string | undefined {
  if (headers instanceof Headers) return headers.get(name) ?? undefined;
  const value = headers[name];
  return typeof value === 'string' ? value : value?.[0];
}

/**
 * Checks a delivery: signature over timestamp and body with one of the
 * secrets, and a timestamp within the replay window. Returns the event id
 * (the idempotency key: a receiver that already processed it answers 2xx and
 * does nothing). Throws {@link WebhookVerificationError} otherwise.
 */
export function verifyWebhook(options: VerifyWebhookOptions): { id: string; timestamp: number } {
  const id = header(options.headers, WEBHOOK_HEADERS.id);
  const stamp = header(options.headers, WEBHOOK_HEADERS.timestamp);
  const signature = header(options.headers, WEBHOOK_HEADERS.signature);
  if (id === undefined || stamp === undefined || signature === undefined) {
    throw new WebhookVerificationError('missing-header', 'webhook id, timestamp or signature header missing');
  }
  if (!/^\d{1,12}$/.test(stamp)) throw new WebhookVerificationError('bad-timestamp', 'webhook timestamp unreadable');
  const timestamp = Number(stamp);
  const tolerance = options.toleranceSeconds ?? DEFAULT_WEBHOOK_TOLERANCE_SECONDS;
  const nowSeconds = Math.floor((options.now ?? Date.now()) / 1000);
  if (Math.abs(nowSeconds - timestamp) > tolerance) {
    throw new WebhookVerificationError('outside-window', `webhook timestamp is more than ${tolerance} s away`);
  }
  const offered = signature
    .split(',')
    .map((part) => part.trim())
    .filter((part) => part.startsWith(`${SCHEME}=`))
    .map((part) => Buffer.from(part.slice(SCHEME.length + 1), 'hex'));
  const secrets = typeof options.secret === 'string' ? [options.secret] : options.secret;
  const matches = secrets.some((secret) => {
    const expected = hmac(secret, timestamp, options.body);
    return offered.some((candidate) => candidate.length === expected.length && timingSafeEqual(candidate, expected));
  });
  if (!matches) throw new WebhookVerificationError('bad-signature', 'webhook signature does not match');
  return { id, timestamp };
}

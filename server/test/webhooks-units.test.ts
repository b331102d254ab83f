import { EVENTS, type EventEntry } from '@aircounter/evidence';
import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { retryDelayMs } from '../src/webhooks/backoff.ts';
import { WEBHOOK_EVENTS, WEBHOOK_EVENT_TYPES, WebhookEnvelope, webhookEventFor } from '../src/webhooks/events.ts';
import { signWebhook, verifyWebhook, WEBHOOK_HEADERS, WebhookVerificationError } from '../src/webhooks/signature.ts';

const SECRET = 'a-webhook-secret-of-at-least-32-bytes!!';
const NOW = Date.parse('2026-12-04T10:00:00Z');
const body = JSON.stringify({ id: 'evt-1', type: 'session.ended', data: { reason: 'ended' } });

function headersAt(timestamp: number, text = body, secret = SECRET): Record<string, string> {
  return {
    [WEBHOOK_HEADERS.id]: 'evt-1',
    [WEBHOOK_HEADERS.timestamp]: String(timestamp),
    [WEBHOOK_HEADERS.signature]: signWebhook(secret, timestamp, text),
  };
}

function refusal(run: () => unknown): string | undefined {
  try {
    run();
    return undefined;
  } catch (error) {
    return error instanceof WebhookVerificationError ? error.reason : `unexpected ${String(error)}`;
  }
}

describe('webhook signature', () => {
  const stamp = NOW / 1000;

  it('is HMAC-SHA256 over "<timestamp>.<body>" in hex, and verifies', () => {
    // Known answer, computed with OpenSSL: printf '%s' '1796378400.{"a":1}' | openssl dgst -sha256 -hmac "$SECRET"
    expect(signWebhook(SECRET, stamp, '{"a":1}')).toBe(
      'v1=bf300ade9cd5f48bc135e040602a4c5b40e541a36b717ff3c2ecec32e3c57000',
    );
    expect(signWebhook(SECRET, stamp, 'x')).not.toBe(signWebhook(SECRET, stamp + 1, 'x'));
    expect(verifyWebhook({ secret: SECRET, headers: headersAt(stamp), body, now: NOW })).toEqual({
      id: 'evt-1',
      timestamp: stamp,
    });
  });

  it('accepts fetch Headers and the previous secret during a rotation', () => {
    const headers = new Headers(headersAt(stamp, body, 'the-previous-secret-also-32-bytes-long'));
    expect(
      verifyWebhook({ secret: [SECRET, 'the-previous-secret-also-32-bytes-long'], headers, body, now: NOW }).id,
    ).toBe('evt-1');
  });

  it('refuses a changed body, a wrong secret, a missing header and an unreadable timestamp', () => {
    expect(
      refusal(() => verifyWebhook({ secret: SECRET, headers: headersAt(stamp), body: `${body} `, now: NOW })),
    ).toBe('bad-signature');
    expect(
      refusal(() =>
        verifyWebhook({ secret: 'another-secret-of-32-bytes-or-more!!', headers: headersAt(stamp), body, now: NOW }),
      ),
    ).toBe('bad-signature');
    const { [WEBHOOK_HEADERS.signature]: _dropped, ...unsigned } = headersAt(stamp);
    expect(refusal(() => verifyWebhook({ secret: SECRET, headers: unsigned, body, now: NOW }))).toBe('missing-header');
    expect(
      refusal(() =>
        verifyWebhook({
          secret: SECRET,
          headers: { ...headersAt(stamp), [WEBHOOK_HEADERS.timestamp]: '12e3' },
          body,
          now: NOW,
        }),
      ),
    ).toBe('bad-timestamp');
  });

  it('refuses a replay: a correctly signed delivery outside the window', () => {
    const old = headersAt(stamp - 301);
    expect(refusal(() => verifyWebhook({ secret: SECRET, headers: old, body, now: NOW }))).toBe('outside-window');
    // The same delivery inside its window was fine, and a wider window accepts it.
    expect(verifyWebhook({ secret: SECRET, headers: old, body, now: NOW - 2000 }).id).toBe('evt-1');
    expect(verifyWebhook({ secret: SECRET, headers: old, body, now: NOW, toleranceSeconds: 600 }).id).toBe('evt-1');
    // Re-signing an old body with a new timestamp needs the secret.
    const forged = { ...old, [WEBHOOK_HEADERS.timestamp]: String(stamp) };
    expect(refusal(() => verifyWebhook({ secret: SECRET, headers: forged, body, now: NOW }))).toBe('bad-signature');
  });
});

describe('webhook retry back-off', () => {
  const settings = { retryBaseMs: 1000, retryMaxMs: 60_000 };
  it.each([
    [1, 1000],
    [2, 2000],
    [3, 4000],
    [7, 60_000],
    [40, 60_000],
  ])('after %i failures waits between half and all of %i ms', (failures, full) => {
    expect(retryDelayMs(failures, settings, () => 0)).toBe(full / 2);
    expect(retryDelayMs(failures, settings, () => 1)).toBe(full);
  });
});

describe('webhook event table', () => {
  const entry = (type: string, data: Record<string, unknown>, seq = 3): EventEntry => ({
    seq,
    time: '2026-12-04T10:00:00.000Z',
    mediaTimeMs: null,
    type,
    data: data as EventEntry['data'],
    prev: '0'.repeat(64),
    hash: '1'.repeat(64),
  });

  it('reports evidence event types that exist, each at most once', () => {
    const sources = WEBHOOK_EVENT_TYPES.map((type) => WEBHOOK_EVENTS[type].source);
    expect(new Set(sources).size).toBe(sources.length);
    for (const source of sources) expect(Object.hasOwn(EVENTS, source)).toBe(true);
  });

  it('turns evidence entries into envelopes with only what the bank needs', () => {
    const joined = webhookEventFor('s-1', entry('peer.joined', { peerId: 'c1', role: 'customer', displayName: 'Ada' }));
    expect(joined).toEqual({
      type: 'participant.joined',
      sessionId: 's-1',
      sequence: 3,
      occurredAt: '2026-12-04T10:00:00.000Z',
      data: { peerId: 'c1', role: 'customer', displayName: 'Ada' },
    });
    expect(v.safeParse(WebhookEnvelope, { id: 'x', ...joined }).success).toBe(true);
    const opened = webhookEventFor('s-1', entry('session.opened', { sessionId: 's-1', reference: 'CASE-9' }));
    expect(opened?.data).toEqual({ reference: 'CASE-9', agentId: null });
    const recording = webhookEventFor(
      's-1',
      entry('recording.state', { recordingId: 'r1', from: 'starting', state: 'active', startedBy: 'a1' }),
    );
    expect(recording?.data).toEqual({ recordingId: 'r1', state: 'active', reason: null, complete: null });
    expect(webhookEventFor('s-1', entry('evidence.finalized', { complete: false, reason: 'gap' }))?.type).toBe(
      'evidence.sealed',
    );
  });

  it('skips types the bank is not told about and entries it cannot read', () => {
    expect(webhookEventFor('s-1', entry('producer.closed', { peerId: 'c1', producerId: 'p' }))).toBeUndefined();
    expect(webhookEventFor('s-1', entry('peer.joined', { peerId: 'c1' }))).toBeUndefined();
  });
});

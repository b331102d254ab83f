import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import {
  NotificationEnvelope,
  RequestEnvelope,
  ResponseEnvelope,
  ServerEnvelope,
  SUBPROTOCOL,
  TOKEN_SUBPROTOCOL_PREFIX,
} from './envelope.ts';

const ok = (schema: v.GenericSchema, value: unknown): boolean => v.safeParse(schema, value).success;

describe('RequestEnvelope', () => {
  const good = { kind: 'request', id: 7, method: 'join', data: { any: 'thing' } };

  it('accepts a request and keeps data unparsed for the method schema', () => {
    expect(v.parse(RequestEnvelope, good)).toEqual(good);
  });

  it.each([
    ['a negative id', { ...good, id: -1 }],
    ['a fractional id', { ...good, id: 1.5 }],
    ['a string id', { ...good, id: '7' }],
    ['an id beyond the safe integers', { ...good, id: 2 ** 60 }],
    ['no id', { kind: 'request', method: 'join', data: {} }],
    ['another kind', { ...good, kind: 'notification' }],
    ['a numeric method', { ...good, method: 1 }],
    ['an oversized method name', { ...good, method: 'm'.repeat(65) }],
    ['an unknown key', { ...good, token: 'x' }],
    ['an array', [good]],
  ])('refuses %s', (_rule, value) => {
    expect(ok(RequestEnvelope, value)).toBe(false);
  });
});

describe('ResponseEnvelope', () => {
  it('accepts success and error responses', () => {
    expect(ok(ResponseEnvelope, { kind: 'response', id: 1, ok: true, data: { producerId: 'p' } })).toBe(true);
    expect(
      ok(ResponseEnvelope, {
        kind: 'response',
        id: 1,
        ok: false,
        error: { code: 'NOT_JOINED', message: 'join first' },
      }),
    ).toBe(true);
  });

  it('accepts a null id only on an error about an unreadable request', () => {
    const error = { code: 'MALFORMED_MESSAGE', message: 'not JSON' };
    expect(ok(ResponseEnvelope, { kind: 'response', id: null, ok: false, error })).toBe(true);
    expect(ok(ResponseEnvelope, { kind: 'response', id: null, ok: true, data: {} })).toBe(false);
  });

  it.each([
    ['an unknown error code', { kind: 'response', id: 1, ok: false, error: { code: 'OOPS', message: '' } }],
    [
      'an oversized message',
      { kind: 'response', id: 1, ok: false, error: { code: 'INTERNAL', message: 'x'.repeat(1001) } },
    ],
    ['an error without message', { kind: 'response', id: 1, ok: false, error: { code: 'INTERNAL' } }],
    ['success with an error field', { kind: 'response', id: 1, ok: true, data: {}, error: {} }],
    ['a string ok flag', { kind: 'response', id: 1, ok: 'true', data: {} }],
  ])('refuses %s', (_rule, value) => {
    expect(ok(ResponseEnvelope, value)).toBe(false);
  });
});

describe('NotificationEnvelope and ServerEnvelope', () => {
  const notification = { kind: 'notification', method: 'peerLeft', data: { peerId: 'a', reason: 'left' } };

  it('tells responses and notifications apart', () => {
    expect(v.parse(ServerEnvelope, notification).kind).toBe('notification');
    expect(v.parse(ServerEnvelope, { kind: 'response', id: 2, ok: true, data: null }).kind).toBe('response');
  });

  it('refuses a notification with an id or a request sent as server message', () => {
    expect(ok(NotificationEnvelope, { ...notification, id: 1 })).toBe(false);
    expect(ok(ServerEnvelope, { kind: 'request', id: 1, method: 'join', data: {} })).toBe(false);
  });
});

describe('subprotocols', () => {
  it('are valid WebSocket subprotocol tokens', () => {
    // RFC 6455 subprotocols are RFC 7230 tokens; a JWT (base64url and dots) fits after the prefix.
    const token = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
    expect(SUBPROTOCOL).toMatch(token);
    expect(`${TOKEN_SUBPROTOCOL_PREFIX}eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJhIn0.c2ln_-`).toMatch(token);
  });
});

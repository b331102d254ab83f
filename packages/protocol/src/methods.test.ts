import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { AirError } from './errors.ts';
import { DEFAULT_MAX_MESSAGE_BYTES, MAX_DISPLAY_NAME_LENGTH, MAX_FRAME_BYTES, MAX_ID_LENGTH } from './limits.ts';
import { isAllowed, isMethodName, maxBytesFor, METHODS, type MethodName } from './methods.ts';
import { ROLES, SOURCES_BY_ROLE, type Role } from './roles.ts';
import { MAX_PAGE_VISIBLE_MS, SIGNATURE_LIMITS } from './schemas/signing.ts';
import {
  METHOD_EXAMPLES,
  OPUS_RTP_PARAMETERS,
  SIGNATURE,
  VP8_SIMULCAST_RTP_PARAMETERS,
} from './test-fixtures/examples.ts';
import { byteLength, checkSize, parseRequest, parseResponse } from './validate.ts';

const METHOD_NAMES = Object.keys(METHODS) as MethodName[];
const longId = 'i'.repeat(MAX_ID_LENGTH + 1);

function withField(base: unknown, key: string, value: unknown): Record<string, unknown> {
  return { ...(base as Record<string, unknown>), [key]: value };
}
function without(base: unknown, key: string): Record<string, unknown> {
  return Object.fromEntries(Object.entries(base as Record<string, unknown>).filter(([name]) => name !== key));
}
function request(method: MethodName): unknown {
  return METHOD_EXAMPLES[method].request;
}

/** Requests each method must refuse, by the rule they break. */
const BAD_REQUESTS: Record<MethodName, readonly (readonly [string, unknown])[]> = {
  getRouterRtpCapabilities: [['an unknown key', { extra: 1 }]],
  join: [
    ['no rtpCapabilities', without(request('join'), 'rtpCapabilities')],
    ['a numeric displayName', withField(request('join'), 'displayName', 5)],
    ['an oversized displayName', withField(request('join'), 'displayName', 'x'.repeat(MAX_DISPLAY_NAME_LENGTH + 1))],
    [
      'too many codecs',
      withField(request('join'), 'rtpCapabilities', {
        codecs: Array.from({ length: 65 }, () => ({ kind: 'audio', mimeType: 'audio/opus', clockRate: 48000 })),
      }),
    ],
    ['a codec of unknown kind', withField(request('join'), 'rtpCapabilities', { codecs: [{ kind: 'data' }] })],
    ['client appData', withField(request('join'), 'appData', { role: 'agent' })],
  ],
  leave: [['an unknown key', { reason: 'bye' }]],
  createTransport: [
    ['no direction', {}],
    ['an unknown direction', { direction: 'both' }],
    ['a string sctp flag', { direction: 'send', sctp: 'yes' }],
  ],
  connectTransport: [
    ['no transportId', without(request('connectTransport'), 'transportId')],
    ['an oversized transportId', withField(request('connectTransport'), 'transportId', longId)],
    ['a transportId with spaces', withField(request('connectTransport'), 'transportId', 'a b')],
    ['no fingerprints', withField(request('connectTransport'), 'dtlsParameters', { role: 'client', fingerprints: [] })],
    [
      'too many fingerprints',
      withField(request('connectTransport'), 'dtlsParameters', {
        fingerprints: Array.from({ length: 9 }, () => ({ algorithm: 'sha-256', value: 'AA' })),
      }),
    ],
    [
      'an unknown fingerprint algorithm',
      withField(request('connectTransport'), 'dtlsParameters', { fingerprints: [{ algorithm: 'md5', value: 'AA' }] }),
    ],
  ],
  restartIce: [
    ['no transportId', {}],
    ['a numeric transportId', { transportId: 7 }],
  ],
  produce: [
    ['no rtpParameters', without(request('produce'), 'rtpParameters')],
    ['an unknown source', withField(request('produce'), 'source', 'desktop')],
    ['a numeric kind', withField(request('produce'), 'kind', 1)],
    ['client appData', withField(request('produce'), 'appData', { source: 'screen' })],
    ['no codecs', withField(request('produce'), 'rtpParameters', { ...VP8_SIMULCAST_RTP_PARAMETERS, codecs: [] })],
    [
      'five encodings',
      withField(request('produce'), 'rtpParameters', {
        ...VP8_SIMULCAST_RTP_PARAMETERS,
        encodings: Array.from({ length: 5 }, (_, i) => ({ rid: `r${i}` })),
      }),
    ],
    [
      'an oversized codec parameter',
      withField(request('produce'), 'rtpParameters', {
        ...OPUS_RTP_PARAMETERS,
        codecs: [{ mimeType: 'audio/opus', payloadType: 111, clockRate: 48000, parameters: { x: 'y'.repeat(513) } }],
      }),
    ],
    [
      'a fractional payload type',
      withField(request('produce'), 'rtpParameters', {
        codecs: [{ mimeType: 'audio/opus', payloadType: 111.5, clockRate: 48000 }],
      }),
    ],
  ],
  closeProducer: [['no producerId', {}]],
  pauseProducer: [['an oversized producerId', { producerId: longId }]],
  resumeProducer: [['an empty producerId', { producerId: '' }]],
  consume: [
    ['no producerId', { transportId: 't-1' }],
    ['no transportId', { producerId: 'p-1' }],
    ['client rtpCapabilities', { transportId: 't-1', producerId: 'p-1', rtpCapabilities: {} }],
  ],
  resumeConsumer: [['no consumerId', {}]],
  pauseConsumer: [['a numeric consumerId', { consumerId: 3 }]],
  setConsumerPreferredLayers: [
    ['no spatialLayer', { consumerId: 'c-1' }],
    ['a spatialLayer above 3', { consumerId: 'c-1', spatialLayer: 4 }],
    ['a fractional spatialLayer', { consumerId: 'c-1', spatialLayer: 1.5 }],
    ['a negative temporalLayer', { consumerId: 'c-1', spatialLayer: 1, temporalLayer: -1 }],
  ],
  giveConsent: [
    ['an empty consentTextVersion', withField(request('giveConsent'), 'consentTextVersion', '')],
    ['an oversized action', withField(request('giveConsent'), 'action', 'a'.repeat(65))],
    ['an oversized locale', withField(request('giveConsent'), 'locale', 'l'.repeat(17))],
    ['no locale', without(request('giveConsent'), 'locale')],
  ],
  declineConsent: [
    ['no consentTextVersion', without(request('declineConsent'), 'consentTextVersion')],
    ['an oversized action', withField(request('declineConsent'), 'action', 'a'.repeat(65))],
    ['an unknown key', withField(request('declineConsent'), 'reason', 'no')],
  ],
  withdrawConsent: [
    ['an empty action', withField(request('withdrawConsent'), 'action', '')],
    ['no locale', without(request('withdrawConsent'), 'locale')],
  ],
  startRecording: [['an unknown key', { force: true }]],
  stopRecording: [['an unknown key', { discard: true }]],
  startLiveness: [['an unknown key', { challenges: ['blink'] }]],
  submitLiveness: [
    ['no frames', withField(request('submitLiveness'), 'frames', [])],
    [
      'nine frames',
      withField(
        request('submitLiveness'),
        'frames',
        Array.from({ length: 9 }, () => ({ challenge: 'blink', capturedAt: 1, jpegBase64: 'AAAA' })),
      ),
    ],
    [
      'frames that are not base64',
      withField(request('submitLiveness'), 'frames', [{ challenge: 'blink', capturedAt: 1, jpegBase64: 'data:,x' }]),
    ],
    [
      'an oversized frame',
      withField(request('submitLiveness'), 'frames', [
        { challenge: 'blink', capturedAt: 1, jpegBase64: 'A'.repeat(400_001) },
      ]),
    ],
    [
      'an unknown challenge',
      withField(request('submitLiveness'), 'frames', [{ challenge: 'smile', capturedAt: 1, jpegBase64: 'AAAA' }]),
    ],
    ['no clientResult', without(request('submitLiveness'), 'clientResult')],
  ],
  journeyState: [['an unknown key', { stepId: 'consent' }]],
  replayDisclosure: [
    ['no stepId', {}],
    ['a bad stepId', { stepId: 'Risk Disclosure' }],
    ['an unknown key', { stepId: 'risk-disclosure', text: 'say this instead' }],
  ],
  startGestureConfirmation: [
    ['an unknown gesture', withField(request('startGestureConfirmation'), 'gesture', 'wink')],
    ['no stepId', without(request('startGestureConfirmation'), 'stepId')],
    ['voice (not a gesture)', withField(request('startGestureConfirmation'), 'gesture', 'voice')],
  ],
  submitGestureConfirmation: [
    ['no frames', withField(request('submitGestureConfirmation'), 'frames', [])],
    ['no nonce', without(request('submitGestureConfirmation'), 'nonce')],
  ],
  submitVoiceConfirmation: [
    ['an unknown media type', withField(request('submitVoiceConfirmation'), 'mediaType', 'video/mp4')],
    ['audio that is not base64', withField(request('submitVoiceConfirmation'), 'audioBase64', 'not base64!')],
    ['audio over the clip limit', withField(request('submitVoiceConfirmation'), 'audioBase64', 'A'.repeat(400_000))],
  ],
  journeyAction: [
    [
      'a malformed verification',
      { type: 'answer', stepId: 'q', actionId: 'action-0002', answerId: 'yes', confirmation: 'nod', verification: 'x' },
    ],
    ['no actionId', without(request('journeyAction'), 'actionId')],
    ['a short actionId', withField(request('journeyAction'), 'actionId', 'a1')],
    ['an unknown type', withField(request('journeyAction'), 'type', 'finish')],
    ['a bad stepId', withField(request('journeyAction'), 'stepId', 'Risk Disclosure')],
    ['an answer without confirmation', { type: 'answer', stepId: 'q', actionId: 'action-0002', answerId: 'yes' }],
    ['an override without a reason', { type: 'override', stepId: 'q', actionId: 'action-0002' }],
    ['an unknown confirmation', { type: 'complete', stepId: 'q', actionId: 'action-0002', confirmation: 'wink' }],
  ],
  // Remote authorization.
  takeStill: [['no peerId', {}]],
  requestAuthorization: [
    ['a fractional amount', withField(request('requestAuthorization'), 'amount', 10.5)],
    ['a negative amount', withField(request('requestAuthorization'), 'amount', -1)],
    ['a lower-case currency', withField(request('requestAuthorization'), 'currency', 'cny')],
    ['an empty reason', withField(request('requestAuthorization'), 'reason', '')],
    ['an attachment that is not a SHA-256', withField(request('requestAuthorization'), 'attachments', ['abc'])],
    [
      'eleven attachments',
      withField(
        request('requestAuthorization'),
        'attachments',
        Array.from({ length: 11 }, () => 'a'.repeat(64)),
      ),
    ],
  ],
  cancelAuthorization: [['a requestId with spaces', { requestId: 'az 1' }]],
  listDocuments: [['an unknown key', { documentId: 'loan-1' }]],
  getDocumentPart: [
    ['a negative offset', withField(request('getDocumentPart'), 'offset', -1)],
    ['no document id', without(request('getDocumentPart'), 'documentId')],
  ],
  leadDocumentPage: [
    ['page 0', withField(request('leadDocumentPage'), 'page', 0)],
    ['a fractional page', withField(request('leadDocumentPage'), 'page', 1.5)],
    ['no document id', without(request('leadDocumentPage'), 'documentId')],
  ],
  reportDocumentPage: [
    ['page 0', withField(request('reportDocumentPage'), 'page', 0)],
    ['a visible time over an hour', withField(request('reportDocumentPage'), 'visibleMs', MAX_PAGE_VISIBLE_MS + 1)],
    ['a fractional page', withField(request('reportDocumentPage'), 'page', 1.5)],
  ],
  confirmDocumentRead: [
    ['no short code', without(request('confirmDocumentRead'), 'shortCode')],
    ['a lower-case short code', withField(request('confirmDocumentRead'), 'shortCode', '3f9a-21c7')],
  ],
  relaySignatureStroke: [
    ['an empty stroke', withField(request('relaySignatureStroke'), 'stroke', [])],
    ['no canvas', without(request('relaySignatureStroke'), 'canvas')],
  ],
  submitSignature: [
    ['no attempt id', without(request('submitSignature'), 'attemptId')],
    ['no strokes', withField(request('submitSignature'), 'signature', { ...SIGNATURE, strokes: [] })],
    [
      'too many strokes',
      withField(request('submitSignature'), 'signature', {
        ...SIGNATURE,
        strokes: Array.from({ length: SIGNATURE_LIMITS.maxStrokes + 1 }, () => SIGNATURE.strokes[0]),
      }),
    ],
    [
      'too many points in a stroke',
      withField(request('submitSignature'), 'signature', {
        ...SIGNATURE,
        strokes: [
          Array.from({ length: SIGNATURE_LIMITS.maxPointsPerStroke + 1 }, () => ({ x: 1, y: 1, t: 0, pressure: 0.5 })),
        ],
      }),
    ],
    [
      'too many points in all',
      withField(request('submitSignature'), 'signature', {
        ...SIGNATURE,
        strokes: Array.from({ length: 5 }, () =>
          Array.from({ length: SIGNATURE_LIMITS.maxPointsPerStroke }, () => ({ x: 1, y: 1, t: 0, pressure: 0.5 })),
        ),
      }),
    ],
    [
      'a point off the surface',
      withField(request('submitSignature'), 'signature', {
        ...SIGNATURE,
        strokes: [[{ x: 601, y: 10, t: 0, pressure: 0.5 }]],
      }),
    ],
    [
      'points out of time order',
      withField(request('submitSignature'), 'signature', {
        ...SIGNATURE,
        strokes: [
          [
            { x: 1, y: 1, t: 50, pressure: 0.5 },
            { x: 2, y: 2, t: 10, pressure: 0.5 },
          ],
        ],
      }),
    ],
    [
      'a pressure above 1',
      withField(request('submitSignature'), 'signature', {
        ...SIGNATURE,
        strokes: [[{ x: 1, y: 1, t: 0, pressure: 1.5 }]],
      }),
    ],
    [
      'a point with an extra key',
      withField(request('submitSignature'), 'signature', {
        ...SIGNATURE,
        strokes: [[{ x: 1, y: 1, t: 0, pressure: 0.5, color: 'red' }]],
      }),
    ],
    [
      'a tiny canvas',
      withField(request('submitSignature'), 'signature', { ...SIGNATURE, canvas: { width: 10, height: 10 } }),
    ],
  ],
  requestSignatureRedo: [['an empty reason', withField(request('requestSignatureRedo'), 'reason', '')]],
  attestSignature: [
    ['an unknown statement', withField(request('attestSignature'), 'statement', 'identity-witnessed')],
    ['attempt 0', withField(request('attestSignature'), 'attempt', 0)],
  ],
};

describe('METHODS request schemas', () => {
  it('has an example and refusal cases for every method', () => {
    expect(Object.keys(METHOD_EXAMPLES).sort()).toEqual([...METHOD_NAMES].sort());
    for (const method of METHOD_NAMES) expect(BAD_REQUESTS[method].length, method).toBeGreaterThan(0);
  });

  it.each(METHOD_NAMES)('%s accepts its example and returns the same data', (method) => {
    expect(parseRequest(method, METHOD_EXAMPLES[method].request)).toEqual(METHOD_EXAMPLES[method].request);
  });

  it.each(METHOD_NAMES)('%s refuses non-object data', (method) => {
    for (const data of [null, undefined, 'text', 42, []]) {
      expect(() => parseRequest(method, data), `${method} ${JSON.stringify(data)}`).toThrow(AirError);
    }
  });

  const badCases = METHOD_NAMES.flatMap((method) =>
    BAD_REQUESTS[method].map(([rule, data]) => ({ method, rule, data })),
  );
  it.each(badCases)('$method refuses $rule with INVALID_PARAMS', ({ method, data }) => {
    let caught: unknown;
    try {
      parseRequest(method, data);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(AirError);
    expect((caught as AirError).code).toBe('INVALID_PARAMS');
    expect((caught as AirError).message).toContain(method);
  });

  it('names the offending field in the message', () => {
    expect(() => parseRequest('createTransport', { direction: 'both' })).toThrow(/direction/);
  });
});

describe('METHODS response schemas', () => {
  it.each(METHOD_NAMES)('%s accepts its example response', (method) => {
    expect(parseResponse(method, METHOD_EXAMPLES[method].response)).toEqual(METHOD_EXAMPLES[method].response);
  });

  it('refuses a consume response whose consumer is not paused', () => {
    const response = { ...(METHOD_EXAMPLES.consume.response as object), paused: false };
    expect(() => parseResponse('consume', response)).toThrow(AirError);
  });

  it('refuses a join response without recording status', () => {
    expect(() => parseResponse('join', without(METHOD_EXAMPLES.join.response, 'recording'))).toThrow(AirError);
  });
});

describe('roles', () => {
  const expectations: readonly (readonly [MethodName, Role, boolean])[] = [
    ['join', 'customer', true],
    ['join', 'auditor', false],
    ['produce', 'supervisor', true],
    ['startRecording', 'agent', true],
    ['startRecording', 'customer', false],
    ['stopRecording', 'supervisor', false],
    ['giveConsent', 'customer', true],
    ['giveConsent', 'agent', false],
    ['declineConsent', 'customer', true],
    ['declineConsent', 'agent', false],
    ['withdrawConsent', 'customer', true],
    ['withdrawConsent', 'supervisor', false],
    ['submitLiveness', 'customer', true],
    ['submitLiveness', 'agent', false],
  ];
  it.each(expectations)('%s by %s allowed: %s', (method, role, allowed) => {
    expect(isAllowed(method, role)).toBe(allowed);
  });

  it('lets auditors call no signaling method at all', () => {
    expect(METHOD_NAMES.filter((method) => isAllowed(method, 'auditor'))).toEqual([]);
  });

  it('gives every role a source list and auditors none', () => {
    expect(Object.keys(SOURCES_BY_ROLE).sort()).toEqual([...ROLES].sort());
    expect(SOURCES_BY_ROLE.auditor).toEqual([]);
    expect(SOURCES_BY_ROLE.customer).not.toContain('screen');
  });

  it('recognises method names', () => {
    expect(isMethodName('join')).toBe(true);
    expect(isMethodName('toString')).toBe(false);
    expect(isMethodName('__proto__')).toBe(false);
    expect(isMethodName(3)).toBe(false);
  });
});

describe('size limits', () => {
  it('never allows a method more than one frame', () => {
    for (const method of METHOD_NAMES) expect(maxBytesFor(method)).toBeLessThanOrEqual(MAX_FRAME_BYTES);
  });

  it('applies the default limit unless the method declares its own', () => {
    expect(maxBytesFor('join')).toBe(DEFAULT_MAX_MESSAGE_BYTES);
    expect(maxBytesFor('submitLiveness')).toBe(1_800_000);
    expect(() => checkSize('join', DEFAULT_MAX_MESSAGE_BYTES)).not.toThrow();
    expect(() => checkSize('submitLiveness', 1_000_000)).not.toThrow();
  });

  it('refuses a message above the limit with PAYLOAD_TOO_LARGE', () => {
    expect(() => checkSize('join', DEFAULT_MAX_MESSAGE_BYTES + 1)).toThrow(
      expect.objectContaining({ code: 'PAYLOAD_TOO_LARGE' }),
    );
  });

  it('measures UTF-8 bytes, not characters', () => {
    expect(byteLength('abc')).toBe(3);
    expect(byteLength('陳大文')).toBe(9);
    expect(byteLength('😀')).toBe(4);
  });

  it('lets the largest legal liveness submission fit its limit', () => {
    const frame = { challenge: 'blink', capturedAt: 1, jpegBase64: 'A'.repeat(200_000) };
    const data = { nonce: 'n', frames: Array.from({ length: 8 }, () => frame), clientResult: { passed: true } };
    expect(v.safeParse(METHODS.submitLiveness.request, data).success).toBe(true);
    expect(() => checkSize('submitLiveness', byteLength(JSON.stringify(data)))).not.toThrow();
  });
});

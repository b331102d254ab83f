import { describe, expect, it } from 'vitest';
import { isValidEventType, type EventEntry } from '../format.ts';
import { checkEventData, EVENTS, isEventType, readEvent, type EventData, type EventType } from './table.ts';

const SHA = 'a'.repeat(64);
const DECISION: EventData<'liveness.decided'>['decision'] = {
  nonce: 'n-1',
  sessionId: 's-1',
  peerId: 'c1',
  challenges: ['blink'],
  passed: true,
  liveness: { passed: true, reasons: [], selfDistance: 0.2, selfThreshold: 0.6 },
  models: [{ name: 'face', version: '1' }],
  decidedAt: 1,
  signature: 'sig',
  keyId: 'kid',
};
const FINALIZED: EventData<'recording.finalized'> = {
  recordingId: 'r1',
  complete: true,
  recovered: false,
  timing: 'recording-r1.timing.json',
  files: ['recording-r1.c1.camera.000.webm'],
  segments: [
    {
      file: 'recording-r1.c1.camera.000.webm',
      peerId: 'c1',
      source: 'camera',
      startMs: 0,
      endMs: 900,
      repaired: false,
    },
  ],
  gaps: [
    {
      trackKey: 'c1/camera',
      peerId: 'c1',
      source: 'camera',
      fromMs: 900,
      toMs: 1200,
      durationMs: 300,
      reason: 'paused',
    },
  ],
};
const SEGMENT_END: EventData<'recording.segment.ended'> = {
  recordingId: 'r1',
  file: 'f.webm',
  peerId: 'c1',
  source: 'camera',
  reason: 'stopped',
  exitCode: 0,
  signal: null,
  clean: true,
};

/** One event as the server writes it, for every type of the table (a new row without an example fails). */
const EXAMPLES: { readonly [K in EventType]: EventData<K> } = {
  'session.opened': { sessionId: 's-1', agentId: 'agent-7', reference: 'loan-42' },
  'peer.joined': { peerId: 'c1', role: 'customer', displayName: 'Ana' },
  'peer.reconnected': { peerId: 'c1', role: 'customer', tokenId: 'jti-2' },
  'peer.left': { peerId: 'c1', reason: 'left' },
  'producer.added': { peerId: 'c1', role: 'customer', producerId: 'p1', kind: 'video', source: 'camera' },
  'producer.closed': { peerId: 'c1', producerId: 'p1' },
  'room.closed': { reason: 'ended', code: 'SESSION_ENDED' },
  'session.ended': { reason: 'ended' },
  'consent.given': {
    peerId: 'c1',
    consentTextVersion: 'v3',
    action: 'button:accept',
    locale: 'zh-Hans',
    policy: 'explicit',
  },
  'consent.declined': {
    peerId: 'c1',
    action: 'button:decline',
    locale: 'zh-Hans',
    policy: 'explicit',
    onDecline: 'continue-unrecorded',
    recordingId: null,
  },
  'consent.withdrawn': {
    peerId: 'c1',
    action: 'button:withdraw',
    locale: 'en',
    policy: 'explicit',
    onDecline: 'end',
    recordingId: 'r1',
  },
  'consent.external': { policy: 'external', startedBy: 'a1', recordingId: 'r1' },
  'recording.state': { recordingId: 'r1', from: 'idle', state: 'starting', startedBy: 'a1' },
  'recording.segment.started': {
    recordingId: 'r1',
    file: 'f.webm',
    peerId: 'c1',
    role: 'customer',
    source: 'camera',
    kind: 'video',
    segment: 0,
    producerId: 'p1',
    codec: 'video/VP8',
  },
  'recording.segment.first-packet': {
    recordingId: 'r1',
    file: 'f.webm',
    rtpTimestamp: 123,
    sequenceNumber: 7,
    arrivalUnixMs: 1.7e12,
  },
  'recording.sender-report': {
    recordingId: 'r1',
    file: 'f.webm',
    index: 1,
    receivedUnixMs: 1.7e12,
    ntpUnixMs: 1.7e12 + 0.5,
    rtpTimestamp: 9000,
    packetCount: 10,
    octetCount: 10_000,
  },
  'recording.segment.ended': SEGMENT_END,
  'recording.segment.interrupted': {
    ...SEGMENT_END,
    reason: 'ffmpeg-crashed',
    exitCode: null,
    signal: 'SIGKILL',
    clean: false,
    packetsLost: 3,
  },
  'recording.gap': {
    recordingId: 'r1',
    peerId: 'c1',
    source: 'camera',
    fromMs: 900,
    toMs: 1200,
    reason: 'paused',
    approximate: true,
  },
  'recording.track.paused': { recordingId: 'r1', peerId: 'c1', source: 'microphone' },
  'recording.track.resumed': { recordingId: 'r1', peerId: 'c1', source: 'microphone' },
  'recording.coverage.lost': {
    recordingId: 'r1',
    peerId: 'c1',
    role: 'customer',
    source: 'camera',
    cause: 'network',
    fromMs: 12_000,
  },
  'recording.track.failed': { recordingId: 'r1', peerId: 'c1', source: 'camera', code: 'RECORDING_FAILED' },
  'recording.track.refused': {
    recordingId: 'r1',
    peerId: 'c1',
    source: 'screen',
    producerId: 'p9',
    code: 'RATE_LIMITED',
    limit: 'maxTrackStarts',
  },
  'recording.track.quality': {
    recordingId: 'r1',
    file: 'recording-r1.c1.camera.001.webm',
    peerId: 'c1',
    source: 'camera',
    width: 640,
    height: 480,
    frameRate: 25,
    belowMinimum: false,
  },
  'recording.finalized': FINALIZED,
  'recording.recovered': { recordingId: 'r1', complete: false, timing: null, files: [] },
  'liveness.started': { peerId: 'c1', nonce: 'n-1', challenges: ['blink', 'nod'], issuedAt: 1, expiresAt: 2 },
  'liveness.id-photo.set': { sha256: SHA, bytes: 2048 },
  'liveness.refused': { peerId: 'c1', nonce: 'n-1', code: 'LIVENESS_FRAME_INVALID', reason: 'not a JPEG' },
  'liveness.decided': {
    peerId: 'c1',
    decision: DECISION,
    clientResult: { passed: true },
    frames: [
      { challenge: 'neutral', capturedAt: 1, sha256: SHA, faceCount: 1, signals: null, file: null },
      {
        challenge: 'blink',
        capturedAt: 2,
        sha256: SHA,
        faceCount: 1,
        signals: { yaw: 0, pitch: 0, roll: 0, ear: 0.1, mar: 0.2 },
        file: 'liveness-n-1-1-blink.jpg',
      },
    ],
  },
  'evidence.file.added': { name: 'f.webm', size: 10, sha256: SHA, mediaType: 'video/webm' },
  'evidence.log.repaired': { droppedBytes: 17 },
  'evidence.finalized': { complete: false, reason: 'server-restarted' },
  'recording.track.layer': {
    recordingId: 'r1',
    file: 'recording-r1.c1.camera.001.webm',
    peerId: 'c1',
    source: 'camera',
    spatialLayer: 1,
    temporalLayer: 1,
    rid: 'r1',
    bestArriving: 1,
    stalledForMs: 420,
  },
  // Scripted journeys (双录).
  'journey.started': { journeyId: 'wealth-sale', version: 1, definitionSha256: SHA, stepCount: 9, locale: 'zh-Hans' },
  'journey.step.started': { stepId: 'risk-disclosure', index: 3, kind: 'disclosure', attempt: 1, textSha256: SHA },
  'journey.step.completed': {
    stepId: 'understood',
    index: 5,
    kind: 'question',
    by: 'customer',
    confirmation: 'nod',
    answerId: 'yes',
  },
  'journey.step.answered': {
    stepId: 'understood',
    index: 5,
    kind: 'question',
    answerId: 'no',
    accepted: false,
    confirmation: 'tap',
  },
  'journey.step.awaiting-override': {
    stepId: 'risk-assessment',
    index: 4,
    kind: 'questionnaire',
    risk: { score: 0, level: 'C1', productRisk: 'R4', suitable: false },
  },
  'journey.confirmation.verified': {
    verification: 'v-0123456789',
    peerId: 'c1',
    stepId: 'understands-risk',
    answerId: 'yes',
    confirmation: 'nod',
    passed: true,
    reasons: [],
    challenges: ['nod'],
    frames: [{ challenge: 'neutral', sha256: SHA, faceCount: 1, file: 'confirmation-v-0123456789-0-neutral.jpg' }],
    keyId: 'k1',
    signature: 'c2ln',
  },
  'journey.step.interrupted': { stepId: 'risk-disclosure', index: 3, kind: 'disclosure', reason: 'recording-stopped' },
  'journey.step.skipped': {
    stepId: 'cooling-off',
    index: 7,
    kind: 'notice',
    by: 'agent',
    reason: 'explained on the contract',
  },
  'journey.blocked': {
    stepId: 'risk-assessment',
    index: 4,
    kind: 'questionnaire',
    risk: { score: 0, level: 'C1', productRisk: 'R4', suitable: false },
  },
  'journey.completed': { stepCount: 9 },
  'journey.ended': { complete: false, missing: ['contract'], interrupted: ['risk-disclosure'] },
  'speech.played': {
    artifactSha256: SHA,
    origin: 'rendered',
    textSha256: SHA,
    locale: 'zh-Hans',
    engine: 'espeak-ng 1.51',
    voice: 'cmn',
    rateWpm: 150,
    elderly: false,
    durationMs: 6520,
    peerId: 'server-speech',
    producerId: 'p9',
    repeat: 0,
  },
  'speech.stopped': { artifactSha256: SHA, reason: 'request', playedMs: 1200 },
  // Remote authorization.
  'authorization.requested': {
    requestId: 'az-1',
    requestedBy: 'agent-7',
    operationType: 'cash-withdrawal',
    amount: 5_000_000,
    currency: 'CNY',
    reason: 'large withdrawal',
    note: '',
    attachments: [SHA],
    rulesVersion: 3,
    level: 2,
    approvals: 2,
    slaSeconds: 300,
    escalationLevel: 3,
    deadlineAt: 1_700_000_300_000,
  },
  'authorization.escalated': { requestId: 'az-1', fromLevel: 2, toLevel: 3, deadlineAt: 1_700_000_600_000 },
  'authorization.decided': {
    requestId: 'az-1',
    authorizerId: 'sup-3',
    level: 3,
    decision: 'approve',
    reasonCode: 'DOCS_OK',
    decisionSha256: SHA,
  },
  'authorization.closed': { requestId: 'az-1', status: 'approved' },
  // Face-to-face signing.
  'signing.document.added': {
    documentId: 'loan-1',
    title: 'Loan contract',
    sha256: SHA,
    shortCode: '3F9A-21C7',
    pages: 2,
    bytes: 4096,
    field: { page: 2, x: 72, y: 100, width: 200, height: 60 },
  },
  'signing.document.page-viewed': { documentId: 'loan-1', peerId: 'c1', role: 'customer', page: 1, visibleMs: 5200 },
  'signing.document.read-confirmed': { documentId: 'loan-1', peerId: 'c1', sha256: SHA, shortCode: '3F9A-21C7' },
  'signing.signature.submitted': {
    documentId: 'loan-1',
    peerId: 'c1',
    attempt: 1,
    attemptId: 'a-1',
    documentSha256: SHA,
    strokesSha256: SHA,
    imageSha256: SHA,
    stillSha256: null,
    strokes: 3,
    points: 120,
    durationMs: 2400,
  },
  'signing.signature.refused': {
    documentId: 'loan-1',
    peerId: 'c1',
    code: 'SIGNATURE_REJECTED',
    reason: 'too few points',
  },
  'signing.signature.redo-requested': { documentId: 'loan-1', peerId: 'a1', reason: 'Please sign in full' },
  'signing.signature.attested': {
    documentId: 'loan-1',
    peerId: 'a1',
    attempt: 2,
    statement: 'signature-witnessed',
    imageSha256: SHA,
  },
  'signing.document.signed': {
    documentId: 'loan-1',
    attempt: 2,
    documentSha256: SHA,
    signedSha256: SHA,
    subFilter: 'ETSI.CAdES.detached',
    certificateSha256: SHA,
    signingMediaTimeMs: 61_250,
  },
};

/** Data a buggy writer might pass, per type, with the member the refusal names. */
const WRONG: readonly { readonly type: EventType; readonly data: unknown; readonly names: string }[] = [
  { type: 'peer.joined', data: { peerId: 'c1', role: 'banker', displayName: 'Ana' }, names: 'data.role' },
  { type: 'session.opened', data: {}, names: 'data.sessionId' },
  { type: 'journey.step.started', data: { stepId: 's', index: 0, kind: 'dance', attempt: 1 }, names: 'data.kind' },
  {
    type: 'journey.started',
    data: { ...EXAMPLES['journey.started'], definitionSha256: 'abc' },
    names: 'data.definitionSha256',
  },
  { type: 'journey.ended', data: { complete: true, missing: 'none', interrupted: [] }, names: 'data.missing' },
  { type: 'evidence.file.added', data: { ...EXAMPLES['evidence.file.added'], sha256: 'XYZ' }, names: 'data.sha256' },
  { type: 'evidence.log.repaired', data: { droppedBytes: -1 }, names: 'data.droppedBytes' },
  { type: 'recording.state', data: { recordingId: 'r1', state: 'paused' }, names: 'data.state' },
  { type: 'recording.gap', data: { ...EXAMPLES['recording.gap'], toMs: Number.NaN }, names: 'data.toMs' },
  { type: 'recording.gap', data: { ...EXAMPLES['recording.gap'], cause: 'coffee' }, names: 'data.cause' },
  {
    type: 'recording.coverage.lost',
    data: { ...EXAMPLES['recording.coverage.lost'], cause: undefined },
    names: 'data.cause',
  },
  {
    type: 'recording.finalized',
    data: { ...FINALIZED, complete: false, incomplete: ['late'] },
    names: 'data.incomplete.0',
  },
  { type: 'liveness.decided', data: { peerId: 'c1', decision: { passed: true } }, names: 'data.decision' },
  { type: 'recording.finalized', data: { ...FINALIZED, segments: [{ file: 'x' }] }, names: 'data.segments.0' },
];

function entry(type: string, data: unknown): EventEntry {
  return {
    seq: 0,
    time: '2026-03-01T09:00:00.000Z',
    mediaTimeMs: null,
    type,
    data: data as EventEntry['data'],
    prev: SHA,
    hash: SHA,
  };
}

describe('the event table', () => {
  it('names only types the format allows', () => {
    for (const type of Object.keys(EVENTS)) expect(isValidEventType(type), type).toBe(true);
  });

  it.each(Object.keys(EVENTS) as EventType[])('accepts what the server writes as %s', (type) => {
    expect(EXAMPLES[type], `an example of ${type}`).toBeDefined();
    expect(checkEventData(type, EXAMPLES[type])).toBeUndefined();
  });

  it.each(WRONG)('refuses wrong $type data, naming $names', ({ type, data, names }) => {
    expect(checkEventData(type, data)).toMatch(new RegExp(`^${names.replaceAll('.', '\\.')}\\b`));
  });

  it('knows its own types only', () => {
    expect(isEventType('peer.joined')).toBe(true);
    expect(isEventType('script.step')).toBe(false);
    expect(isEventType('toString')).toBe(false);
    expect(isEventType(42)).toBe(false);
  });
});

describe('readEvent', () => {
  it('narrows an entry of the type whose data matches', () => {
    const read = readEvent(entry('peer.joined', EXAMPLES['peer.joined']), 'peer.joined');
    expect(read?.data.displayName).toBe('Ana');
  });

  it('leaves other types, unknown types and unreadable data alone', () => {
    expect(readEvent(entry('peer.left', EXAMPLES['peer.left']), 'peer.joined')).toBeUndefined();
    // A type a newer server writes stays a valid entry; this reader just does not read it.
    expect(isValidEventType('script.step')).toBe(true);
    expect(readEvent(entry('script.step', { stepId: 'x' }), 'peer.joined')).toBeUndefined();
    // An older server's flat liveness result.
    expect(readEvent(entry('liveness.decided', { peerId: 'c1', passed: true }), 'liveness.decided')).toBeUndefined();
  });
});

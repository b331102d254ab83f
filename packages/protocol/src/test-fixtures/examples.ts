/**
 * Realistic messages for tests, shaped like what mediasoup-client and the
 * server really exchange. Kept out of the published build (see
 * tsconfig.build.json); other packages' tests may import them by path.
 */
import type { MethodName } from '../methods.ts';
import type { NotificationName } from '../schemas/notifications.ts';
import { authorizationView } from './authorization.ts';

export const FINGERPRINT =
  'A1:B2:C3:D4:E5:F6:07:18:29:3A:4B:5C:6D:7E:8F:90:A1:B2:C3:D4:E5:F6:07:18:29:3A:4B:5C:6D:7E:8F:90';

export const OPUS_RTP_PARAMETERS = {
  mid: '0',
  codecs: [
    {
      mimeType: 'audio/opus',
      payloadType: 111,
      clockRate: 48000,
      channels: 2,
      parameters: { minptime: 10, useinbandfec: 1 },
      rtcpFeedback: [{ type: 'transport-cc', parameter: '' }],
    },
  ],
  headerExtensions: [
    { uri: 'urn:ietf:params:rtp-hdrext:sdes:mid', id: 4, encrypt: false },
    { uri: 'http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time', id: 2, encrypt: false },
    { uri: 'urn:ietf:params:rtp-hdrext:ssrc-audio-level', id: 1, encrypt: false },
  ],
  encodings: [{ ssrc: 1111111, dtx: false }],
  rtcp: { cname: 'a1b2c3d4', reducedSize: true },
};

/** Camera video with three simulcast layers, as Chromium sends it through mediasoup-client. */
export const VP8_SIMULCAST_RTP_PARAMETERS = {
  mid: '1',
  codecs: [
    {
      mimeType: 'video/VP8',
      payloadType: 96,
      clockRate: 90000,
      parameters: {},
      rtcpFeedback: [
        { type: 'goog-remb', parameter: '' },
        { type: 'transport-cc', parameter: '' },
        { type: 'ccm', parameter: 'fir' },
        { type: 'nack', parameter: '' },
        { type: 'nack', parameter: 'pli' },
      ],
    },
    { mimeType: 'video/rtx', payloadType: 97, clockRate: 90000, parameters: { apt: 96 }, rtcpFeedback: [] },
  ],
  headerExtensions: [
    { uri: 'urn:ietf:params:rtp-hdrext:sdes:mid', id: 4, encrypt: false },
    { uri: 'urn:ietf:params:rtp-hdrext:sdes:rtp-stream-id', id: 10, encrypt: false },
    { uri: 'urn:ietf:params:rtp-hdrext:sdes:repaired-rtp-stream-id', id: 11, encrypt: false },
    { uri: 'http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time', id: 2, encrypt: false },
    {
      uri: 'http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01',
      id: 3,
      encrypt: false,
    },
  ],
  encodings: [
    { rid: 'r0', scalabilityMode: 'L1T3', scaleResolutionDownBy: 4, maxBitrate: 150_000, active: true },
    { rid: 'r1', scalabilityMode: 'L1T3', scaleResolutionDownBy: 2, maxBitrate: 500_000, active: true },
    { rid: 'r2', scalabilityMode: 'L1T3', scaleResolutionDownBy: 1, maxBitrate: 1_200_000, active: true },
  ],
  rtcp: { cname: 'a1b2c3d4', reducedSize: true },
};

export const RTP_CAPABILITIES = {
  codecs: [
    {
      kind: 'audio',
      mimeType: 'audio/opus',
      preferredPayloadType: 100,
      clockRate: 48000,
      channels: 2,
      parameters: { useinbandfec: 1 },
      rtcpFeedback: [{ type: 'transport-cc', parameter: '' }],
    },
    {
      kind: 'video',
      mimeType: 'video/VP8',
      preferredPayloadType: 101,
      clockRate: 90000,
      rtcpFeedback: [{ type: 'nack' }, { type: 'nack', parameter: 'pli' }, { type: 'ccm', parameter: 'fir' }],
    },
    { kind: 'video', mimeType: 'video/rtx', preferredPayloadType: 102, clockRate: 90000, parameters: { apt: 101 } },
  ],
  headerExtensions: [
    { kind: 'audio', uri: 'urn:ietf:params:rtp-hdrext:sdes:mid', preferredId: 1, direction: 'sendrecv' },
    { kind: 'video', uri: 'urn:ietf:params:rtp-hdrext:sdes:mid', preferredId: 1, direction: 'sendrecv' },
  ],
};

const DTLS_PARAMETERS = { role: 'client', fingerprints: [{ algorithm: 'sha-256', value: FINGERPRINT }] };
const RECORDING_IDLE = { state: 'idle', since: 1_700_000_000_000, consentGiven: false };
const PEER = {
  peerId: 'agent-7',
  role: 'agent',
  displayName: 'Agent Chan',
  producers: [{ producerId: 'p-1', kind: 'video', source: 'camera', paused: false }],
};
const LIVENESS_DECISION = {
  nonce: 'n-1',
  sessionId: 'ses-1',
  peerId: 'cust-1',
  challenges: ['turnLeft', 'blink'],
  passed: true,
  liveness: { passed: true, reasons: [], selfDistance: 0.21, selfThreshold: 0.6 },
  faceMatch: { passed: true, distance: 0.41, threshold: 0.5 },
  models: [{ name: 'facemesh', version: '1.0.0' }],
  decidedAt: 1_700_000_000_000,
  signature: 'c2lnbmF0dXJl',
  keyId: 'key-1',
};

/** A pending authorization request as the agent sees it. */
const AUTHORIZATION_VIEW = authorizationView({
  sessionId: 'sess-1',
  requestedBy: 'agent-7',
  amount: 5_000_000,
  attachments: [{ kind: 'still', sha256: 'a'.repeat(64), mediaType: 'image/jpeg' }],
});

/** A document as both sides see it (signing). */
export const DOCUMENT = {
  documentId: 'loan-1',
  title: 'Loan contract',
  sha256: '3f9a21c7'.padEnd(64, '0'),
  shortCode: '3F9A-21C7',
  pages: 2,
  bytes: 4096,
  signable: true,
};

/** A short handwritten signature: two strokes on a 600×200 pad. */
export const SIGNATURE = {
  canvas: { width: 600, height: 200 },
  strokes: [
    [
      { x: 10, y: 100, t: 0, pressure: 0.5 },
      { x: 200, y: 80, t: 120, pressure: 0.6 },
    ],
    [
      { x: 250, y: 120, t: 400, pressure: 0.4 },
      { x: 500, y: 90, t: 520, pressure: 0.5 },
    ],
  ],
};

/** One valid request and one valid response per method. */
const TEXT = { en: 'Risk disclosure', 'zh-Hans': '风险揭示', 'zh-Hant': '風險揭示' };
const JOURNEY_DEFINITION = {
  id: 'wealth-sale',
  version: 1,
  title: TEXT,
  steps: [
    {
      kind: 'disclosure',
      id: 'risk-disclosure',
      title: TEXT,
      text: TEXT,
      mandatory: true,
      actor: 'customer',
      minDurationMs: 5000,
      needsRecording: true,
      delivery: 'agent-reads',
      confirmations: ['tap'],
    },
  ],
};
const JOURNEY_STATE = {
  journey: { id: 'wealth-sale', version: 1 },
  locale: 'zh-Hans',
  status: 'in-progress',
  revision: 1,
  steps: [{ status: 'active', attempts: 1, startedAt: 1_700_000_000_000 }],
  actionIds: ['action-0001'],
};

export const METHOD_EXAMPLES: Record<MethodName, { request: unknown; response: unknown }> = {
  getRouterRtpCapabilities: { request: {}, response: { rtpCapabilities: RTP_CAPABILITIES } },
  join: {
    request: { rtpCapabilities: RTP_CAPABILITIES, displayName: 'Ann Lee' },
    response: {
      sessionId: 'ses-1',
      self: { peerId: 'cust-1', role: 'customer', displayName: 'Ann Lee' },
      peers: [PEER],
      recording: RECORDING_IDLE,
    },
  },
  leave: { request: {}, response: {} },
  createTransport: {
    request: { direction: 'send', sctp: false },
    response: {
      transportId: 't-1',
      iceParameters: { usernameFragment: 'ufrag', password: 'pwd', iceLite: true },
      iceCandidates: [
        {
          foundation: 'udpcandidate',
          ip: '127.0.0.1',
          port: 40001,
          protocol: 'udp',
          type: 'host',
          priority: 1076302079,
        },
      ],
      dtlsParameters: { role: 'auto', fingerprints: [{ algorithm: 'sha-256', value: FINGERPRINT }] },
    },
  },
  connectTransport: { request: { transportId: 't-1', dtlsParameters: DTLS_PARAMETERS }, response: {} },
  restartIce: {
    request: { transportId: 't-1' },
    response: { iceParameters: { usernameFragment: 'u2', password: 'p2' } },
  },
  produce: {
    request: { transportId: 't-1', kind: 'video', rtpParameters: VP8_SIMULCAST_RTP_PARAMETERS, source: 'camera' },
    response: { producerId: 'p-1' },
  },
  closeProducer: { request: { producerId: 'p-1' }, response: {} },
  pauseProducer: { request: { producerId: 'p-1' }, response: {} },
  resumeProducer: { request: { producerId: 'p-1' }, response: {} },
  consume: {
    request: { transportId: 't-2', producerId: 'p-1' },
    response: {
      consumerId: 'c-1',
      producerId: 'p-1',
      peerId: 'agent-7',
      kind: 'audio',
      source: 'microphone',
      rtpParameters: OPUS_RTP_PARAMETERS,
      paused: true,
      producerPaused: false,
    },
  },
  resumeConsumer: { request: { consumerId: 'c-1' }, response: {} },
  pauseConsumer: { request: { consumerId: 'c-1' }, response: {} },
  setConsumerPreferredLayers: { request: { consumerId: 'c-1', spatialLayer: 2, temporalLayer: 1 }, response: {} },
  giveConsent: {
    request: { consentTextVersion: 'consent-2024-01', action: 'button:accept', locale: 'zh-Hant' },
    response: { ...RECORDING_IDLE, consentGiven: true },
  },
  declineConsent: {
    request: { consentTextVersion: 'consent-2024-01', action: 'button:decline', locale: 'zh-Hans' },
    response: { ...RECORDING_IDLE, consent: 'declined', onDecline: 'continue-unrecorded' },
  },
  withdrawConsent: {
    request: { action: 'button:withdraw', locale: 'en' },
    response: {
      state: 'complete',
      recordingId: 'rec-1',
      since: 3,
      consentGiven: false,
      consent: 'withdrawn',
      reason: 'consent-withdrawn',
    },
  },
  startRecording: { request: {}, response: { state: 'starting', recordingId: 'rec-1', since: 1, consentGiven: true } },
  stopRecording: { request: {}, response: { state: 'ending', recordingId: 'rec-1', since: 2, consentGiven: true } },
  startLiveness: {
    request: {},
    response: {
      nonce: 'n-1',
      challenges: ['turnLeft', 'blink'],
      issuedAt: 1_700_000_000_000,
      expiresAt: 1_700_000_060_000,
      perChallengeMs: 8000,
    },
  },
  submitLiveness: {
    request: {
      nonce: 'n-1',
      frames: [{ challenge: 'turnLeft', capturedAt: 1_700_000_001_000, jpegBase64: '/9j/4AAQSkZJRg==' }],
      clientResult: { passed: true, matchDistance: 0.42 },
    },
    response: {
      nonce: 'n-1',
      passed: false,
      hint: 'follow-instructions',
      attemptsLeft: 2,
      decidedAt: 1_700_000_000_000,
    },
  },
  journeyState: { request: {}, response: { definition: JOURNEY_DEFINITION, state: JOURNEY_STATE } },
  journeyAction: {
    request: { type: 'start', stepId: 'risk-disclosure', actionId: 'action-0001' },
    response: { state: JOURNEY_STATE },
  },
  replayDisclosure: { request: { stepId: 'risk-disclosure' }, response: { durationMs: 6520 } },
  startGestureConfirmation: {
    request: { stepId: 'understands-risk', answerId: 'yes', gesture: 'nod' },
    response: {
      nonce: '0b5e3c1a-2f4d-4e8a-9c7b-1d2e3f4a5b6c',
      challenges: ['nod'],
      issuedAt: 1_700_000_000_000,
      expiresAt: 1_700_000_040_000,
      perChallengeMs: 10_000,
      attemptsLeft: 2,
    },
  },
  submitGestureConfirmation: {
    request: {
      nonce: '0b5e3c1a-2f4d-4e8a-9c7b-1d2e3f4a5b6c',
      frames: [
        { challenge: 'neutral', capturedAt: 1_700_000_001_000, jpegBase64: '/9j/4AAQSkZJRg==' },
        { challenge: 'nod', capturedAt: 1_700_000_002_000, jpegBase64: '/9j/4AAQSkZJRh==' },
      ],
    },
    response: { verification: '0b5e3c1a-2f4d-4e8a-9c7b-1d2e3f4a5b6c', passed: true, attemptsLeft: 2 },
  },
  submitVoiceConfirmation: {
    request: { stepId: 'understands-risk', answerId: 'yes', mediaType: 'audio/webm', audioBase64: 'GkXfo59ChoEB' },
    response: { verification: '7c1d2e3f-4a5b-4c6d-8e9f-0a1b2c3d4e5f', passed: false, attemptsLeft: 1 },
  },
  // Remote authorization.
  takeStill: {
    request: { peerId: 'customer-1' },
    response: { peerId: 'customer-1', sha256: 'a'.repeat(64), width: 640, height: 480 },
  },
  requestAuthorization: {
    request: {
      operationType: 'cash-withdrawal',
      amount: 5_000_000,
      currency: 'CNY',
      reason: 'Large cash withdrawal',
      note: 'Customer buys a car',
      attachments: ['a'.repeat(64)],
    },
    response: AUTHORIZATION_VIEW,
  },
  cancelAuthorization: { request: { requestId: 'az-1' }, response: { ...AUTHORIZATION_VIEW, status: 'cancelled' } },
  // Face-to-face signing.
  listDocuments: { request: {}, response: { documents: [DOCUMENT] } },
  getDocumentPart: {
    request: { documentId: 'loan-1', offset: 0 },
    response: { offset: 0, totalBytes: 4096, base64: 'JVBERi0xLjcK' },
  },
  reportDocumentPage: { request: { documentId: 'loan-1', page: 2, visibleMs: 5200 }, response: {} },
  leadDocumentPage: { request: { documentId: 'loan-1', page: 2 }, response: {} },
  confirmDocumentRead: { request: { documentId: 'loan-1', shortCode: '3F9A-21C7' }, response: {} },
  relaySignatureStroke: {
    request: { documentId: 'loan-1', stroke: SIGNATURE.strokes[0], canvas: SIGNATURE.canvas },
    response: {},
  },
  submitSignature: {
    request: { documentId: 'loan-1', attemptId: 'att-1', signature: SIGNATURE },
    response: { attempt: 1, strokesSha256: 'a'.repeat(64), imageSha256: 'b'.repeat(64), mediaTimeMs: 61_250 },
  },
  requestSignatureRedo: { request: { documentId: 'loan-1', reason: 'Please sign with your full name' }, response: {} },
  attestSignature: {
    request: { documentId: 'loan-1', attempt: 1, statement: 'signature-witnessed' },
    response: { signedDocumentSha256: 'c'.repeat(64) },
  },
};

/** One valid payload per notification. */
export const NOTIFICATION_EXAMPLES: Record<NotificationName, unknown> = {
  peerJoined: { peer: PEER },
  peerReconnected: { peerId: 'agent-7' },
  peerLeft: { peerId: 'agent-7', reason: 'disconnected' },
  producerAdded: { peerId: 'agent-7', producerId: 'p-1', kind: 'video', source: 'camera', paused: false },
  producerClosed: { peerId: 'agent-7', producerId: 'p-1' },
  producerPaused: { peerId: 'agent-7', producerId: 'p-1' },
  producerResumed: { peerId: 'agent-7', producerId: 'p-1' },
  consumerClosed: { consumerId: 'c-1' },
  consumerPaused: { consumerId: 'c-1' },
  consumerResumed: { consumerId: 'c-1' },
  consumerScore: { consumerId: 'c-1', score: 10, producerScore: 9 },
  consumerLayersChanged: { consumerId: 'c-1', spatialLayer: 2, temporalLayer: null },
  recordingStatus: { state: 'active', recordingId: 'rec-1', since: 1_700_000_000_000, consentGiven: true },
  livenessDecided: { peerId: 'cust-1', decision: LIVENESS_DECISION },
  sessionEnded: { reason: 'worker-died', code: 'WORKER_DIED' },
  journeyChanged: {
    state: JOURNEY_STATE,
    events: [{ type: 'step.started', stepId: 'risk-disclosure', index: 0, kind: 'disclosure', attempt: 1 }],
    mediaTimeMs: 1_500,
  },
  // Remote authorization.
  authorizationUpdated: AUTHORIZATION_VIEW,
  // Face-to-face signing.
  documentAdded: { document: DOCUMENT },
  documentPageLed: { documentId: 'loan-1', page: 2 },
  signatureStroke: { documentId: 'loan-1', peerId: 'cust-1', stroke: SIGNATURE.strokes[0], canvas: SIGNATURE.canvas },
  signatureSubmitted: { documentId: 'loan-1', peerId: 'cust-1', attempt: 1, mediaTimeMs: 61_250 },
  signatureRedoRequested: { documentId: 'loan-1', reason: 'Please sign with your full name' },
  signatureAttested: { documentId: 'loan-1', attempt: 1, signedDocumentSha256: null },
};

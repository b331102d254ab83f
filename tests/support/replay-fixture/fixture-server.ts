// A real auditor API over real evidence packages, for the <air-session-replay>
// browser tests. Started by wtr-replay-fixture.ts (the dev server proxies
// /replay-fixture/* to it) with `node --conditions=source`; prints one JSON
// line `{ port, token, sessions }` when ready and exits when its stdin closes.
//
// The packages are written by the server's own EvidenceService (hash-chained
// log, Ed25519-signed manifest) from WebM files made by ffmpeg, and served by
// the server's own evidence routes with a real auditor token.
import { createHash, randomBytes } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { TokenService } from '../../../server/src/auth/tokens.ts';
import { addArtifact } from '../../../server/src/evidence/artifacts.ts';
import { EvidenceLog } from '../../../server/src/evidence/event-log.ts';
import { EvidenceService } from '../../../server/src/evidence/evidence-service.ts';
import { LocalWormStore } from '../../../server/src/evidence/local-worm-store.ts';
import { SigningKeyRing } from '../../../server/src/evidence/signing-keys.ts';
import { registerEvidenceRoutes } from '../../../server/src/http/evidence/routes.ts';
import { openTestEvidenceIndex } from '../evidence-index.ts';
import { HttpRouter } from '../../../server/src/http/router.ts';
import { silentLogger } from '../../../server/src/log.ts';
import { Secret } from '../../../server/src/secret.ts';
import { stampAndSign } from '../../../server/src/signing/pades.ts';
import { renderSignaturePng } from '../../../server/src/signing/render-signature.ts';
import { shortCode } from '../../../server/src/signing/pdf-check.ts';
import { makeWritable, removeTree, tempDir } from '../../../server/test/evidence-fixtures.ts';
import {
  makeContractPdf,
  makeTestCertificate,
  sampleSignature,
  type TestCertificate,
} from '../../../server/test/signing/fixtures.ts';
import { runFfmpeg } from '../../e2e/support/media-fixtures.ts';

/** Session ids of the packages served (the browser tests name them through the setup route). */
export const SESSIONS = {
  good: 'replay-good',
  tampered: 'replay-tampered',
  untimed: 'replay-untimed',
  journey: 'replay-journey',
  signing: 'replay-signing',
} as const;

/** The document the `signing` session signs, and where its signing moments are on the timeline (ms). */
export const SIGNING = {
  documentId: 'loan-1',
  title: 'Loan contract',
  field: { page: 2, x: 72, y: 100, width: 220, height: 70 },
  readAtMs: 1000,
  firstAttemptAtMs: 2000,
  redoAtMs: 2600,
  secondAttemptAtMs: 3200,
  attestedAtMs: 4200,
  signedAtMs: 4300,
} as const;

/** The journey definition of the `journey` session (kept as a `journey-definition` artifact). */
export const JOURNEY_DEFINITION = {
  id: 'wealth-sale',
  version: 1,
  title: { en: 'Wealth product sale', 'zh-Hans': '理财产品销售', 'zh-Hant': '理財產品銷售' },
  steps: [
    {
      id: 'consent',
      kind: 'consent',
      title: { en: 'Recording consent', 'zh-Hans': '录制同意', 'zh-Hant': '錄製同意' },
      text: {
        en: 'This appointment is recorded on video and audio.',
        'zh-Hans': '本次办理将全程录音录像。',
        'zh-Hant': '本次辦理將全程錄音錄影。',
      },
      textVersion: 'consent-v1',
    },
    {
      id: 'disclose',
      kind: 'disclosure',
      title: { en: 'Risk disclosure', 'zh-Hans': '风险揭示', 'zh-Hant': '風險揭示' },
      text: {
        en: 'This product is not a deposit. Its value can fall.',
        'zh-Hans': '本产品不是存款，其价值可能下跌。',
        'zh-Hant': '本產品不是存款，其價值可能下跌。',
      },
    },
    {
      id: 'ask',
      kind: 'question',
      title: {
        en: 'Did you understand the risks?',
        'zh-Hans': '您是否理解上述风险？',
        'zh-Hant': '您是否理解上述風險？',
      },
      text: { en: 'Please answer yes or no.', 'zh-Hans': '请回答是或否。', 'zh-Hant': '請回答是或否。' },
      answers: [
        { id: 'yes', label: { en: 'Yes', 'zh-Hans': '是', 'zh-Hant': '是' }, accepted: true },
        { id: 'no', label: { en: 'No', 'zh-Hans': '否', 'zh-Hant': '否' }, accepted: false },
      ],
    },
  ],
} as const;

interface Clip {
  readonly file: string;
  readonly peerId: string;
  readonly role: string;
  readonly source: 'camera' | 'microphone';
  readonly kind: 'video' | 'audio';
  readonly segment: number;
  readonly startMs: number;
  readonly seconds: number;
  /** ffmpeg lavfi source. */
  readonly input: string;
  readonly codec: readonly string[];
}

const RECORDING_ID = 'rtest1';
const VP8 = ['-c:v', 'libvpx', '-b:v', '100k', '-g', '10', '-an'];
const OPUS = ['-c:a', 'libopus', '-b:a', '32k', '-vn'];
const video = (colour: string, seconds: number): string =>
  `color=c=${colour}:s=160x120:r=10:d=${seconds},drawbox=x='mod(t*40,140)':y=50:w=20:h=20:color=white:t=fill`;
const tone = (hz: number, seconds: number): string => `sine=frequency=${hz}:sample_rate=48000:duration=${seconds}`;

/** Named as the recorder names segments: `recording-<id>.<peer>.<source>.<NNN>.webm`. */
function clip(
  peerId: string,
  role: string,
  source: Clip['source'],
  segment: number,
  startMs: number,
  seconds: number,
  input: string,
): Clip {
  const kind = source === 'camera' ? 'video' : 'audio';
  const file = `recording-${RECORDING_ID}.${peerId}.${source}.${String(segment).padStart(3, '0')}.webm`;
  return { file, peerId, role, source, kind, segment, startMs, seconds, input, codec: kind === 'video' ? VP8 : OPUS };
}

// The customer is recorded from media time 0 for 6 s. The agent joined late:
// camera and microphone from 1.5 s; the camera paused from 3.5 s to 3.9 s,
// so it has a second segment (one lane on screen, two files).
export const CLIPS: readonly Clip[] = [
  clip('c1', 'customer', 'camera', 0, 0, 6, video('red', 6)),
  clip('c1', 'customer', 'microphone', 0, 0, 6, tone(440, 6)),
  clip('a1', 'agent', 'camera', 0, 1500, 2, video('blue', 2)),
  clip('a1', 'agent', 'camera', 1, 3900, 1.6, video('green', 1.6)),
  clip('a1', 'agent', 'microphone', 0, 1500, 4, tone(660, 4)),
];

async function makeClip(dir: string, item: Clip): Promise<string> {
  const path = join(dir, item.file);
  await runFfmpeg(['-f', 'lavfi', '-i', item.input, ...item.codec, path]);
  return path;
}

/** The recording's timing summary, in the form the recorder writes (server/src/recording/finalize.ts). */
function timingSummary(sessionId: string, clips: readonly Clip[]): Uint8Array {
  const segments = clips.map((item) => ({
    file: item.file,
    playableFile: item.file,
    repaired: false,
    trackKey: `${item.peerId}/${item.source}`,
    peerId: item.peerId,
    role: item.role,
    source: item.source,
    kind: item.kind,
    segment: item.segment,
    producerId: `producer-${item.peerId}-${item.source}`,
    codec:
      item.kind === 'video'
        ? { mimeType: 'video/VP8', clockRate: 90000, payloadType: 101 }
        : { mimeType: 'audio/opus', clockRate: 48000, channels: 2, payloadType: 100 },
    startMs: item.startMs,
    endMs: item.startMs + item.seconds * 1000,
    durationMs: item.seconds * 1000,
    anchor: { method: 'sender-report', reportsUsed: 5 },
  }));
  const body = {
    format: 'aircounter.recording-timing/1',
    sessionId,
    recordingId: RECORDING_ID,
    originUnixMs: Date.parse('2026-03-01T09:00:00.000Z'),
    clockOffsetMs: 0,
    complete: true,
    recovered: false,
    damagedLogLines: 0,
    segments,
    gaps: [],
  };
  return new TextEncoder().encode(`${JSON.stringify(body, null, 2)}\n`);
}

/** A session as the server logs it, with the recorded clips and (optionally) their timeline. */
async function writeSession(
  service: EvidenceService,
  eventLog: EvidenceLog,
  sessionId: string,
  media: ReadonlyMap<string, string>,
  options: { clips: readonly Clip[]; withTiming: boolean; journey?: boolean; signing?: SigningInput },
): Promise<void> {
  // Entries as servers of several versions wrote them (types and shapes this one no longer writes):
  // straight into the chained log, past the schema check of `service.append`.
  const log = (type: string, data: Record<string, unknown>, mediaTimeMs: number | null) =>
    eventLog.append(sessionId, { type, data, mediaTimeMs });
  await service.openSession(sessionId, { agentId: 'agent-7', reference: 'loan-42' });
  await log('peer.joined', { peerId: 'c1', role: 'customer', displayName: 'Ana' }, null);
  await log('consent.given', { peerId: 'c1', consentTextVersion: 'v3', action: 'button:accept', locale: 'en' }, null);
  await log('recording.state', { state: 'starting' }, null);
  await log('recording.state', { state: 'active', recordingId: RECORDING_ID }, 0);
  await log('peer.joined', { peerId: 'a1', role: 'agent', displayName: 'Bo' }, 1200);
  await log('script.step', { stepId: 'show-id-card', by: 'a1' }, 2500);
  await log('liveness.decided', { peerId: 'c1', decision: { passed: true } }, 3000);
  await log(
    'recording.gap',
    {
      recordingId: RECORDING_ID,
      peerId: 'a1',
      source: 'camera',
      fromMs: 3500,
      toMs: 3900,
      reason: 'paused',
      approximate: true,
    },
    3500,
  );
  if (options.journey) await writeJourney(service, log, sessionId);
  if (options.signing) await writeSigning(service, sessionId, options.signing);
  await log('peer.left', { peerId: 'a1', reason: 'left' }, 5500);
  await log('recording.state', { state: 'complete', recordingId: RECORDING_ID }, 6000);
  for (const item of options.clips) {
    const staged = await service.stagingPath(sessionId, item.file);
    await writeFile(staged, await readFile(media.get(item.file) ?? ''));
    await service.addFile(sessionId, item.file, { path: staged, move: true });
  }
  if (options.withTiming) {
    const name = `recording-${RECORDING_ID}.timing.json`;
    await service.addFile(sessionId, name, { bytes: timingSummary(sessionId, options.clips) });
  }
  await log('peer.left', { peerId: 'c1', reason: 'session-ended' }, 6000);
  await service.finalizeSession(sessionId, { complete: true });
}

type Log = (type: string, data: Record<string, unknown>, mediaTimeMs: number | null) => Promise<unknown>;

/**
 * A wealth-product sale's journey events as the shared contract names them:
 * the disclosure interrupted by the agent's camera gap (3.5 s) and repeated,
 * the last question never answered, the journey ended incomplete. Written
 * through the chained log; the definition through the one artifact API.
 */
async function writeJourney(service: EvidenceService, log: Log, sessionId: string): Promise<void> {
  const definition = await addArtifact(service, sessionId, {
    kind: 'journey-definition',
    mediaType: 'application/json',
    bytes: new TextEncoder().encode(JSON.stringify(JOURNEY_DEFINITION)),
  });
  const started = {
    journeyId: 'wealth-sale',
    version: 1,
    definitionSha256: definition.sha256,
    stepCount: 3,
    locale: 'en',
  };
  await log('journey.started', started, 100);
  await log('journey.step.started', { stepId: 'consent', index: 0, kind: 'consent' }, 200);
  const consented = { stepId: 'consent', index: 0, kind: 'consent', by: 'customer', confirmation: 'tap' };
  await log('journey.step.completed', consented, 900);
  await log('journey.step.started', { stepId: 'disclose', index: 1, kind: 'disclosure' }, 1000);
  await log('journey.step.interrupted', { stepId: 'disclose', index: 1, reason: 'recording-gap' }, 3500);
  await log('journey.step.started', { stepId: 'disclose', index: 1, kind: 'disclosure' }, 4000);
  const acknowledged = { stepId: 'disclose', index: 1, kind: 'disclosure', by: 'customer', confirmation: 'tap' };
  await log('journey.step.completed', acknowledged, 5000);
  await log('journey.step.started', { stepId: 'ask', index: 2, kind: 'question' }, 5200);
  await log('journey.ended', { complete: false, missing: ['ask'], interrupted: [] }, 5400);
}

/** What a signing needs besides the package: the bank's certificate and a frame of the customer's camera. */
interface SigningInput {
  readonly certificate: TestCertificate;
  readonly still: Uint8Array;
}

/**
 * Face-to-face signing as the signing service records it: a contract made
 * with pdf-lib, the customer's confirmation, a first attempt (with a still),
 * the agent's request to sign again, a second attempt (no still could be
 * taken), the attestation and the PAdES-signed PDF. Files go through the one
 * artifact API, events through `append` (checked against the event table).
 */
async function writeSigning(service: EvidenceService, sessionId: string, input: SigningInput): Promise<void> {
  const { documentId, title, field } = SIGNING;
  const contract = await makeContractPdf('Loan contract');
  const document = await addArtifact(service, sessionId, {
    kind: 'document',
    mediaType: 'application/pdf',
    bytes: contract,
  });
  const code = shortCode(document.sha256);
  await service.append(sessionId, {
    type: 'signing.document.added',
    data: { documentId, title, sha256: document.sha256, shortCode: code, pages: 2, bytes: document.size, field },
    mediaTimeMs: null,
  });
  await service.append(sessionId, {
    type: 'signing.document.read-confirmed',
    data: { documentId, peerId: 'c1', sha256: document.sha256, shortCode: code },
    mediaTimeMs: SIGNING.readAtMs,
  });
  const attempt = async (number: number, offset: number, still: Uint8Array | undefined, atMs: number) => {
    const signature = sampleSignature(offset);
    const strokes = await addArtifact(service, sessionId, {
      kind: 'signature-strokes',
      mediaType: 'application/json',
      bytes: new TextEncoder().encode(JSON.stringify(signature)),
    });
    const image = await addArtifact(service, sessionId, {
      kind: 'signature-image',
      mediaType: 'image/png',
      bytes: renderSignaturePng(signature),
    });
    const frame = still
      ? await addArtifact(service, sessionId, { kind: 'still', mediaType: 'image/jpeg', bytes: still })
      : undefined;
    await service.append(sessionId, {
      type: 'signing.signature.submitted',
      data: {
        documentId,
        peerId: 'c1',
        attempt: number,
        attemptId: `attempt-${number}`,
        documentSha256: document.sha256,
        strokesSha256: strokes.sha256,
        imageSha256: image.sha256,
        stillSha256: frame?.sha256 ?? null,
        strokes: signature.strokes.length,
        points: signature.strokes.reduce((sum, stroke) => sum + stroke.length, 0),
        durationMs: 1780,
      },
      mediaTimeMs: atMs,
    });
    return image;
  };
  await attempt(1, 0, input.still, SIGNING.firstAttemptAtMs);
  await service.append(sessionId, {
    type: 'signing.signature.redo-requested',
    data: { documentId, peerId: 'a1', reason: 'The signature left the box' },
    mediaTimeMs: SIGNING.redoAtMs,
  });
  const second = await attempt(2, 10, undefined, SIGNING.secondAttemptAtMs);
  await service.append(sessionId, {
    type: 'signing.signature.attested',
    data: { documentId, peerId: 'a1', attempt: 2, statement: 'signature-witnessed', imageSha256: second.sha256 },
    mediaTimeMs: SIGNING.attestedAtMs,
  });
  const signedPdf = await stampAndSign(
    contract,
    renderSignaturePng(sampleSignature(10)),
    field,
    {
      name: 'Ana',
      reason: `AirCounter face-to-face signing; session ${sessionId}; document ${documentId}; attempt 2`,
      contactInfo: 'Example Test Bank',
      location: 'Video counter',
      signingTime: new Date('2026-03-01T09:00:04.000Z'),
    },
    input.certificate.key,
  );
  const signed = await addArtifact(service, sessionId, {
    kind: 'signed-document',
    mediaType: 'application/pdf',
    bytes: signedPdf,
  });
  await service.append(sessionId, {
    type: 'signing.document.signed',
    data: {
      documentId,
      attempt: 2,
      documentSha256: document.sha256,
      signedSha256: signed.sha256,
      subFilter: 'ETSI.CAdES.detached',
      certificateSha256: createHash('sha256').update(input.certificate.key.certificate).digest('hex'),
      signingMediaTimeMs: SIGNING.secondAttemptAtMs,
    },
    mediaTimeMs: SIGNING.signedAtMs,
  });
}

/** A frame of the customer's camera clip, as the still grabber keeps it (JPEG). */
async function stillOf(dir: string, clipPath: string): Promise<Uint8Array> {
  const path = join(dir, 'still.jpg');
  await runFfmpeg(['-ss', '2', '-i', clipPath, '-frames:v', '1', path]);
  return readFile(path);
}

/** After sealing: one byte of a recording flipped, and the customer's name in the log changed. */
async function tamper(store: LocalWormStore, sessionId: string): Promise<void> {
  const dir = store.sessionDir(sessionId);
  await makeWritable(dir);
  const mediaPath = join(dir, `recording-${RECORDING_ID}.a1.camera.000.webm`);
  const media = await readFile(mediaPath);
  const middle = Math.floor(media.byteLength / 2);
  media[middle] = (media[middle] ?? 0) ^ 0x01;
  await writeFile(mediaPath, media);
  const eventsPath = join(dir, 'events.jsonl');
  const events = await readFile(eventsPath, 'utf8');
  await writeFile(eventsPath, events.replace('"displayName":"Ana"', '"displayName":"Eve"'));
  // Sealed again, as a package at rest looks: the tampering is in the bytes, not in the file modes.
  await store.seal(sessionId);
}

async function main(): Promise<void> {
  const root = await tempDir('replay-fixture');
  const mediaDir = join(root, 'media');
  await mkdir(mediaDir);
  const media = new Map<string, string>();
  for (const item of CLIPS) media.set(item.file, await makeClip(mediaDir, item));

  const store = new LocalWormStore(join(root, 'evidence'));
  const keys = await SigningKeyRing.ephemeral();
  const eventLog = new EvidenceLog(store);
  const service = new EvidenceService({ store, keys, stagingDir: join(root, 'evidence', 'staging'), eventLog });
  await writeSession(service, eventLog, SESSIONS.good, media, { clips: CLIPS, withTiming: true });
  await writeSession(service, eventLog, SESSIONS.tampered, media, { clips: CLIPS, withTiming: true });
  await tamper(store, SESSIONS.tampered);
  await writeSession(service, eventLog, SESSIONS.journey, media, { clips: CLIPS, withTiming: true, journey: true });
  const certificate = await makeTestCertificate('rsa');
  const still = await stillOf(mediaDir, media.get(CLIPS[0]?.file ?? '') ?? '');
  await writeSession(service, eventLog, SESSIONS.signing, media, {
    clips: CLIPS,
    withTiming: true,
    signing: { certificate, still },
  });
  await writeSession(service, eventLog, SESSIONS.untimed, media, {
    clips: CLIPS.filter((item) => item.peerId === 'c1'),
    withTiming: false,
  });

  const tokens = new TokenService({ secret: new Secret(randomBytes(32).toString('base64url')), issuer: 'aircounter' });
  const { token } = await tokens.issueAuditorToken({ auditorId: 'aud-test', displayName: 'Audrey', ttlSeconds: 3600 });
  const router = new HttpRouter(silentLogger);
  const indexed = await openTestEvidenceIndex(service);
  registerEvidenceRoutes({
    http: router,
    evidence: service,
    index: indexed.index,
    verifyAuditorToken: (t) => tokens.verifyAuditorToken(t),
  });
  const server = createServer((req, res) => {
    if (!router.handle(req, res)) res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  let stopping = false;
  const stop = (): void => {
    if (stopping) return;
    stopping = true;
    server.closeAllConnections();
    server.close();
    Promise.all([indexed.close(), removeTree(root), certificate.dispose()]).then(
      () => process.exit(0),
      (error: unknown) => {
        console.error('replay fixture: cannot remove', root, error);
        process.exit(1);
      },
    );
  };
  process.stdin.on('end', stop);
  process.stdin.on('close', stop);
  process.stdin.resume();
  process.on('SIGTERM', stop);
  process.stdout.write(`${JSON.stringify({ port, token, sessions: SESSIONS })}\n`);
}

main().catch((error: unknown) => {
  console.error('replay fixture failed:', error);
  process.exit(1);
});

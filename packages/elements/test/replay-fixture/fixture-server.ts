// A real auditor API over real evidence packages, for the <air-session-replay>
// browser tests. Started by wtr-replay-fixture.ts (the dev server proxies
// /replay-fixture/* to it) with `node --conditions=source`; prints one JSON
// line `{ port, token, sessions }` when ready and exits when its stdin closes.
//
// The packages are written by the server's own EvidenceService (hash-chained
// log, Ed25519-signed manifest) from WebM files made by ffmpeg, and served by
// the server's own evidence routes with a real auditor token.
import { randomBytes } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { TokenService } from '../../../../server/src/auth/tokens.ts';
import { EvidenceService } from '../../../../server/src/evidence/evidence-service.ts';
import { LocalWormStore } from '../../../../server/src/evidence/local-worm-store.ts';
import { SigningKeyRing } from '../../../../server/src/evidence/signing-keys.ts';
import { registerEvidenceRoutes } from '../../../../server/src/http/evidence/routes.ts';
import { HttpRouter } from '../../../../server/src/http/router.ts';
import { silentLogger } from '../../../../server/src/log.ts';
import { Secret } from '../../../../server/src/secret.ts';
import { makeWritable, removeTree, tempDir } from '../../../../server/test/evidence-fixtures.ts';
import { runFfmpeg } from '../../../../tests/e2e/support/media-fixtures.ts';

/** Session ids of the packages served (the browser tests name them through the setup route). */
export const SESSIONS = { good: 'replay-good', tampered: 'replay-tampered', untimed: 'replay-untimed' } as const;

interface Clip {
  readonly file: string;
  readonly peerId: string;
  readonly role: string;
  readonly source: 'camera' | 'microphone';
  readonly kind: 'video' | 'audio';
  readonly startMs: number;
  readonly seconds: number;
  /** ffmpeg lavfi source. */
  readonly input: string;
  readonly codec: readonly string[];
}

// The customer is recorded from media time 0 for 6 s; the agent's camera and
// microphone start 1.5 s later and last 4 s (the agent joined late).
const CLIPS: readonly Clip[] = [
  {
    file: 'rec-1-c1-camera-0.webm',
    peerId: 'c1',
    role: 'customer',
    source: 'camera',
    kind: 'video',
    startMs: 0,
    seconds: 6,
    input: "color=c=red:s=160x120:r=10:d=6,drawbox=x='mod(t*40,140)':y=50:w=20:h=20:color=white:t=fill",
    codec: ['-c:v', 'libvpx', '-b:v', '100k', '-g', '10', '-an'],
  },
  {
    file: 'rec-1-c1-microphone-0.webm',
    peerId: 'c1',
    role: 'customer',
    source: 'microphone',
    kind: 'audio',
    startMs: 0,
    seconds: 6,
    input: 'sine=frequency=440:sample_rate=48000:duration=6',
    codec: ['-c:a', 'libopus', '-b:a', '32k', '-vn'],
  },
  {
    file: 'rec-1-a1-camera-0.webm',
    peerId: 'a1',
    role: 'agent',
    source: 'camera',
    kind: 'video',
    startMs: 1500,
    seconds: 4,
    input: "color=c=blue:s=160x120:r=10:d=4,drawbox=x='mod(t*40,140)':y=50:w=20:h=20:color=white:t=fill",
    codec: ['-c:v', 'libvpx', '-b:v', '100k', '-g', '10', '-an'],
  },
  {
    file: 'rec-1-a1-microphone-0.webm',
    peerId: 'a1',
    role: 'agent',
    source: 'microphone',
    kind: 'audio',
    startMs: 1500,
    seconds: 4,
    input: 'sine=frequency=660:sample_rate=48000:duration=4',
    codec: ['-c:a', 'libopus', '-b:a', '32k', '-vn'],
  },
];

async function makeClip(dir: string, clip: Clip): Promise<string> {
  const path = join(dir, clip.file);
  await runFfmpeg(['-f', 'lavfi', '-i', clip.input, ...clip.codec, path]);
  return path;
}

function timeline(sessionId: string, clips: readonly Clip[]): Uint8Array {
  const tracks = clips.map((clip) => ({
    file: clip.file,
    peerId: clip.peerId,
    role: clip.role,
    source: clip.source,
    kind: clip.kind,
    startMs: clip.startMs,
    endMs: clip.startMs + clip.seconds * 1000,
  }));
  const body = { format: 'aircounter.recording.timeline.v1', sessionId, recordingId: 'rec-1', tracks };
  return new TextEncoder().encode(JSON.stringify(body));
}

/** A session as the server logs it, with the recorded clips and (optionally) their timeline. */
async function writeSession(
  service: EvidenceService,
  sessionId: string,
  media: ReadonlyMap<string, string>,
  options: { clips: readonly Clip[]; withTimeline: boolean },
): Promise<void> {
  const log = (type: string, data: Record<string, unknown>, mediaTimeMs: number | null) =>
    service.append(sessionId, { type, data, mediaTimeMs });
  await service.openSession(sessionId, { agentId: 'agent-7', reference: 'loan-42' });
  await log('peer.joined', { peerId: 'c1', role: 'customer', displayName: 'Ana' }, null);
  await log('consent.given', { peerId: 'c1', consentTextVersion: 'v3', action: 'button:accept', locale: 'en' }, null);
  await log('recording.state', { state: 'starting' }, null);
  await log('recording.state', { state: 'active', recordingId: 'rec-1' }, 0);
  await log('peer.joined', { peerId: 'a1', role: 'agent', displayName: 'Bo' }, 1200);
  await log('script.step', { stepId: 'show-id-card', by: 'a1' }, 2500);
  await log('liveness.decided', { peerId: 'c1', decision: { passed: true } }, 3000);
  await log('recording.gap', { peerId: 'a1', source: 'camera', durationMs: 400 }, 4000);
  await log('peer.left', { peerId: 'a1', reason: 'left' }, 5500);
  await log('recording.state', { state: 'complete', recordingId: 'rec-1' }, 6000);
  for (const clip of options.clips) {
    const staged = await service.stagingPath(sessionId, clip.file);
    await writeFile(staged, await readFile(media.get(clip.file) ?? ''));
    await service.addFile(sessionId, clip.file, { path: staged, move: true });
  }
  if (options.withTimeline) {
    await service.addFile(sessionId, 'recording-rec-1.timeline.json', { bytes: timeline(sessionId, options.clips) });
  }
  await log('peer.left', { peerId: 'c1', reason: 'session-ended' }, 6000);
  await service.finalizeSession(sessionId, { complete: true });
}

/** After sealing: one byte of a recording flipped, and the customer's name in the log changed. */
async function tamper(store: LocalWormStore, sessionId: string): Promise<void> {
  const dir = store.sessionDir(sessionId);
  await makeWritable(dir);
  const mediaPath = join(dir, 'rec-1-a1-camera-0.webm');
  const media = await readFile(mediaPath);
  const middle = Math.floor(media.byteLength / 2);
  media[middle] = (media[middle] ?? 0) ^ 0x01;
  await writeFile(mediaPath, media);
  const eventsPath = join(dir, 'events.jsonl');
  const events = await readFile(eventsPath, 'utf8');
  await writeFile(eventsPath, events.replace('"displayName":"Ana"', '"displayName":"Eve"'));
}

async function main(): Promise<void> {
  const root = await tempDir('replay-fixture');
  const mediaDir = join(root, 'media');
  await mkdir(mediaDir);
  const media = new Map<string, string>();
  for (const clip of CLIPS) media.set(clip.file, await makeClip(mediaDir, clip));

  const store = new LocalWormStore(join(root, 'evidence'));
  const keys = await SigningKeyRing.ephemeral();
  const service = new EvidenceService({ store, keys, stagingDir: join(root, 'evidence', 'staging') });
  await writeSession(service, SESSIONS.good, media, { clips: CLIPS, withTimeline: true });
  await writeSession(service, SESSIONS.tampered, media, { clips: CLIPS, withTimeline: true });
  await tamper(store, SESSIONS.tampered);
  await writeSession(service, SESSIONS.untimed, media, {
    clips: CLIPS.filter((clip) => clip.peerId === 'c1'),
    withTimeline: false,
  });

  const tokens = new TokenService({ secret: new Secret(randomBytes(32).toString('base64url')), issuer: 'aircounter' });
  const { token } = await tokens.issueAuditorToken({ auditorId: 'aud-test', displayName: 'Audrey', ttlSeconds: 3600 });
  const router = new HttpRouter(silentLogger);
  registerEvidenceRoutes({ http: router, evidence: service, verifyAuditorToken: (t) => tokens.verifyAuditorToken(t) });
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
    removeTree(root).then(
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

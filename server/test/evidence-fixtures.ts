import { execFile } from 'node:child_process';
import { chmod, cp, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { EvidenceLog } from '../src/evidence/event-log.ts';
import { EvidenceService } from '../src/evidence/evidence-service.ts';
import { LocalWormStore } from '../src/evidence/local-worm-store.ts';
import type { SigningKeyRing } from '../src/evidence/signing-keys.ts';

const run = promisify(execFile);

// Shared by the evidence suites: real packages written by the real service
// into temporary directories, and helpers to tamper with copies of them.

export async function tempDir(prefix: string): Promise<string> {
  return mkdtemp(join(tmpdir(), `aircounter-${prefix}-`));
}

/** Removes a directory tree even where sealing made it read-only. */
export async function removeTree(dir: string): Promise<void> {
  await makeWritable(dir);
  await rm(dir, { recursive: true, force: true });
}

export async function makeWritable(dir: string): Promise<void> {
  await chmod(dir, 0o755);
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) await makeWritable(path);
    else await chmod(path, 0o644);
  }
}

/** A one-second VP8 WebM made by ffmpeg: a real recording-sized media file. */
export async function makeWebm(path: string): Promise<void> {
  await run('ffmpeg', [
    '-hide_banner',
    '-loglevel',
    'error',
    '-f',
    'lavfi',
    '-i',
    'testsrc=duration=1:size=160x120:rate=10',
    '-c:v',
    'libvpx',
    '-b:v',
    '200k',
    '-y',
    path,
  ]);
}

export interface BuiltPackage {
  readonly service: EvidenceService;
  readonly store: LocalWormStore;
  readonly sessionId: string;
  readonly dir: string;
}

/**
 * A complete package as the server writes it: a session with joins, consent,
 * recording states, a script step, a liveness result, a WebM handed over from
 * the staging area, an id photo, then finalized and signed.
 */
export async function buildPackage(
  root: string,
  keys: SigningKeyRing,
  options: { sessionId?: string; agentId?: string; now?: () => number; finalize?: boolean } = {},
): Promise<BuiltPackage> {
  const sessionId = options.sessionId ?? 'sess-0001';
  const store = new LocalWormStore(root);
  // Entries of types and shapes older servers wrote go straight into the log (the verifier and the
  // replay must read them); everything else through the service's schema-checked append.
  const eventLog = new EvidenceLog(store, options.now);
  const service = new EvidenceService({
    store,
    keys,
    eventLog,
    stagingDir: join(root, 'staging'),
    ...(options.now ? { now: options.now } : {}),
  });
  await service.openSession(sessionId, { agentId: options.agentId ?? 'agent-7', reference: 'loan-42' });
  await service.append(sessionId, {
    type: 'peer.joined',
    data: { peerId: 'c1', role: 'customer', displayName: 'Ana' },
  });
  await service.append(sessionId, { type: 'peer.joined', data: { peerId: 'a1', role: 'agent', displayName: 'Bo' } });
  await eventLog.append(sessionId, {
    type: 'consent.given',
    data: { peerId: 'c1', consentTextVersion: 'v3', action: 'button:accept', locale: 'en' },
  });
  await eventLog.append(sessionId, { type: 'recording.state', data: { state: 'starting' } });
  service.setMediaOrigin(sessionId, Date.now());
  await service.append(sessionId, { type: 'recording.state', data: { state: 'active', recordingId: 'rec-1' } });
  await eventLog.append(sessionId, { type: 'script.step', data: { stepId: 'show-id-card', by: 'a1' } });
  await eventLog.append(sessionId, { type: 'liveness.decided', data: { peerId: 'c1', passed: true } });
  const staged = await service.stagingPath(sessionId, 'recording.webm');
  await makeWebm(staged);
  await service.addFile(sessionId, 'recording.webm', { path: staged, move: true });
  await service.addFile(sessionId, 'id-photo.jpg', {
    bytes: new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3, 0xff, 0xd9]),
  });
  await service.append(sessionId, { type: 'recording.state', data: { state: 'complete', recordingId: 'rec-1' } });
  await service.append(sessionId, { type: 'peer.left', data: { peerId: 'c1', reason: 'left' } });
  if (options.finalize !== false) await service.finalizeSession(sessionId, { complete: true });
  return { service, store, sessionId, dir: store.sessionDir(sessionId) };
}

/** A writable copy of a package directory, named `name` (the session id the reader expects). */
export async function copyPackage(from: string, parent: string, name: string): Promise<string> {
  const to = join(parent, name);
  await cp(from, to, { recursive: true });
  await makeWritable(to);
  return to;
}

export async function readLines(path: string): Promise<string[]> {
  return (await readFile(path, 'utf8')).split('\n').slice(0, -1);
}

export async function writeLines(path: string, lines: readonly string[]): Promise<void> {
  await writeFile(path, lines.map((line) => `${line}\n`).join(''));
}

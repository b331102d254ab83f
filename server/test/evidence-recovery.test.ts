import { spawn } from 'node:child_process';
import { appendFile, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { verifyEvidence, type EventEntry } from '@aircounter/evidence';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createDirectoryReader } from '../src/evidence/directory-reader.ts';
import { EvidenceService } from '../src/evidence/evidence-service.ts';
import { LocalWormStore } from '../src/evidence/local-worm-store.ts';
import { SigningKeyRing } from '../src/evidence/signing-keys.ts';
import type { EvidenceStore, ObjectSource, PutResult } from '../src/evidence/store.ts';
import { removeTree, tempDir } from './evidence-fixtures.ts';

let root: string;
let keyFile: string;

beforeEach(async () => {
  root = await tempDir('recovery');
  keyFile = join(root, 'keys', 'signing.pem');
});

afterEach(async () => {
  await removeTree(root);
});

async function service(store: EvidenceStore = new LocalWormStore(join(root, 'evidence'))): Promise<EvidenceService> {
  const keys = await SigningKeyRing.load({ keyFile, generateIfMissing: true });
  return new EvidenceService({ store, keys, stagingDir: join(root, 'evidence', 'staging') });
}

async function verify(svc: EvidenceService, sessionId: string) {
  const store = svc.store as LocalWormStore;
  return verifyEvidence(createDirectoryReader(store.sessionDir(sessionId)), { publicKeys: svc.keys.jwks().keys });
}

/** Runs the crash child until it has made `count` entries durable, then SIGKILLs it. */
async function runAndKill(sessionId: string, count: number): Promise<number> {
  const child = spawn(
    process.execPath,
    [
      '--conditions=source',
      join(import.meta.dirname, 'evidence-crash-child.ts'),
      join(root, 'evidence'),
      keyFile,
      sessionId,
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  let lastSeq = -1;
  let buffered = '';
  const exited = new Promise<NodeJS.Signals | null>((resolve) =>
    child.once('exit', (_code, signal) => resolve(signal)),
  );
  await new Promise<void>((resolve, reject) => {
    child.stdout.on('data', (chunk: Buffer) => {
      buffered += chunk.toString();
      const lines = buffered.split('\n');
      buffered = lines.pop() ?? '';
      for (const line of lines) lastSeq = Number(line);
      if (lastSeq >= count) {
        child.kill('SIGKILL');
        resolve();
      }
    });
    child.once('exit', () => reject(new Error(`child exited early: ${stderr}`)));
  });
  expect(await exited).toBe('SIGKILL');
  return lastSeq;
}

describe('evidence recovery after a crash', () => {
  it('finds a SIGKILLed session, keeps every acknowledged entry and finalizes it as incomplete', async () => {
    // The key must exist before the child starts (it does not generate one).
    await service();
    const acknowledged = await runAndKill('crashed-1', 40);

    const restarted = await service();
    expect(await restarted.findUnfinalized()).toEqual(['crashed-1']);
    expect(await restarted.listStaged('crashed-1')).toEqual(['recording.webm']);

    // What the recorder does at start-up: hand over the partial file, close the package as incomplete.
    const staged = await restarted.stagingPath('crashed-1', 'recording.webm');
    await restarted.addFile('crashed-1', 'recording.webm', { path: staged, move: true });
    const { manifest } = await restarted.finalizeSession('crashed-1', { complete: false, reason: 'server-restarted' });
    expect(manifest).toMatchObject({ complete: false, incompleteReason: 'server-restarted' });
    expect(await restarted.findUnfinalized()).toEqual([]);

    const report = await verify(restarted, 'crashed-1');
    // Intact, and honestly incomplete: the only finding is the signed "incomplete".
    expect(report.problems.map((p) => p.code)).toEqual(['PACKAGE_INCOMPLETE']);
    expect(report.verdict).toBe('INCOMPLETE');
    const steps = report.events.filter((e) => e.type === 'script.step');
    // Every entry the child was told is durable is in the log, in order.
    expect(steps.length).toBeGreaterThanOrEqual(acknowledged);
    expect(steps.map((e) => e.data['i'])).toEqual(steps.map((_, i) => i));
  });

  it('cuts a torn last line, records the repair, and keeps a valid chain', async () => {
    const first = await service();
    await first.openSession('torn-1');
    await first.append('torn-1', { type: 'peer.joined', data: { peerId: 'c1', role: 'customer', displayName: 'Ana' } });
    const logPath = join(root, 'evidence', 'sessions', 'torn-1', 'events.jsonl');
    const torn = '{"data":{"i":1},"hash":"ab';
    await appendFile(logPath, torn);

    const second = await service();
    const next = await second.append('torn-1', { type: 'peer.left', data: { peerId: 'c1', reason: 'left' } });
    const lines = (await readFile(logPath, 'utf8')).trimEnd().split('\n');
    const repaired = JSON.parse(lines[2] ?? '') as EventEntry;
    expect(repaired).toMatchObject({ seq: 2, type: 'evidence.log.repaired', data: { droppedBytes: torn.length } });
    expect(next.seq).toBe(3);
    await second.finalizeSession('torn-1', { complete: false, reason: 'server-restarted' });
    const afterRepair = await verify(second, 'torn-1');
    expect(afterRepair.problems.map((p) => p.code)).toEqual(['PACKAGE_INCOMPLETE']);
    expect(afterRepair.verdict).toBe('INCOMPLETE');
  });

  it('resumes a finalization interrupted between manifest and signature', async () => {
    const inner = new LocalWormStore(join(root, 'evidence'));
    let failSignature = true;
    // The store as it behaves when the process dies right before the signature is written.
    const flaky: EvidenceStore = {
      listSessions: () => inner.listSessions(),
      list: (sessionId) => inner.list(sessionId),
      stat: (sessionId, name) => inner.stat(sessionId, name),
      appendTarget: (sessionId, name) => inner.appendTarget(sessionId, name),
      read: (sessionId, name, range) => inner.read(sessionId, name, range),
      readAll: (sessionId, name) => inner.readAll(sessionId, name),
      seal: (sessionId) => inner.seal(sessionId),
      isSealed: (sessionId) => inner.isSealed(sessionId),
      accessLogTarget: () => inner.accessLogTarget(),
      put: async (sessionId: string, name: string, source: ObjectSource): Promise<PutResult> => {
        if (name === 'manifest.sig' && failSignature) throw new Error('simulated crash before the signature');
        return inner.put(sessionId, name, source);
      },
    };
    const crashed = await service(flaky);
    await crashed.openSession('half-1');
    await expect(crashed.finalizeSession('half-1', { complete: true })).rejects.toThrow(/simulated crash/);
    const manifestBefore = await readFile(join(root, 'evidence', 'sessions', 'half-1', 'manifest.json'));
    failSignature = false;

    const restarted = await service();
    expect(await restarted.findUnfinalized()).toEqual(['half-1']);
    const { manifest } = await restarted.finalizeSession('half-1', { complete: false, reason: 'server-restarted' });
    // The manifest written before the crash is signed as it was, never rewritten.
    expect(await readFile(join(root, 'evidence', 'sessions', 'half-1', 'manifest.json'))).toEqual(manifestBefore);
    expect(manifest.complete).toBe(true);
    const half = await verify(restarted, 'half-1');
    expect(half.problems).toEqual([]);
    expect(half.verdict).toBe('VERIFIED');
  });
});

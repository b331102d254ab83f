import { existsSync } from 'node:fs';
import { chmod, open, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { verifyEvidence, type AnyEvidenceEvent } from '@aircounter/evidence';
import { AirError } from '@aircounter/protocol';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { rejection } from '../../packages/protocol/src/test-fixtures/async.ts';
import { createDirectoryReader } from '../src/evidence/directory-reader.ts';
import type { LogEvent } from '../src/evidence/event-log.ts';
import { EvidenceService } from '../src/evidence/evidence-service.ts';
import { InvalidEvidenceEventError } from '../src/evidence/invalid-event.ts';
import { LocalWormStore } from '../src/evidence/local-worm-store.ts';
import { SigningKeyRing } from '../src/evidence/signing-keys.ts';
import { createLogger } from '../src/log.ts';
import { removeTree, tempDir } from './evidence-fixtures.ts';

let root: string;
let store: LocalWormStore;

beforeEach(async () => {
  root = await tempDir('store');
  store = new LocalWormStore(join(root, 'evidence'));
});

afterEach(async () => {
  await removeTree(root);
});

const bytes = (text: string): { bytes: Uint8Array } => ({ bytes: new TextEncoder().encode(text) });

/** An event as an untyped (JavaScript) caller might pass it: only the runtime checks stand in its way. */
const untyped = (event: LogEvent): AnyEvidenceEvent => event as AnyEvidenceEvent;

const mode = async (path: string): Promise<number> => (await stat(path)).mode & 0o777;

describe('LocalWormStore', () => {
  it('writes an object once, read-only, and refuses to replace it', async () => {
    const first = await store.put('s1', 'photo.jpg', bytes('first'));
    expect(first.size).toBe(5);
    const path = join(store.sessionDir('s1'), 'photo.jpg');
    expect(await mode(path)).toBe(0o444);
    const error = await rejection(store.put('s1', 'photo.jpg', bytes('second')));
    expect(error.code).toBe('STORAGE_WRITE_ONCE');
    expect(await readFile(path, 'utf8')).toBe('first');
    expect(await store.list('s1')).toEqual([{ name: 'photo.jpg', size: 5 }]);
  });

  it('lets exactly one of several concurrent writers of a name win', async () => {
    const results = await Promise.allSettled(
      ['a', 'b', 'c', 'd', 'e'].map((text) => store.put('s1', 'race.bin', bytes(text.repeat(1000)))),
    );
    const won = results.filter((r) => r.status === 'fulfilled');
    const lost = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    expect(won).toHaveLength(1);
    expect(lost.map((r) => (r.reason as AirError).code)).toEqual(Array(4).fill('STORAGE_WRITE_ONCE'));
    const stored = await readFile(join(store.sessionDir('s1'), 'race.bin'), 'utf8');
    expect(stored).toMatch(/^(a{1000}|b{1000}|c{1000}|d{1000}|e{1000})$/);
    // No temporary survives a lost race.
    expect(await readdir(store.sessionDir('s1'))).toEqual(['race.bin']);
  });

  it('takes a finished file over by rename, and gives it back when the name is taken', async () => {
    const source = join(root, 'ffmpeg-out.webm');
    await writeFile(source, 'recording bytes');
    const result = await store.put('s1', 'recording.webm', { path: source, move: true });
    expect(result.size).toBe(15);
    expect(existsSync(source)).toBe(false);

    await writeFile(source, 'another recording');
    const error = await rejection(store.put('s1', 'recording.webm', { path: source, move: true }));
    expect(error.code).toBe('STORAGE_WRITE_ONCE');
    expect(await readFile(source, 'utf8')).toBe('another recording');
  });

  it('remembers the hash of what it put only while the object is untouched', async () => {
    const put = await store.put('s1', 'clip.webm', bytes('recorded bytes'));
    expect(await store.storedHash('s1', 'clip.webm')).toEqual(put);
    expect(await store.storedHash('s1', 'other.webm')).toBeUndefined();
    // Past one clock tick (kernels without fine-grained timestamps): the change below must move mtime or ctime.
    await new Promise((resolve) => setTimeout(resolve, 25));
    const path = join(store.sessionDir('s1'), 'clip.webm');
    await chmod(path, 0o644);
    await writeFile(path, 'RECORDED BYTES');
    expect((await stat(path)).size).toBe(put.size);
    expect(await store.storedHash('s1', 'clip.webm')).toBeUndefined();
  });

  it('seals without syncing again the files it put, unchanged since, and syncs the others', async () => {
    await store.put('s1', 'a.webm', bytes('a'));
    await store.put('s1', 'b.webm', bytes('b'));
    await store.put('s1', 'c.webm', bytes('c'));
    await new Promise((resolve) => setTimeout(resolve, 25));
    const changed = join(store.sessionDir('s1'), 'c.webm');
    await chmod(changed, 0o644);
    await writeFile(changed, 'C');
    const probe = await open(changed, 'r');
    const handles = Object.getPrototypeOf(probe) as { sync: () => Promise<void> };
    await probe.close();
    const sync = vi.spyOn(handles, 'sync');
    try {
      await store.seal('s1');
      // The changed file and the directory.
      expect(sync).toHaveBeenCalledTimes(2);
    } finally {
      sync.mockRestore();
    }
    for (const name of ['a.webm', 'b.webm', 'c.webm'])
      expect(await mode(join(store.sessionDir('s1'), name))).toBe(0o444);
  });

  it('seals a session: every file 0444, the directory 0555, no more writes or appends', async () => {
    await store.put('s1', 'a.txt', bytes('a'));
    const log = store.appendTarget('s1', 'events.jsonl');
    await log.append(new TextEncoder().encode('{"x":1}\n'));
    expect(await mode(join(store.sessionDir('s1'), 'events.jsonl'))).toBe(0o640);
    // A temporary left by a crash is removed, never sealed into the package.
    await writeFile(join(store.sessionDir('s1'), '.b.txt.123.tmp'), 'partial');

    await store.seal('s1');
    expect(await store.isSealed('s1')).toBe(true);
    expect(await mode(store.sessionDir('s1'))).toBe(0o555);
    expect(await mode(join(store.sessionDir('s1'), 'events.jsonl'))).toBe(0o444);
    expect(await mode(join(store.sessionDir('s1'), 'a.txt'))).toBe(0o444);
    expect(await readdir(store.sessionDir('s1'))).toEqual(['a.txt', 'events.jsonl']);

    expect((await rejection(store.put('s1', 'b.txt', bytes('b')))).code).toBe('STORAGE_WRITE_ONCE');
    expect((await rejection(log.append(new TextEncoder().encode('{"x":2}\n')))).code).toBe('STORAGE_WRITE_ONCE');
    expect((await rejection(log.dropTail(0))).code).toBe('STORAGE_WRITE_ONCE');
    expect(await readFile(join(store.sessionDir('s1'), 'events.jsonl'), 'utf8')).toBe('{"x":1}\n');
  });

  it.each([
    ['..', 'a.txt'],
    ['../outside', 'a.txt'],
    ['a/b', 'a.txt'],
    ['.hidden', 'a.txt'],
    ['', 'a.txt'],
    ['s1', '../../escape.txt'],
    ['s1', 'dir/file.txt'],
    ['s1', '..'],
    ['s1', '.hidden'],
    ['s1', 'back\\slash'],
    ['s1', 'nul\u0000byte'],
    ['s1', `${'x'.repeat(200)}.txt`],
  ])('refuses session %j / name %j (path traversal and odd names)', async (sessionId, name) => {
    const error = await rejection(store.put(sessionId, name, bytes('x')));
    expect(error.code).toBe('INVALID_PARAMS');
    expect(() => store.appendTarget(sessionId, name)).toThrow(AirError);
    expect(existsSync(join(root, 'escape.txt'))).toBe(false);
    expect(existsSync(join(root, 'outside'))).toBe(false);
    expect(await readdir(root)).toEqual([]);
  });

  it('serves byte ranges', async () => {
    await store.put('s1', 'digits.txt', bytes('0123456789'));
    const chunks: Buffer[] = [];
    for await (const chunk of (await store.read('s1', 'digits.txt', { start: 2, end: 5 })) ?? []) {
      chunks.push(chunk as Buffer);
    }
    expect(Buffer.concat(chunks).toString()).toBe('2345');
    expect(await store.read('s1', 'absent.txt')).toBeUndefined();
  });
});

describe('EvidenceService write path', () => {
  let service: EvidenceService;

  beforeEach(async () => {
    service = new EvidenceService({ store, keys: await SigningKeyRing.ephemeral(), stagingDir: join(root, 'staging') });
  });

  it('serializes concurrent appends: no interleaving, no gaps, a valid chain', async () => {
    const entries = await Promise.all(
      Array.from({ length: 100 }, (_, i) =>
        service.append('busy', { type: 'peer.left', data: { peerId: `p${i}`, reason: 'left' } }),
      ),
    );
    expect(entries.map((e) => e.seq).sort((a, b) => a - b)).toEqual(Array.from({ length: 100 }, (_, i) => i));
    const lines = (await readFile(join(store.sessionDir('busy'), 'events.jsonl'), 'utf8')).split('\n');
    expect(lines).toHaveLength(101);
    expect(lines.slice(0, -1).map((line) => (JSON.parse(line) as { seq: number }).seq)).toEqual(
      Array.from({ length: 100 }, (_, i) => i),
    );
    await service.finalizeSession('busy', { complete: true });
    const report = await verifyEvidence(createDirectoryReader(store.sessionDir('busy')), {
      publicKeys: service.keys.jwks().keys,
    });
    expect(report.problems).toEqual([]);
  });

  it('refuses appends and files after finalization, and finalizes idempotently', async () => {
    await service.openSession('s2', { agentId: 'agent-1' });
    const first = await service.finalizeSession('s2', { complete: false, reason: 'recording-failed' });
    expect(first.manifest).toMatchObject({ complete: false, incompleteReason: 'recording-failed', files: [] });
    const again = await service.finalizeSession('s2', { complete: true });
    expect(again).toEqual(first);
    expect((await rejection(service.append('s2', { type: 'session.ended', data: { reason: 'ended' } }))).code).toBe(
      'STORAGE_WRITE_ONCE',
    );
    expect((await rejection(service.addFile('s2', 'late.jpg', bytes('x')))).code).toBe('STORAGE_WRITE_ONCE');
  });

  it('hands several files over together: logged in the order given, the others kept when one fails', async () => {
    await service.openSession('s5', { agentId: 'agent-1' });
    const staged = async (name: string, size: number): Promise<{ path: string; move: true }> => {
      const path = await service.stagingPath('s5', name);
      await writeFile(path, Buffer.alloc(size, name.length));
      return { path, move: true };
    };
    // The largest first: its storing finishes last, its event still comes first.
    const files = [
      { name: 'big.webm', source: await staged('big.webm', 8 * 1024 * 1024) },
      { name: 'small.webm', source: await staged('small.webm', 10) },
      { name: 'notes.json', source: bytes('{}'), mediaType: 'application/json' },
    ];
    const added = await service.addFiles('s5', files);
    expect(added.map((file) => [file.name, file.size])).toEqual([
      ['big.webm', 8 * 1024 * 1024],
      ['small.webm', 10],
      ['notes.json', 2],
    ]);
    expect(await service.listStaged('s5')).toEqual([]);
    // One name already taken: the other file is stored and logged, then the write-once error is thrown.
    const failure = await rejection(
      service.addFiles('s5', [
        { name: 'small.webm', source: bytes('again') },
        { name: 'late.webm', source: await staged('late.webm', 20) },
      ]),
    );
    expect(failure.code).toBe('STORAGE_WRITE_ONCE');
    const lines = (await readFile(join(store.sessionDir('s5'), 'events.jsonl'), 'utf8')).trimEnd().split('\n');
    const logged = lines
      .map((line) => JSON.parse(line) as { type: string; data?: { name?: string } })
      .filter((event) => event.type === 'evidence.file.added')
      .map((event) => event.data?.name);
    expect(logged).toEqual(['big.webm', 'small.webm', 'notes.json', 'late.webm']);
    const { manifest } = await service.finalizeSession('s5', { complete: true });
    expect(manifest.files.map((file) => file.name).sort()).toEqual(
      ['big.webm', 'late.webm', 'notes.json', 'small.webm'].sort(),
    );
  });

  it('logs a hand-over of several files with one durable write, in the order given, on a valid chain', async () => {
    const writes: number[] = [];
    const target = store.appendTarget.bind(store);
    store.appendTarget = (sessionId, name) => {
      const inner = target(sessionId, name);
      return {
        ...inner,
        append: async (data) => {
          writes.push(new TextDecoder().decode(data).split('\n').length - 1);
          await inner.append(data);
        },
      };
    };
    const batched = new EvidenceService({
      store,
      keys: await SigningKeyRing.ephemeral(),
      stagingDir: join(root, 'staging'),
    });
    await batched.openSession('s7', { agentId: 'agent-1' });
    writes.length = 0;
    await batched.addFiles('s7', [
      { name: 'a.webm', source: bytes('a') },
      { name: 'b.webm', source: bytes('bb') },
      { name: 'c.json', source: bytes('{}'), mediaType: 'application/json' },
    ]);
    expect(writes).toEqual([3]);
    const added = ((await batched.readEvents('s7')) ?? []).filter((entry) => entry.type === 'evidence.file.added');
    expect(added.map((entry) => entry.data['name'])).toEqual(['a.webm', 'b.webm', 'c.json']);
    await batched.finalizeSession('s7', { complete: true });
    const report = await verifyEvidence(createDirectoryReader(store.sessionDir('s7')), {
      publicKeys: batched.keys.jwks().keys,
    });
    expect(report.problems).toEqual([]);
  });

  it('seals the hashes taken when files were stored, and hashes again a file changed since', async () => {
    await service.openSession('s6', { agentId: 'agent-1' });
    const path = await service.stagingPath('s6', 'camera.webm');
    await writeFile(path, Buffer.alloc(64 * 1024, 7));
    await service.addFiles('s6', [
      { name: 'camera.webm', source: { path, move: true } },
      { name: 'audio.webm', source: bytes('audio bytes') },
    ]);
    const read: string[] = [];
    const readObject = store.read.bind(store);
    store.read = (sessionId, name, range) => {
      read.push(name);
      return readObject(sessionId, name, range);
    };
    await new Promise((resolve) => setTimeout(resolve, 25));
    // Changed in place behind the store's back, same size: the seal must describe these bytes, not the logged hash.
    const audio = join(store.sessionDir('s6'), 'audio.webm');
    await chmod(audio, 0o644);
    await writeFile(audio, 'AUDIO BYTES');
    const { manifest } = await service.finalizeSession('s6', { complete: true });
    // The recording is not read again; the changed file is.
    expect(read).toEqual(['audio.webm']);
    const logged = ((await service.readEvents('s6')) ?? []).filter((entry) => entry.type === 'evidence.file.added');
    const camera = manifest.files.find((file) => file.name === 'camera.webm');
    expect(camera?.sha256).toBe(logged.find((entry) => entry.data['name'] === 'camera.webm')?.data['sha256']);
    const report = await verifyEvidence(createDirectoryReader(store.sessionDir('s6')), {
      publicKeys: service.keys.jwks().keys,
    });
    expect(report.problems.map((problem) => [problem.code, problem.file])).toEqual([
      ['MEDIA_HASH_MISMATCH', 'audio.webm'],
    ]);
  });

  it('refuses bad events and reserved file names', async () => {
    expect((await rejection(service.append('s3', untyped({ type: 'Not A Type' })))).code).toBe('INVALID_PARAMS');
    expect((await rejection(service.append('s3', untyped({ type: 'x.y', data: { n: Number.NaN } })))).code).toBe(
      'INVALID_PARAMS',
    );
    expect((await rejection(service.append('s3', untyped({ type: 'x.y', mediaTimeMs: -1 })))).code).toBe(
      'INVALID_PARAMS',
    );
    expect((await rejection(service.append('../s3', untyped({ type: 'x.y' })))).code).toBe('INVALID_PARAMS');
    for (const name of ['events.jsonl', 'manifest.json', 'manifest.sig']) {
      expect((await rejection(service.addFile('s3', name, bytes('{}')))).code).toBe('INVALID_PARAMS');
    }
    // A name no other process uses: the traversal must not create it beside the store.
    const escape = `escape-${basename(root)}`;
    await expect(service.stagingPath('s3', `../${escape}`)).rejects.toThrow(AirError);
    expect(existsSync(join(root, 'evidence', 'sessions', 's3'))).toBe(false);
    expect(existsSync(join(dirname(root), escape))).toBe(false);
  });

  it('refuses, logs and does not write an event outside the table or with data that does not match', async () => {
    const lines: string[] = [];
    const logged = new EvidenceService({
      store,
      keys: await SigningKeyRing.ephemeral(),
      stagingDir: join(root, 'staging'),
      log: createLogger({ level: 'error', write: (line) => lines.push(line) }),
    });
    await logged.openSession('s4');
    const unknown = await rejection(logged.append('s4', untyped({ type: 'script.step', data: { stepId: 'x' } })));
    expect(unknown).toBeInstanceOf(InvalidEvidenceEventError);
    expect(unknown).toMatchObject({ code: 'INTERNAL', eventType: 'script.step' });
    const wrong = await rejection(
      logged.append('s4', untyped({ type: 'peer.joined', data: { peerId: 'c1', role: 'banker', displayName: 'Ana' } })),
    );
    expect(wrong).toMatchObject({ code: 'INTERNAL', eventType: 'peer.joined' });
    expect((wrong as InvalidEvidenceEventError).problem).toMatch(/^data\.role: /);
    expect(lines.map((line) => JSON.parse(line) as { msg: string; type: string })).toMatchObject([
      { msg: 'evidence event refused: a bug in its writer', type: 'script.step' },
      { msg: 'evidence event refused: a bug in its writer', type: 'peer.joined' },
    ]);
    const written = (await readFile(join(store.sessionDir('s4'), 'events.jsonl'), 'utf8')).trimEnd().split('\n');
    expect(written.map((line) => (JSON.parse(line) as { type: string }).type)).toEqual(['session.opened']);
  });

  it('refuses to finalize a session it knows nothing of', async () => {
    expect((await rejection(service.finalizeSession('ghost', { complete: true }))).code).toBe('EVIDENCE_NOT_FOUND');
  });
});

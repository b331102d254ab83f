import { createHash } from 'node:crypto';
import { readFile, writeFile, chmod } from 'node:fs/promises';
import { join } from 'node:path';
import { readEvent, verifyEvidence } from '@aircounter/evidence';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { rejection } from '../../packages/protocol/src/test-fixtures/async.ts';
import { addArtifact, readArtifact } from '../src/evidence/artifacts.ts';
import { createDirectoryReader } from '../src/evidence/directory-reader.ts';
import { EvidenceService } from '../src/evidence/evidence-service.ts';
import { LocalWormStore } from '../src/evidence/local-worm-store.ts';
import { SigningKeyRing } from '../src/evidence/signing-keys.ts';
import { removeTree, tempDir } from './evidence-fixtures.ts';

let root: string;
let store: LocalWormStore;
let service: EvidenceService;

beforeEach(async () => {
  root = await tempDir('artifacts');
  store = new LocalWormStore(join(root, 'evidence'));
  service = new EvidenceService({ store, keys: await SigningKeyRing.ephemeral(), stagingDir: join(root, 'staging') });
  await service.openSession('s1', { agentId: 'agent-1' });
});

afterEach(async () => {
  await removeTree(root);
});

const strokes = new TextEncoder().encode('{"strokes":[[[1,2,0,0.5]]]}');
const sha = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');

describe('artifacts', () => {
  it('stores bytes under kind and hash, logs the kind, and lists the file in the sealed manifest', async () => {
    const ref = await addArtifact(service, 's1', {
      kind: 'signature-strokes',
      mediaType: 'application/json',
      bytes: strokes,
    });
    expect(ref).toEqual({
      kind: 'signature-strokes',
      name: `signature-strokes-${sha(strokes)}.json`,
      sha256: sha(strokes),
      size: strokes.byteLength,
      mediaType: 'application/json',
    });
    const added = ((await service.readEvents('s1')) ?? []).map((entry) => readEvent(entry, 'evidence.file.added'));
    expect(added.filter((event) => event !== undefined).map((event) => event?.data)).toEqual([
      { name: ref.name, size: ref.size, sha256: ref.sha256, mediaType: 'application/json', kind: 'signature-strokes' },
    ]);
    expect(await readArtifact(service, 's1', ref)).toEqual(strokes);

    const { manifest } = await service.finalizeSession('s1', { complete: true });
    expect(manifest.files).toEqual([
      { name: ref.name, size: ref.size, sha256: ref.sha256, mediaType: 'application/json' },
    ]);
    const report = await verifyEvidence(createDirectoryReader(store.sessionDir('s1')), {
      publicKeys: service.keys.jwks().keys,
    });
    expect(report.problems).toEqual([]);
  });

  it('stores the same bytes once, even when two requests race', async () => {
    const input = { kind: 'still', mediaType: 'image/jpeg', bytes: new Uint8Array([0xff, 0xd8, 1, 2]) } as const;
    const refs = await Promise.all([addArtifact(service, 's1', input), addArtifact(service, 's1', input)]);
    expect(refs[0]).toEqual(refs[1]);
    await addArtifact(service, 's1', input);
    const events = (await service.readEvents('s1')) ?? [];
    expect(events.filter((entry) => entry.type === 'evidence.file.added')).toHaveLength(1);
  });

  it('refuses unknown kinds and media types, and artifacts after sealing', async () => {
    const bad = { kind: 'shell-script', mediaType: 'text/plain', bytes: strokes } as unknown as Parameters<
      typeof addArtifact
    >[2];
    expect((await rejection(addArtifact(service, 's1', bad))).code).toBe('INVALID_PARAMS');
    const badType = { kind: 'still', mediaType: 'text/html', bytes: strokes } as unknown as Parameters<
      typeof addArtifact
    >[2];
    expect((await rejection(addArtifact(service, 's1', badType))).code).toBe('INVALID_PARAMS');
    await service.finalizeSession('s1', { complete: true });
    const late = addArtifact(service, 's1', { kind: 'still', mediaType: 'image/jpeg', bytes: new Uint8Array([1]) });
    expect((await rejection(late)).code).toBe('STORAGE_WRITE_ONCE');
  });

  it('never returns bytes that no longer match their hash', async () => {
    const ref = await addArtifact(service, 's1', { kind: 'document', mediaType: 'application/pdf', bytes: strokes });
    const path = join(store.sessionDir('s1'), ref.name);
    await chmod(path, 0o644);
    await writeFile(path, 'tampered');
    expect((await rejection(readArtifact(service, 's1', ref))).code).toBe('INTERNAL');
    expect(await readFile(path, 'utf8')).toBe('tampered');
    expect(await readArtifact(service, 's1', { ...ref, sha256: sha(new Uint8Array([9])) })).toBeUndefined();
  });
});

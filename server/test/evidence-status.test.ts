import { chmod, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { MANIFEST_FILE } from '@aircounter/evidence';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { EvidenceService } from '../src/evidence/evidence-service.ts';
import { LocalWormStore } from '../src/evidence/local-worm-store.ts';
import { SigningKeyRing } from '../src/evidence/signing-keys.ts';
import { buildPackage, makeWritable, removeTree, tempDir } from './evidence-fixtures.ts';

// What the compliance list says of each package comes from its signed
// manifest alone: complete, incomplete with the reason, not recorded, or open
// while unsealed — whatever the file permissions say.

let root = '';
let keys: SigningKeyRing;

beforeEach(async () => {
  root = await tempDir('status');
  keys = await SigningKeyRing.ephemeral();
});

afterEach(async () => {
  await removeTree(root);
});

/** A fresh service over the same directory. */
function reader(): EvidenceService {
  return new EvidenceService({ store: new LocalWormStore(root), keys, stagingDir: join(root, 'staging') });
}

async function statusOf(sessionId: string): Promise<{ status: string; incompleteReason: string | null }> {
  const summary = await reader().summarize(sessionId);
  if (!summary) throw new Error(`no summary of ${sessionId}`);
  return { status: summary.status, incompleteReason: summary.incompleteReason };
}

describe('package status in the compliance list', () => {
  it('reads complete, incomplete (with the reason), not recorded and open from the signed manifest', async () => {
    await buildPackage(root, keys, { sessionId: 'recorded' });
    const cut = await buildPackage(root, keys, { sessionId: 'cut-short', finalize: false });
    await cut.service.finalizeSession('cut-short', { complete: false, reason: 'recording-gap: customer camera 46 s' });
    const service = reader();
    await service.openSession('talk-only');
    await service.append('talk-only', {
      type: 'peer.joined',
      data: { peerId: 'c1', role: 'customer', displayName: 'Ana' },
    });
    await service.finalizeSession('talk-only', { complete: true });
    await service.openSession('still-running');

    expect(await statusOf('recorded')).toEqual({ status: 'complete', incompleteReason: null });
    expect(await statusOf('cut-short')).toEqual({
      status: 'incomplete',
      incompleteReason: 'recording-gap: customer camera 46 s',
    });
    expect(await statusOf('talk-only')).toEqual({ status: 'not-recorded', incompleteReason: null });
    expect(await statusOf('still-running')).toEqual({ status: 'open', incompleteReason: null });
  });

  it('ignores file permissions: a writable sealed package stays complete, a read-only open one stays open', async () => {
    const built = await buildPackage(root, keys, { sessionId: 'recorded' });
    await makeWritable(built.dir);
    expect(await statusOf('recorded')).toEqual({ status: 'complete', incompleteReason: null });

    const service = reader();
    await service.openSession('still-running');
    const running = new LocalWormStore(root).sessionDir('still-running');
    await chmod(running, 0o555);
    try {
      expect(await statusOf('still-running')).toEqual({ status: 'open', incompleteReason: null });
    } finally {
      await chmod(running, 0o755);
    }
  });

  it('reports a manifest whose signature does not match as incomplete, never as complete', async () => {
    const built = await buildPackage(root, keys, { sessionId: 'recorded' });
    await makeWritable(built.dir);
    const path = join(built.dir, MANIFEST_FILE);
    const text = await readFile(path, 'utf8');
    await writeFile(path, text.replace('"complete":true', '"complete":true '));
    expect(await statusOf('recorded')).toEqual({
      status: 'incomplete',
      incompleteReason: 'manifest-signature-invalid',
    });
  });
});

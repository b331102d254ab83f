import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  canonicalJson,
  entryHash,
  sealEntry,
  utf8,
  verifyEvidence,
  type Ed25519PublicJwk,
  type EventEntry,
  type ProblemCode,
  type VerificationReport,
} from '@aircounter/evidence';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDirectoryReader } from '../src/evidence/directory-reader.ts';
import { SigningKeyRing } from '../src/evidence/signing-keys.ts';
import {
  buildPackage,
  copyPackage,
  readLines,
  removeTree,
  tempDir,
  writeLines,
  type BuiltPackage,
} from './evidence-fixtures.ts';

let root: string;
let work: string;
let keys: SigningKeyRing;
let trusted: Ed25519PublicJwk[];
let pkg: BuiltPackage;
let other: BuiltPackage;
let caseNumber = 0;

beforeAll(async () => {
  root = await tempDir('verify-store');
  work = await tempDir('verify-work');
  keys = await SigningKeyRing.ephemeral();
  trusted = [...keys.jwks().keys];
  pkg = await buildPackage(root, keys, { sessionId: 'sess-a' });
  other = await buildPackage(root, keys, { sessionId: 'sess-b' });
});

afterAll(async () => {
  await removeTree(root);
  await removeTree(work);
});

/** A fresh writable copy of session A's package in a directory named like the session. */
async function copyOfA(): Promise<string> {
  caseNumber += 1;
  const parent = join(work, `case-${caseNumber}`);
  await mkdir(parent);
  return copyPackage(pkg.dir, parent, pkg.sessionId);
}

async function verifyDir(dir: string, publicKeys: readonly Ed25519PublicJwk[] = trusted): Promise<VerificationReport> {
  return verifyEvidence(createDirectoryReader(dir), { publicKeys });
}

function codes(report: VerificationReport): ProblemCode[] {
  return report.problems.map((p) => p.code);
}

async function rewriteEvents(dir: string, change: (lines: string[]) => string[] | Promise<string[]>): Promise<void> {
  const path = join(dir, 'events.jsonl');
  await writeLines(path, await change(await readLines(path)));
}

describe('verifyEvidence on packages written by the server', () => {
  it('passes an untouched package without any problem', async () => {
    const report = await verifyDir(pkg.dir);
    expect(report.problems).toEqual([]);
    expect(report.ok).toBe(true);
    expect(report.signature).toBe('valid');
    expect(report.keyId).toBe(keys.keyId);
    expect(report.manifest?.complete).toBe(true);
    expect(report.files.map((f) => [f.name, f.status])).toEqual([
      ['id-photo.jpg', 'ok'],
      ['recording.webm', 'ok'],
    ]);
    expect(report.events.at(-1)?.type).toBe('evidence.finalized');
    expect(report.events.length).toBe(report.manifest?.eventLog.entries);
    // A media time exists only from the moment recording started.
    expect(report.events.find((e) => e.type === 'consent.given')?.mediaTimeMs).toBeNull();
    expect(report.events.find((e) => e.type === 'script.step')?.mediaTimeMs).toEqual(expect.any(Number));
  });

  it('MEDIA_HASH_MISMATCH: one flipped byte in the recording', async () => {
    const dir = await copyOfA();
    const path = join(dir, 'recording.webm');
    const bytes = await readFile(path);
    const middle = Math.floor(bytes.length / 2);
    bytes.writeUInt8(bytes.readUInt8(middle) ^ 0x01, middle);
    await writeFile(path, bytes);
    const report = await verifyDir(dir);
    expect(report.ok).toBe(false);
    expect(codes(report)).toEqual(['MEDIA_HASH_MISMATCH']);
    expect(report.problems[0]?.file).toBe('recording.webm');
  });

  it('FILE_SIZE_MISMATCH: a recording cut short', async () => {
    const dir = await copyOfA();
    const path = join(dir, 'recording.webm');
    await writeFile(path, (await readFile(path)).subarray(0, 100));
    expect(codes(await verifyDir(dir))).toEqual(['FILE_SIZE_MISMATCH']);
  });

  it('FILE_MISSING: a listed file removed', async () => {
    const dir = await copyOfA();
    await rm(join(dir, 'id-photo.jpg'));
    const report = await verifyDir(dir);
    expect(codes(report)).toEqual(['FILE_MISSING']);
    expect(report.problems[0]?.file).toBe('id-photo.jpg');
  });

  it('UNLISTED_FILE: a file added after signing fails the package (EXTRA_FILES)', async () => {
    const dir = await copyOfA();
    await writeFile(join(dir, 'later.txt'), 'added later');
    const report = await verifyDir(dir);
    expect(codes(report)).toEqual(['UNLISTED_FILE']);
    expect(report.problems[0]?.severity).toBe('error');
    expect(report.verdict).toBe('EXTRA_FILES');
    expect(report.ok).toBe(false);
  });

  it('LOG_LINE_EDITED: a line changed in place, at its seq and line', async () => {
    const dir = await copyOfA();
    await rewriteEvents(dir, (lines) =>
      lines.map((line, index) => (index === 3 ? line.replace('"button:accept"', '"button:decline"') : line)),
    );
    const report = await verifyDir(dir);
    expect(codes(report)).toEqual(['LOG_LINE_EDITED']);
    expect(report.problems[0]).toMatchObject({ file: 'events.jsonl', seq: 3, line: 4 });
  });

  it('LOG_LINE_EDITED: a line changed and re-hashed is caught by the next link', async () => {
    const dir = await copyOfA();
    await rewriteEvents(dir, async (lines) => {
      const entry = JSON.parse(lines[3] ?? '') as EventEntry;
      const forged = { ...entry, data: { ...entry.data, action: 'button:decline' } };
      const rehashed = { ...forged, hash: await entryHash(forged) };
      return lines.map((line, index) => (index === 3 ? canonicalJson(rehashed) : line));
    });
    const report = await verifyDir(dir);
    expect(codes(report)).toEqual(['LOG_LINE_EDITED']);
    expect(report.problems[0]).toMatchObject({ seq: 3, line: 4 });
  });

  it('LOG_REORDERED: two lines swapped', async () => {
    const dir = await copyOfA();
    await rewriteEvents(dir, (lines) => {
      const copy = [...lines];
      [copy[4], copy[5]] = [copy[5] ?? '', copy[4] ?? ''];
      return copy;
    });
    const report = await verifyDir(dir);
    expect(codes(report)).toEqual(['LOG_REORDERED']);
    expect(report.problems[0]).toMatchObject({ seq: 4, line: 6 });
  });

  it('LOG_LINE_DELETED: a line removed from the middle', async () => {
    const dir = await copyOfA();
    await rewriteEvents(dir, (lines) => lines.filter((_, index) => index !== 2));
    const report = await verifyDir(dir);
    expect(codes(report)).toEqual(['LOG_LINE_DELETED']);
    expect(report.problems[0]).toMatchObject({ seq: 2 });
  });

  it('LOG_TRUNCATED: the last lines cut off', async () => {
    const dir = await copyOfA();
    await rewriteEvents(dir, (lines) => lines.slice(0, -2));
    expect(codes(await verifyDir(dir))).toEqual(['LOG_TRUNCATED']);
  });

  it('LOG_EXTENDED: a correctly chained entry appended after finalization', async () => {
    const dir = await copyOfA();
    await rewriteEvents(dir, async (lines) => {
      const last = JSON.parse(lines.at(-1) ?? '') as EventEntry;
      const extra = await sealEntry({
        seq: last.seq + 1,
        time: new Date().toISOString(),
        mediaTimeMs: null,
        type: 'script.step',
        data: { stepId: 'forged' },
        prev: last.hash,
      });
      return [...lines, canonicalJson(extra)];
    });
    expect(codes(await verifyDir(dir))).toEqual(['LOG_EXTENDED']);
  });

  it('LOG_HEAD_MISMATCH: a whole log rewritten consistently from seq 3 on', async () => {
    const dir = await copyOfA();
    await rewriteEvents(dir, async (lines) => {
      const out: string[] = [];
      let prev = '';
      for (const [index, line] of lines.entries()) {
        const entry = JSON.parse(line) as EventEntry;
        if (index < 3) {
          out.push(line);
          prev = entry.hash;
          continue;
        }
        const body = { ...entry, prev, data: index === 3 ? { ...entry.data, action: 'forged' } : entry.data };
        const resealed = { ...body, hash: await entryHash(body) };
        prev = resealed.hash;
        out.push(canonicalJson(resealed));
      }
      return out;
    });
    expect(codes(await verifyDir(dir))).toEqual(['LOG_HEAD_MISMATCH']);
  });

  it('MALFORMED: a line that is not JSON', async () => {
    const dir = await copyOfA();
    await rewriteEvents(dir, (lines) => lines.map((line, index) => (index === 1 ? '{not json' : line)));
    const report = await verifyDir(dir);
    expect(codes(report)[0]).toBe('MALFORMED');
    expect(report.problems[0]).toMatchObject({ line: 2 });
    expect(report.ok).toBe(false);
  });

  it('MANIFEST_SESSION_MISMATCH: the signed manifest of another session', async () => {
    const dir = await copyOfA();
    for (const name of ['manifest.json', 'manifest.sig']) {
      await writeFile(join(dir, name), await readFile(join(other.dir, name)));
    }
    const report = await verifyDir(dir);
    expect(report.signature).toBe('valid');
    expect(codes(report)).toEqual(['MANIFEST_SESSION_MISMATCH']);
  });

  it('MANIFEST_SESSION_MISMATCH: found through the log genesis when the directory name says nothing', async () => {
    const dir = await copyOfA();
    for (const name of ['manifest.json', 'manifest.sig']) {
      await writeFile(join(dir, name), await readFile(join(other.dir, name)));
    }
    const renamed = join(dir, '..', 'renamed copy');
    await rename(dir, renamed);
    const report = await verifyDir(renamed);
    expect(report.sessionId).toBe('sess-b');
    expect(codes(report)).toEqual(['MANIFEST_SESSION_MISMATCH']);
    expect(report.problems[0]?.file).toBe('events.jsonl');
  });

  it('UNKNOWN_KEY: manifest re-signed by another key under that key’s id', async () => {
    const dir = await copyOfA();
    const attacker = await SigningKeyRing.ephemeral();
    const manifest = JSON.parse(await readFile(join(dir, 'manifest.json'), 'utf8')) as Record<string, unknown>;
    const forged = { ...manifest, keyId: attacker.keyId };
    await writeFile(join(dir, 'manifest.json'), canonicalJson(forged));
    const { signature } = attacker.sign(utf8(canonicalJson(forged)));
    await writeFile(
      join(dir, 'manifest.sig'),
      canonicalJson({
        format: 'aircounter.evidence.signature.v1',
        algorithm: 'Ed25519',
        keyId: attacker.keyId,
        signature,
      }),
    );
    const report = await verifyDir(dir);
    expect(report.signature).toBe('unknown-key');
    expect(codes(report)).toEqual(['UNKNOWN_KEY']);
  });

  it('SIGNATURE_INVALID: signed by another key claiming the trusted key id', async () => {
    const dir = await copyOfA();
    const attacker = await SigningKeyRing.ephemeral();
    const manifestBytes = await readFile(join(dir, 'manifest.json'));
    const { signature } = attacker.sign(new Uint8Array(manifestBytes));
    await writeFile(
      join(dir, 'manifest.sig'),
      canonicalJson({ format: 'aircounter.evidence.signature.v1', algorithm: 'Ed25519', keyId: keys.keyId, signature }),
    );
    const report = await verifyDir(dir);
    expect(report.signature).toBe('invalid');
    expect(codes(report)).toEqual(['SIGNATURE_INVALID']);
  });

  it('SIGNATURE_INVALID: a manifest edited after signing', async () => {
    const dir = await copyOfA();
    const path = join(dir, 'manifest.json');
    const manifest = JSON.parse(await readFile(path, 'utf8')) as Record<string, unknown>;
    await writeFile(path, canonicalJson({ ...manifest, finalizedAt: '2020-01-01T00:00:00.000Z' }));
    expect(codes(await verifyDir(dir))).toEqual(['SIGNATURE_INVALID']);
  });

  it('PACKAGE_UNSEALED: no signature at all', async () => {
    const dir = await copyOfA();
    await rm(join(dir, 'manifest.sig'));
    const report = await verifyDir(dir);
    expect(report.signature).toBe('missing');
    expect(codes(report)).toEqual(['PACKAGE_UNSEALED']);
    expect(report.verdict).toBe('UNSEALED');
    expect(report.problems[0]?.file).toBe('manifest.sig');
  });

  it('MEDIA_HASH_MISMATCH: a file swapped before finalization contradicts its arrival entry', async () => {
    const storeRoot = await tempDir('swap');
    const built = await buildPackage(storeRoot, keys, { sessionId: 'sess-swap', finalize: false });
    // Replace the id photo behind the store's back (as an intruder with disk access would).
    const photo = join(built.dir, 'id-photo.jpg');
    await rm(photo);
    await writeFile(photo, new Uint8Array([0xff, 0xd8, 9, 9, 9]));
    await built.service.finalizeSession(built.sessionId, { complete: true });
    const report = await verifyDir(built.dir);
    expect(report.signature).toBe('valid');
    expect(codes(report)).toEqual(['MEDIA_HASH_MISMATCH']);
    expect(report.problems[0]).toMatchObject({ file: 'id-photo.jpg', seq: expect.any(Number) });
    await removeTree(storeRoot);
  });

  it('keeps packages signed by a retired key verifiable after rotation', async () => {
    const oldKeys = await SigningKeyRing.ephemeral();
    const storeRoot = await tempDir('rotation');
    const old = await buildPackage(storeRoot, oldKeys, { sessionId: 'sess-old' });
    const retiredFile = join(storeRoot, 'old-key.jwk');
    await writeFile(retiredFile, JSON.stringify(oldKeys.publicJwk));
    const keyFile = join(storeRoot, 'keys', 'new.pem');
    const rotated = await SigningKeyRing.load({ keyFile, generateIfMissing: true, retiredKeyFiles: [retiredFile] });
    const published = rotated.jwks().keys;
    expect(published.map((k) => [k.kid, k.status])).toEqual([
      [rotated.keyId, 'active'],
      [oldKeys.keyId, 'retired'],
    ]);
    expect((await verifyDir(old.dir, published)).ok).toBe(true);
    expect(codes(await verifyDir(old.dir, [rotated.publicJwk]))).toEqual(['UNKNOWN_KEY']);
    await removeTree(storeRoot);
  });
});

import { execFile } from 'node:child_process';
import { appendFile, mkdir, readFile, rm, truncate, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { VERDICTS, type Verdict } from '@aircounter/evidence';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SigningKeyRing } from '../../src/evidence/signing-keys.ts';
import { buildPackage, copyPackage, removeTree, tempDir, type BuiltPackage } from '../evidence-fixtures.ts';

// The tamper matrix: real sealed packages (written by the evidence service,
// with an ffmpeg WebM) changed the ways an attacker or an accident would, and
// `aircounter verify` run on each exactly as an auditor runs it. Each case
// asserts the one verdict and its exit code.

const CLI = join(import.meta.dirname, '..', '..', 'src', 'cli', 'aircounter.ts');

let root: string;
let keyFile: string;
let complete: BuiltPackage;
let incomplete: BuiltPackage;
let unsealed: BuiltPackage;
let caseNumber = 0;

function verify(dir: string, key = keyFile): Promise<{ code: number; verdict: string; codes: string[] }> {
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      [CLI, 'verify', dir, '--public-key', key, '--json'],
      { env: { PATH: process.env['PATH'] ?? '' } },
      (error, out, err) => {
        const code = error === null ? 0 : typeof error.code === 'number' ? error.code : -1;
        try {
          const report = JSON.parse(out) as { verdict: string; problems: { code: string }[] };
          resolve({ code, verdict: report.verdict, codes: report.problems.map((p) => p.code) });
        } catch {
          reject(new Error(`no JSON report (exit ${code}): ${err}`));
        }
      },
    );
  });
}

async function copyOf(pkg: BuiltPackage): Promise<string> {
  caseNumber += 1;
  const parent = join(root, 'cases', String(caseNumber));
  await mkdir(parent, { recursive: true });
  return copyPackage(pkg.dir, parent, pkg.sessionId);
}

async function rewriteManifest(dir: string, change: (text: string) => string): Promise<void> {
  const path = join(dir, 'manifest.json');
  await writeFile(path, change(await readFile(path, 'utf8')));
}

beforeAll(async () => {
  root = await tempDir('tamper');
  keyFile = join(root, 'keys', 'signing.pem');
  const keys = await SigningKeyRing.load({ keyFile, generateIfMissing: true });
  const store = join(root, 'evidence');
  complete = await buildPackage(store, keys, { sessionId: 'tamper-complete' });
  incomplete = await buildPackage(store, keys, { sessionId: 'tamper-incomplete', finalize: false });
  await incomplete.service.finalizeSession(incomplete.sessionId, { complete: false, reason: 'server-restarted' });
  unsealed = await buildPackage(store, keys, { sessionId: 'tamper-open', finalize: false });
});

afterAll(async () => {
  await removeTree(root);
});

type Case = readonly [what: string, verdict: Verdict, make: () => Promise<string>, problem?: string];

const cases: readonly Case[] = [
  ['an untouched package', 'VERIFIED', () => copyOf(complete)],
  [
    'manifest members reordered (same content, re-serialized)',
    'TAMPERED',
    async () => {
      const dir = await copyOf(complete);
      await rewriteManifest(dir, (text) =>
        JSON.stringify(Object.fromEntries(Object.entries(JSON.parse(text) as object).reverse())),
      );
      return dir;
    },
    'MANIFEST_NOT_CANONICAL',
  ],
  [
    'duplicate members prepended to an incomplete manifest, claiming completeness',
    'TAMPERED',
    async () => {
      const dir = await copyOf(incomplete);
      await rewriteManifest(dir, (text) => `{"complete":true,"incompleteReason":null,${text.slice(1)}`);
      return dir;
    },
    'MANIFEST_NOT_CANONICAL',
  ],
  [
    'trailing whitespace after the manifest',
    'TAMPERED',
    async () => {
      const dir = await copyOf(complete);
      await appendFile(join(dir, 'manifest.json'), '\n');
      return dir;
    },
    'MANIFEST_NOT_CANONICAL',
  ],
  [
    'a second JSON value after the manifest',
    'TAMPERED',
    async () => {
      const dir = await copyOf(complete);
      await appendFile(join(dir, 'manifest.json'), '{"complete":true}');
      return dir;
    },
    'MALFORMED',
  ],
  [
    'one byte of the recording flipped',
    'TAMPERED',
    async () => {
      const dir = await copyOf(complete);
      const path = join(dir, 'recording.webm');
      const bytes = await readFile(path);
      bytes.writeUInt8(bytes.readUInt8(200) ^ 1, 200);
      await writeFile(path, bytes);
      return dir;
    },
    'MEDIA_HASH_MISMATCH',
  ],
  [
    'a listed file missing',
    'MISSING_CONTENT',
    async () => {
      const dir = await copyOf(complete);
      await rm(join(dir, 'recording.webm'));
      return dir;
    },
    'FILE_MISSING',
  ],
  [
    'an extra, unlisted .webm',
    'EXTRA_FILES',
    async () => {
      const dir = await copyOf(complete);
      await writeFile(join(dir, 'recording-extra.webm'), 'not signed');
      return dir;
    },
    'UNLISTED_FILE',
  ],
  [
    'an extra hidden file',
    'EXTRA_FILES',
    async () => {
      const dir = await copyOf(complete);
      await writeFile(join(dir, '.hidden'), 'not signed');
      return dir;
    },
    'UNLISTED_FILE',
  ],
  [
    'an extra subdirectory',
    'EXTRA_FILES',
    async () => {
      const dir = await copyOf(complete);
      await mkdir(join(dir, 'more'));
      return dir;
    },
    'UNLISTED_FILE',
  ],
  [
    'the event log cut at a line boundary',
    'MISSING_CONTENT',
    async () => {
      const dir = await copyOf(complete);
      const path = join(dir, 'events.jsonl');
      const text = await readFile(path, 'utf8');
      await writeFile(path, text.slice(0, text.lastIndexOf('\n', text.length - 2) + 1));
      return dir;
    },
    'LOG_TRUNCATED',
  ],
  [
    'the event log cut in the middle of a line',
    'MISSING_CONTENT',
    async () => {
      const dir = await copyOf(complete);
      const path = join(dir, 'events.jsonl');
      const text = await readFile(path, 'utf8');
      await truncate(path, Buffer.byteLength(text) - 20);
      return dir;
    },
    'LOG_TRUNCATED',
  ],
  ['a package sealed incomplete (server restarted)', 'INCOMPLETE', () => copyOf(incomplete), 'PACKAGE_INCOMPLETE'],
  ['a package never sealed', 'UNSEALED', () => copyOf(unsealed), 'PACKAGE_UNSEALED'],
  [
    'the signature removed',
    'UNSEALED',
    async () => {
      const dir = await copyOf(complete);
      await rm(join(dir, 'manifest.sig'));
      return dir;
    },
    'PACKAGE_UNSEALED',
  ],
];

describe('tamper matrix: aircounter verify on changed packages', () => {
  it.each(cases.map(([what, verdict, make, problemCode]) => ({ what, verdict, make, problemCode })))(
    '$what → $verdict',
    async ({ verdict, make, problemCode }) => {
      const result = await verify(await make());
      expect(result.verdict).toBe(verdict);
      expect(result.code).toBe(VERDICTS[verdict].exitCode);
      if (problemCode === undefined) expect(result.codes).toEqual([]);
      else expect(result.codes).toContain(problemCode);
    },
  );

  it('a key the verifier does not pin → UNTRUSTED_KEY, exit 7', async () => {
    const stranger = join(root, 'stranger.jwk');
    await writeFile(stranger, JSON.stringify((await SigningKeyRing.ephemeral()).publicJwk));
    const result = await verify(await copyOf(complete), stranger);
    expect(result.verdict).toBe('UNTRUSTED_KEY');
    expect(result.code).toBe(7);
    expect(result.codes).toEqual(['UNKNOWN_KEY']);
  });

  it('every verdict has its own exit code, and 2 stays "could not check"', () => {
    const codes = Object.values(VERDICTS).map((v) => v.exitCode);
    expect(new Set(codes).size).toBe(codes.length);
    expect(codes).not.toContain(2);
  });
});

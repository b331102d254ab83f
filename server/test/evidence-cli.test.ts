import { execFile } from 'node:child_process';
import { readFile, rm, stat, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { SigningKeyRing } from '../src/evidence/signing-keys.ts';
import { HttpRouter } from '../src/http/router.ts';
import { openTestEvidenceIndex } from '../../tests/support/evidence-index.ts';
import { registerEvidenceRoutes } from '../src/http/evidence/routes.ts';
import { silentLogger } from '../src/log.ts';
import { buildPackage, copyPackage, removeTree, tempDir, type BuiltPackage } from './evidence-fixtures.ts';

const CLI = join(import.meta.dirname, '..', 'src', 'cli', 'aircounter.ts');

let root: string;
let pkg: BuiltPackage;
let keyFile: string;
let publicJwkFile: string;

/** Runs the real command as an operator would: `node server/src/cli/aircounter.ts …` (no extra flags). */
function aircounter(
  args: string[],
  env: Record<string, string> = {},
): Promise<{ code: number; out: string; err: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [CLI, ...args],
      { env: { PATH: process.env['PATH'] ?? '', ...env } },
      (error, out, err) => {
        const code = error === null ? 0 : typeof error.code === 'number' ? error.code : -1;
        resolve({ code, out, err });
      },
    );
  });
}

beforeAll(async () => {
  root = await tempDir('cli');
  keyFile = join(root, 'keys', 'signing.pem');
  const keys = await SigningKeyRing.load({ keyFile, generateIfMissing: true });
  pkg = await buildPackage(join(root, 'evidence'), keys, { sessionId: 'sess-cli' });
  publicJwkFile = join(root, 'server-key.jwk');
  await writeFile(publicJwkFile, JSON.stringify(keys.publicJwk));
});

afterAll(async () => {
  await removeTree(root);
});

describe('aircounter verify', () => {
  it('exits 0 and says VERIFIED for an untouched package', async () => {
    const result = await aircounter(['verify', pkg.dir, '--public-key', publicJwkFile]);
    expect(result.err).toBe('');
    expect(result.code).toBe(0);
    expect(result.out).toContain('VERIFIED');
    expect(result.out).toContain('Signature  valid');
  });

  it('finds a package by session id in the evidence directory and accepts a PEM key', async () => {
    const viaEnv = await aircounter(['verify', 'sess-cli', '--public-key', keyFile], {
      AIR_EVIDENCE_DIR: join(root, 'evidence'),
    });
    expect(viaEnv.code).toBe(0);
    const viaFlag = await aircounter([
      'verify',
      'sess-cli',
      '--evidence-dir',
      join(root, 'evidence'),
      '--public-key',
      keyFile,
    ]);
    expect(viaFlag.code).toBe(0);
  });

  it('exits 1 (TAMPERED) with the problem code, and --json gives a machine-readable report', async () => {
    const dir = await copyPackage(pkg.dir, await tempDir('cli-case'), 'sess-cli');
    const media = join(dir, 'recording.webm');
    const bytes = await readFile(media);
    bytes.writeUInt8(bytes.readUInt8(10) ^ 0xff, 10);
    await writeFile(media, bytes);

    const human = await aircounter(['verify', dir, '--public-key', publicJwkFile]);
    expect(human.code).toBe(1);
    expect(human.out).toMatch(/^TAMPERED: /m);
    expect(human.out).not.toContain('VERIFIED');
    expect(human.out).toMatch(/ERROR MEDIA_HASH_MISMATCH \[recording\.webm\]/);

    const json = await aircounter(['verify', dir, '--public-key', publicJwkFile, '--json']);
    expect(json.code).toBe(1);
    const report = JSON.parse(json.out) as {
      ok: boolean;
      verdict: string;
      problems: { code: string; file: string }[];
    };
    expect(report.ok).toBe(false);
    expect(report.verdict).toBe('TAMPERED');
    expect(report.problems).toEqual([expect.objectContaining({ code: 'MEDIA_HASH_MISMATCH', file: 'recording.webm' })]);
    await removeTree(join(dir, '..'));
  });

  it('exits 7 (UNTRUSTED_KEY) when the pinned key is not the signer', async () => {
    const stranger = join(root, 'stranger.jwk');
    await writeFile(stranger, JSON.stringify((await SigningKeyRing.ephemeral()).publicJwk));
    const result = await aircounter(['verify', pkg.dir, '--public-key', stranger]);
    expect(result.code).toBe(7);
    expect(result.out).toMatch(/^UNTRUSTED_KEY: /m);
    expect(result.out).toContain('UNKNOWN_KEY');
  });

  it.each([
    ['no key', ['verify', '__DIR__']],
    ['no package', ['verify', '--public-key', '__KEY__']],
    ['a directory that does not exist', ['verify', '/nonexistent/sess-x', '--public-key', '__KEY__']],
    ['an unreadable key file', ['verify', '__DIR__', '--public-key', '/nonexistent.jwk']],
    ['an unknown option', ['verify', '__DIR__', '--public-key', '__KEY__', '--fast']],
    ['an unknown command', ['sign']],
    ['an unreachable keys URL', ['verify', '__DIR__', '--keys-url', 'http://127.0.0.1:9']],
  ])('exits 2 for %s', async (_what, args) => {
    const result = await aircounter(args.map((a) => a.replace('__DIR__', pkg.dir).replace('__KEY__', publicJwkFile)));
    expect(result.code).toBe(2);
    expect(result.err).toMatch(/^aircounter: /);
  });

  it("uses a server's published keys from --keys-url only with --trust-server-keys", async () => {
    const router = new HttpRouter(silentLogger);
    const indexed = await openTestEvidenceIndex();
    onTestFinished(() => indexed.close());
    registerEvidenceRoutes({
      http: router,
      evidence: pkg.service,
      index: indexed.index,
      verifyAuditorToken: () => Promise.reject(new Error('not used')),
    });
    const server: Server = createServer((req, res) => {
      if (!router.handle(req, res)) {
        res.writeHead(404);
        res.end();
      }
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      const untrusted = await aircounter(['verify', pkg.dir, '--keys-url', origin]);
      expect(untrusted.code).toBe(7);
      expect(untrusted.out).toContain('Signature  valid');
      expect(untrusted.out).toContain('does not pin');
      expect((await aircounter(['verify', pkg.dir, '--keys-url', origin, '--trust-server-keys'])).code).toBe(0);
      const full = `${origin}/.well-known/aircounter/signing-keys`;
      const trusted = await aircounter(['verify', pkg.dir, '--keys-url', full, '--trust-server-keys']);
      expect(trusted.code).toBe(0);
      expect(trusted.out).toContain('server-published');
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });
});

describe('aircounter verify-access-log and keygen', () => {
  it('verifies an access log and exits 1 when it was edited', async () => {
    await pkg.service.accessLog.record({
      actor: 'aud-1',
      role: 'auditor',
      scope: 'all',
      action: 'getManifest',
      sessionId: 'sess-cli',
      file: null,
      range: null,
      status: 200,
      result: 'ok',
      code: null,
      remoteAddress: '127.0.0.1',
    });
    const logFile = join(root, 'evidence', 'access-log', 'access.jsonl');
    const good = await aircounter(['verify-access-log', logFile]);
    expect(good.code).toBe(0);
    expect(good.out).toContain('VERIFIED');
    const edited = join(root, 'edited-access.jsonl');
    await writeFile(edited, (await readFile(logFile, 'utf8')).replace('"status":200', '"status":404'));
    const bad = await aircounter(['verify-access-log', edited, '--json']);
    expect(bad.code).toBe(1);
    expect((JSON.parse(bad.out) as { problems: { code: string }[] }).problems[0]?.code).toBe('LOG_LINE_EDITED');
  });

  it('creates a key (0600), never overwrites one, and the server can load it', async () => {
    const out = join(root, 'new-key.pem');
    const publicOut = join(root, 'new-key.jwk');
    const created = await aircounter(['keygen', '--out', out, '--public-out', publicOut]);
    expect(created.code).toBe(0);
    expect((await stat(out)).mode & 0o777).toBe(0o600);
    const ring = await SigningKeyRing.load({ keyFile: out, generateIfMissing: false });
    expect(created.out).toContain(`key id: ${ring.keyId}`);
    expect(JSON.parse(await readFile(publicOut, 'utf8'))).toMatchObject({ kid: ring.keyId, x: ring.publicJwk.x });
    const again = await aircounter(['keygen', '--out', out]);
    expect(again.code).toBe(2);
    await rm(publicOut);
  });
});

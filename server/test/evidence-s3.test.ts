import { createHash, randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { PutObjectCommand, type HeadObjectCommandOutput, type S3Client } from '@aws-sdk/client-s3';
import {
  createHttpEvidenceReader,
  MANIFEST_FILE,
  SIGNATURE_FILE,
  verifyEvidence,
  type ManifestFile,
} from '@aircounter/evidence';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, onTestFinished, vi } from 'vitest';
import { rejection } from '../../packages/protocol/src/test-fixtures/async.ts';
import { TokenService } from '../src/auth/tokens.ts';
import { loadConfig, ConfigError } from '../src/config.ts';
import { addArtifact } from '../src/evidence/artifacts.ts';
import { createEvidenceService } from '../src/evidence/create-evidence.ts';
import { EvidenceService } from '../src/evidence/evidence-service.ts';
import { LocalWormStore } from '../src/evidence/local-worm-store.ts';
import { checkEvidenceBucket, EvidenceBucketError } from '../src/evidence/s3-bucket-check.ts';
import { S3EvidenceStore } from '../src/evidence/s3-evidence-store.ts';
import { createS3PackageReader } from '../src/evidence/s3-package-reader.ts';
import { MIN_PART_BYTES, type S3StoreSettings } from '../src/evidence/s3-settings.ts';
import { SigningKeyRing } from '../src/evidence/signing-keys.ts';
import { openTestEvidenceIndex } from '../../tests/support/evidence-index.ts';
import { registerEvidenceRoutes } from '../src/http/evidence/routes.ts';
import { HttpRouter } from '../src/http/router.ts';
import { createLogger, silentLogger } from '../src/log.ts';
import { Secret } from '../src/secret.ts';
import { makeWebm, removeTree, tempDir } from './evidence-fixtures.ts';
import {
  S3RVER_CREDENTIALS,
  startTestBucket,
  type ReceivedRequest,
  type TestBucket,
} from './helpers/s3-test-bucket.ts';

// The evidence service on the S3 store against s3rver (an S3 API in this
// process). s3rver stores and serves objects but enforces neither Object Lock
// nor checksums, so these tests assert what every write request carried and
// check the stored bytes themselves; that a real S3 or MinIO then refuses to
// delete or overwrite a locked object is not proven here.

const DAY_MS = 24 * 3600 * 1000;
const sha256 = (bytes: Uint8Array): Buffer => createHash('sha256').update(bytes).digest();

let bucket: TestBucket;
let keys: SigningKeyRing;

beforeAll(async () => {
  bucket = await startTestBucket();
  keys = await SigningKeyRing.ephemeral();
});

afterAll(async () => {
  await bucket.close();
});

interface Opened {
  readonly staging: LocalWormStore;
  readonly store: S3EvidenceStore;
  readonly service: EvidenceService;
  readonly settings: S3StoreSettings;
}

/** An evidence service on the S3 store, as a server on `root` would build it (`client` may inject faults). */
function open(root: string, options: { client?: S3Client; settings?: Partial<S3StoreSettings> } = {}): Opened {
  const settings = bucket.settings(options.settings);
  const staging = new LocalWormStore(join(root, 'evidence'));
  const store = new S3EvidenceStore({ staging, client: options.client ?? bucket.client(), settings });
  const service = new EvidenceService({ store, keys, stagingDir: join(root, 'evidence', 'staging') });
  return { staging, store, service, settings };
}

/** A session's evidence: events, an artifact, a real (small) recording and, when asked, a long one. */
async function writeSession(
  service: EvidenceService,
  sessionId: string,
  options: { longRecordingBytes?: number } = {},
): Promise<void> {
  await service.openSession(sessionId, { agentId: 'agent-s3', reference: 'loan-s3' });
  await service.append(sessionId, {
    type: 'peer.joined',
    data: { peerId: 'c1', role: 'customer', displayName: 'Ana' },
  });
  await addArtifact(service, sessionId, {
    kind: 'still',
    mediaType: 'image/jpeg',
    bytes: new Uint8Array([0xff, 0xd8, 0xff, 0xe0, ...randomBytes(64), 0xff, 0xd9]),
  });
  const recording = await service.stagingPath(sessionId, 'recording.webm');
  await makeWebm(recording);
  await service.addFile(sessionId, 'recording.webm', { path: recording, move: true });
  if (options.longRecordingBytes !== undefined) {
    const long = await service.stagingPath(sessionId, 'recording-long.webm');
    await writeFile(long, randomBytes(options.longRecordingBytes));
    await service.addFile(sessionId, 'recording-long.webm', { path: long, move: true });
  }
  await service.append(sessionId, { type: 'peer.left', data: { peerId: 'c1', reason: 'left' } });
}

/** Write requests the bucket received for keys under `prefix`. */
function writesUnder(prefix: string): ReceivedRequest[] {
  return bucket.requests.filter(
    (request) =>
      request.path.startsWith(`/${bucket.bucket}/${prefix}`) &&
      (request.method === 'PUT' || (request.method === 'POST' && request.query.has('uploads'))),
  );
}

const keyOf = (request: ReceivedRequest): string => request.path.slice(`/${bucket.bucket}/`.length);

/** The object's bytes as s3rver stored them. */
const storedBytes = async (key: string): Promise<Uint8Array> => new Uint8Array(await readFile(bucket.objectFile(key)));

describe('a package sealed into the bucket', () => {
  const sessionId = 's3-round-trip';
  let root: string;
  let opened: Opened;
  let manifestFiles: readonly ManifestFile[];
  let sealedAt: number;
  const longBytes = 2 * MIN_PART_BYTES + 12_345;

  beforeAll(async () => {
    root = await tempDir('s3');
    // Parts of S3's smallest size: the long recording goes up as a three-part upload.
    opened = open(root, { settings: { partBytes: MIN_PART_BYTES } });
    await writeSession(opened.service, sessionId, { longRecordingBytes: longBytes });
    sealedAt = Date.now();
    manifestFiles = (await opened.service.finalizeSession(sessionId, { complete: true })).manifest.files;
  });

  afterAll(async () => {
    await removeTree(root);
  });

  it('is in the bucket with its seal record, and the staged copy is gone', async () => {
    const { store, staging } = opened;
    expect(await store.isSealed(sessionId)).toBe(true);
    expect(existsSync(staging.sessionDir(sessionId))).toBe(false);
    const listed = await store.list(sessionId);
    expect(listed.map((object) => object.name)).toEqual(
      [...manifestFiles.map((file) => file.name), 'events.jsonl', MANIFEST_FILE, SIGNATURE_FILE].sort(),
    );
    expect(manifestFiles.find((file) => file.name === 'recording-long.webm')?.size).toBe(longBytes);
    expect(await store.listSessions()).toContain(sessionId);
    const record = JSON.parse(await readFile(bucket.objectFile(`aircounter/seals/${sessionId}.json`), 'utf8')) as {
      files: { name: string; sha256: string }[];
    };
    expect(record.files.map((file) => file.name)).toEqual(listed.map((object) => object.name));
  });

  it('reads files whole and by byte range from the bucket', async () => {
    const { store, service } = opened;
    for (const file of manifestFiles) {
      const whole = await store.readAll(sessionId, file.name);
      expect(whole && createHash('sha256').update(whole).digest('hex')).toBe(file.sha256);
    }
    const key = `aircounter/sessions/${sessionId}/recording-long.webm`;
    const expected = await storedBytes(key);
    const start = MIN_PART_BYTES - 10;
    const stream = await store.read(sessionId, 'recording-long.webm', { start, end: start + 99 });
    const chunks: Uint8Array[] = [];
    for await (const chunk of stream as AsyncIterable<Uint8Array>) chunks.push(chunk);
    expect(Buffer.concat(chunks)).toEqual(Buffer.from(expected.subarray(start, start + 100)));
    expect(await store.read(sessionId, 'absent.webm')).toBeUndefined();
    expect(
      bucket.requests.some(
        (r) => r.method === 'GET' && keyOf(r) === key && r.headers.range === `bytes=${start}-${start + 99}`,
      ),
    ).toBe(true);
    // The service's own view comes from the bucket too.
    expect((await service.readFinalized(sessionId))?.manifest.files).toEqual(manifestFiles);
    expect((await service.readEvents(sessionId))?.at(-1)?.type).toBe('evidence.finalized');
    expect(await service.summarize(sessionId)).toEqual(
      expect.objectContaining({ sessionId, status: 'complete', reference: 'loan-s3' }),
    );
  });

  it('passes the verifier reading the bucket directly', async () => {
    const reader = createS3PackageReader(
      { client: bucket.client(), bucket: bucket.bucket, prefix: 'aircounter/' },
      sessionId,
    );
    const report = await verifyEvidence(reader, { publicKeys: keys.jwks().keys });
    expect(report.problems).toEqual([]);
    expect(report.events.at(-1)?.type).toBe('evidence.finalized');
  });

  it('sent every write with a COMPLIANCE lock until now + retention and the SHA-256 of its bytes', async () => {
    const writes = writesUnder('aircounter/');
    const ofSession = writes.filter((request) => keyOf(request).includes(sessionId));
    const keysWritten = new Set(ofSession.map(keyOf));
    const objects = (await opened.store.list(sessionId)).map(
      (object) => `aircounter/sessions/${sessionId}/${object.name}`,
    );
    expect([...keysWritten].sort()).toEqual([...objects, `aircounter/seals/${sessionId}.json`].sort());
    const retainedUntil = sealedAt + 3650 * DAY_MS;
    for (const request of ofSession) {
      const key = keyOf(request);
      const part = request.query.get('partNumber');
      if (part !== null) {
        // A part carries its own SHA-256; the lock was set when the upload was created.
        const bytes = await storedBytes(key);
        const index = Number(part) - 1;
        const slice = bytes.subarray(index * MIN_PART_BYTES, (index + 1) * MIN_PART_BYTES);
        expect(request.headers['x-amz-checksum-sha256'], `${key} part ${part}`).toBe(sha256(slice).toString('base64'));
        continue;
      }
      expect(request.headers['x-amz-object-lock-mode'], key).toBe('COMPLIANCE');
      const until = Date.parse(String(request.headers['x-amz-object-lock-retain-until-date']));
      expect(Math.abs(until - retainedUntil), key).toBeLessThan(5 * 60_000);
      if (request.method === 'POST') {
        expect(request.headers['x-amz-checksum-algorithm'], key).toBe('SHA256');
        expect(request.headers['x-amz-meta-air-part-bytes'], key).toBe(String(MIN_PART_BYTES));
      } else {
        expect(request.headers['x-amz-checksum-sha256'], key).toBe(sha256(await storedBytes(key)).toString('base64'));
        expect(request.headers['if-none-match'], key).toBe('*');
      }
    }
    // The long recording went up in three parts; everything else in one request.
    const parts = ofSession.filter((request) => request.query.has('partNumber'));
    expect(parts.map((request) => keyOf(request))).toEqual(
      Array(3).fill(`aircounter/sessions/${sessionId}/recording-long.webm`),
    );
    expect(bucket.requests.filter((request) => request.method === 'DELETE')).toEqual([]);
  });

  it('refuses further writes, even from a server that has no staged copy', async () => {
    const fresh = open(root);
    const appended = rejection(fresh.service.append(sessionId, { type: 'session.ended', data: { reason: 'ended' } }));
    expect((await appended).code).toBe('STORAGE_WRITE_ONCE');
    expect((await rejection(fresh.service.addFile(sessionId, 'late.jpg', { bytes: new Uint8Array([1]) }))).code).toBe(
      'STORAGE_WRITE_ONCE',
    );
    expect(existsSync(fresh.staging.sessionDir(sessionId))).toBe(false);
  });

  it('is served by the auditor API, byte ranges included, from the bucket', async () => {
    const tokens = new TokenService({
      secret: new Secret(randomBytes(32).toString('base64url')),
      issuer: 'aircounter',
    });
    const router = new HttpRouter(silentLogger);
    const indexed = await openTestEvidenceIndex(opened.service);
    onTestFinished(() => indexed.close());
    registerEvidenceRoutes({
      http: router,
      evidence: opened.service,
      index: indexed.index,
      verifyAuditorToken: (t) => tokens.verifyAuditorToken(t),
    });
    const server: Server = createServer((req, res) => {
      if (!router.handle(req, res)) res.writeHead(404).end();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      const { token } = await tokens.issueAuditorToken({
        auditorId: 'aud-s3',
        displayName: 'Auditor',
        ttlSeconds: 600,
      });
      const before = bucket.requests.length;
      const response = await fetch(`${baseUrl}/api/v1/evidence/sessions/${sessionId}/files/recording.webm`, {
        headers: { authorization: `Bearer ${token}`, range: 'bytes=10-29' },
      });
      expect(response.status).toBe(206);
      const key = `aircounter/sessions/${sessionId}/recording.webm`;
      const stored = await storedBytes(key);
      expect(response.headers.get('content-range')).toBe(`bytes 10-29/${stored.byteLength}`);
      expect(new Uint8Array(await response.arrayBuffer())).toEqual(stored.subarray(10, 30));
      expect(
        bucket.requests
          .slice(before)
          .some((r) => r.method === 'GET' && keyOf(r) === key && r.headers.range === 'bytes=10-29'),
      ).toBe(true);
      const report = await verifyEvidence(createHttpEvidenceReader({ baseUrl, sessionId, token }), {
        publicKeys: keys.jwks().keys,
      });
      expect(report.problems).toEqual([]);
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });
});

describe('an upload interrupted between objects', () => {
  let root: string;

  beforeEach(async () => {
    root = await tempDir('s3-crash');
  });
  afterEach(async () => {
    await removeTree(root);
  });

  /** A client whose `failAt`-th PutObject fails before it is sent (the process "dies" there). */
  function failingClient(failAt: number): S3Client {
    const client = bucket.client();
    let puts = 0;
    client.middlewareStack.add(
      (next, context) => async (args) => {
        if (context.commandName === 'PutObjectCommand' && ++puts === failAt)
          throw new Error('injected: connection lost');
        return next(args);
      },
      { step: 'initialize', name: 'failOnePut' },
    );
    return client;
  }

  async function interrupt(sessionId: string): Promise<{ first: Opened; manifest: Uint8Array }> {
    const first = open(root, { client: failingClient(3) });
    await writeSession(first.service, sessionId);
    await expect(first.service.finalizeSession(sessionId, { complete: true })).rejects.toThrow('injected');
    // Sealed locally, partly uploaded, no seal record: not sealed, and the staged copy stays.
    expect(await first.store.isSealed(sessionId)).toBe(false);
    expect(await first.staging.isSealed(sessionId)).toBe(true);
    expect(writesUnder(`aircounter/sessions/${sessionId}/`)).toHaveLength(2);
    const manifest = await first.staging.readAll(sessionId, MANIFEST_FILE);
    if (manifest === undefined) throw new Error('no staged manifest');
    return { first, manifest };
  }

  async function expectSameFinishedPackage(sessionId: string, manifest: Uint8Array): Promise<void> {
    const reader = createS3PackageReader(
      { client: bucket.client(), bucket: bucket.bucket, prefix: 'aircounter/' },
      sessionId,
    );
    expect(await reader.read(MANIFEST_FILE)).toEqual(manifest);
    const report = await verifyEvidence(reader, { publicKeys: keys.jwks().keys });
    expect(report.problems).toEqual([]);
    // Objects stored before the failure were confirmed, not sent again: one write per key.
    const perKey = new Map<string, number>();
    for (const request of writesUnder(`aircounter/sessions/${sessionId}/`)) {
      perKey.set(keyOf(request), (perKey.get(keyOf(request)) ?? 0) + 1);
    }
    expect([...perKey.values()].every((count) => count === 1)).toBe(true);
  }

  it('is finished at the next start, with the same manifest', async () => {
    const sessionId = 's3-crash-restart';
    const { manifest } = await interrupt(sessionId);
    const restarted = open(root);
    expect(await restarted.store.resumeUploads()).toEqual([sessionId]);
    expect(await restarted.store.isSealed(sessionId)).toBe(true);
    expect(existsSync(restarted.staging.sessionDir(sessionId))).toBe(false);
    await expectSameFinishedPackage(sessionId, manifest);
  });

  it('is finished when the evidence service is created at start-up', async () => {
    const sessionId = 's3-crash-startup';
    const { manifest } = await interrupt(sessionId);
    vi.stubEnv('AWS_ACCESS_KEY_ID', S3RVER_CREDENTIALS.accessKeyId);
    vi.stubEnv('AWS_SECRET_ACCESS_KEY', S3RVER_CREDENTIALS.secretAccessKey);
    try {
      const service = await createEvidenceService(
        {
          dir: join(root, 'evidence'),
          signingKeyFile: join(root, 'key.pem'),
          retiredKeyFiles: [],
          generateSigningKey: true,
          accessLogMaxFileBytes: 1024 * 1024,
          s3: bucket.settings(),
        },
        silentLogger,
      );
      expect(await service.isFinalized(sessionId)).toBe(true);
      expect(existsSync(join(root, 'evidence', 'sessions', sessionId))).toBe(false);
    } finally {
      vi.unstubAllEnvs();
    }
    await expectSameFinishedPackage(sessionId, manifest);
  });

  it('is finished by sealing again (what start-up does for a package left open), never as a second package', async () => {
    const sessionId = 's3-crash-reseal';
    const { manifest } = await interrupt(sessionId);
    const restarted = open(root);
    // The start-up path seals leftovers as incomplete; the existing signed manifest wins.
    const sealed = await restarted.service.finalizeSession(sessionId, { complete: false, reason: 'server-restarted' });
    expect(sealed.manifest.complete).toBe(true);
    expect(await restarted.store.isSealed(sessionId)).toBe(true);
    await expectSameFinishedPackage(sessionId, manifest);
  });

  it('never replaces an object the bucket holds with other bytes', async () => {
    const sessionId = 's3-foreign-object';
    const first = open(root);
    await writeSession(first.service, sessionId);
    await bucket.client().send(
      new PutObjectCommand({
        Bucket: bucket.bucket,
        Key: `aircounter/sessions/${sessionId}/recording.webm`,
        Body: new Uint8Array([1, 2, 3]),
      }),
    );
    const error = await rejection(first.service.finalizeSession(sessionId, { complete: true }));
    expect(error.code).toBe('STORAGE_WRITE_ONCE');
    expect(await first.store.isSealed(sessionId)).toBe(false);
    expect(existsSync(first.staging.sessionDir(sessionId))).toBe(true);
    expect(await storedBytes(`aircounter/sessions/${sessionId}/recording.webm`)).toEqual(new Uint8Array([1, 2, 3]));
  });
});

describe('a service that reports SHA-256 checksums (as S3 does)', () => {
  /**
   * s3rver reports no checksums; this client adds to each HeadObject answer the one S3 documents:
   * the SHA-256 of a single-part object, and for a multipart one the SHA-256 of its parts'
   * SHA-256s followed by `-<parts>`. `wrong` names keys reported with a wrong checksum.
   */
  function reportingClient(partBytes: number, wrong: (key: string) => boolean): S3Client {
    const client = bucket.client();
    client.middlewareStack.add(
      (next, context) => async (args) => {
        const result = await next(args);
        const key = (args.input as { Key?: string }).Key;
        if (context.commandName !== 'HeadObjectCommand' || key === undefined) return result;
        const bytes = await storedBytes(key);
        const parts: Buffer[] = [];
        for (let offset = 0; offset < bytes.byteLength; offset += partBytes) {
          parts.push(sha256(bytes.subarray(offset, offset + partBytes)));
        }
        const checksum =
          bytes.byteLength > partBytes
            ? `${sha256(Buffer.concat(parts)).toString('base64')}-${parts.length}`
            : sha256(bytes).toString('base64');
        (result.output as HeadObjectCommandOutput).ChecksumSHA256 = wrong(key)
          ? sha256(new Uint8Array([0])).toString('base64')
          : checksum;
        return result;
      },
      { step: 'initialize', name: 'reportChecksums' },
    );
    return client;
  }

  it('confirms each object by its reported checksum, reading back only one whose checksum disagrees', async () => {
    const root = await tempDir('s3-checksums');
    try {
      const sessionId = 's3-reported-checksums';
      const client = reportingClient(MIN_PART_BYTES, (key) => key.endsWith('/events.jsonl'));
      const { service, store } = open(root, { client, settings: { partBytes: MIN_PART_BYTES } });
      await writeSession(service, sessionId, { longRecordingBytes: MIN_PART_BYTES + 1 });
      const before = bucket.requests.length;
      await service.finalizeSession(sessionId, { complete: true });
      expect(await store.isSealed(sessionId)).toBe(true);
      const readBack = bucket.requests
        .slice(before)
        .filter(
          (request) => request.method === 'GET' && keyOf(request).startsWith(`aircounter/sessions/${sessionId}/`),
        );
      // Only the object whose reported checksum disagreed was read back (and its bytes were right).
      expect(readBack.map(keyOf)).toEqual([`aircounter/sessions/${sessionId}/events.jsonl`]);
    } finally {
      await removeTree(root);
    }
  });
});

describe('a package tampered with in the bucket', () => {
  it('is reported by the verifier', async () => {
    const root = await tempDir('s3-tamper');
    try {
      const sessionId = 's3-tampered';
      const { service } = open(root);
      await writeSession(service, sessionId);
      await service.finalizeSession(sessionId, { complete: true });
      // Behind the API's back (what a lock-less bucket would allow): one byte of the recording changes.
      const file = bucket.objectFile(`aircounter/sessions/${sessionId}/recording.webm`);
      const bytes = await readFile(file);
      bytes[bytes.length >> 1] = (bytes[bytes.length >> 1] ?? 0) ^ 0xff;
      await writeFile(file, bytes);
      const reader = createS3PackageReader(
        { client: bucket.client(), bucket: bucket.bucket, prefix: 'aircounter/' },
        sessionId,
      );
      const report = await verifyEvidence(reader, { publicKeys: keys.jwks().keys });
      expect(report.problems).toContainEqual(
        expect.objectContaining({ code: 'MEDIA_HASH_MISMATCH', file: 'recording.webm' }),
      );
    } finally {
      await removeTree(root);
    }
  });
});

describe('start-up on S3', () => {
  const lines: string[] = [];
  const log = createLogger({ level: 'info', write: (line) => lines.push(line) });

  beforeEach(() => {
    lines.length = 0;
  });

  it('refuses a bucket without Object Lock unless explicitly allowed, and says so either way', async () => {
    const settings = bucket.settings({ allowNoObjectLock: false });
    const refused = await checkEvidenceBucket(bucket.client(), settings, log).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(EvidenceBucketError);
    expect(String(refused)).toMatch(/no Object Lock configuration.*AIR_S3_ALLOW_NO_OBJECT_LOCK=true/s);
    const allowed = await checkEvidenceBucket(bucket.client(), { ...settings, allowNoObjectLock: true }, log);
    expect(allowed.enabled).toBe(false);
    expect(lines.join('\n')).toMatch(/NO Object Lock configuration; retention is NOT enforced/);
  });

  it('refuses a bucket it cannot reach', async () => {
    const settings = bucket.settings({ bucket: 'no-such-evidence-bucket' });
    const refused = await checkEvidenceBucket(bucket.client(), settings, log).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(EvidenceBucketError);
    expect(String(refused)).toMatch(/not reachable/);
  });

  it('wires the S3 store from configuration, credentials from the SDK default chain (never logged)', async () => {
    const root = await tempDir('s3-wiring');
    vi.stubEnv('AWS_ACCESS_KEY_ID', S3RVER_CREDENTIALS.accessKeyId);
    vi.stubEnv('AWS_SECRET_ACCESS_KEY', S3RVER_CREDENTIALS.secretAccessKey);
    try {
      const config = loadConfig({
        AIR_TOKEN_SECRET: randomBytes(32).toString('base64url'),
        AIR_API_KEY: randomBytes(24).toString('base64url'),
        AIR_DATA_DIR: root,
        AIR_EVIDENCE_STORE: 's3',
        AIR_S3_BUCKET: bucket.bucket,
        AIR_S3_PREFIX: 'wired',
        AIR_S3_REGION: 'us-east-1',
        AIR_S3_ENDPOINT: bucket.endpoint,
        AIR_S3_FORCE_PATH_STYLE: 'true',
        AIR_S3_RETENTION_DAYS: '1827',
        AIR_S3_ALLOW_NO_OBJECT_LOCK: 'true',
      });
      expect(config.evidence.s3).toMatchObject({ prefix: 'wired/', retentionDays: 1827, partBytes: 16 * 1024 * 1024 });
      const service = await createEvidenceService(config.evidence, log);
      const started = Date.now();
      await service.openSession('s3-wired');
      await service.finalizeSession('s3-wired', { complete: true });
      expect(await service.isFinalized('s3-wired')).toBe(true);
      const write = writesUnder('wired/sessions/s3-wired/')[0];
      const until = Date.parse(String(write?.headers['x-amz-object-lock-retain-until-date']));
      expect(Math.abs(until - (started + 1827 * DAY_MS))).toBeLessThan(5 * 60_000);
      expect(lines.join('\n')).not.toContain(S3RVER_CREDENTIALS.secretAccessKey);
      expect(lines.join('\n')).toMatch(/evidence packages are stored on S3 once sealed/);
    } finally {
      vi.unstubAllEnvs();
      await removeTree(root);
    }
  });

  it('needs a bucket when the store is s3', () => {
    const env = {
      AIR_TOKEN_SECRET: randomBytes(32).toString('base64url'),
      AIR_API_KEY: randomBytes(24).toString('base64url'),
    };
    expect(loadConfig(env).evidence.s3).toBeUndefined();
    expect(() => loadConfig({ ...env, AIR_EVIDENCE_STORE: 's3' })).toThrow(ConfigError);
    expect(() => loadConfig({ ...env, AIR_EVIDENCE_STORE: 's3', AIR_S3_BUCKET: 'Bad_Bucket' })).toThrow(
      /AIR_S3_BUCKET/,
    );
    expect(() =>
      loadConfig({
        ...env,
        AIR_EVIDENCE_STORE: 's3',
        AIR_S3_BUCKET: 'ok-bucket',
        AIR_S3_ENDPOINT: 'https://u:p@minio.example',
      }),
    ).toThrow(/AIR_S3_ENDPOINT/);
  });
});

import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { createHttpEvidenceReader, fetchSigningKeys, verifyEvidence } from '@aircounter/evidence';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { S3RVER_CREDENTIALS, startTestBucket, type TestBucket } from './helpers/s3-test-bucket.ts';
import { startTestServer, type TestServer } from './helpers/test-server.ts';

// The composed server (createAirServer, real mediasoup worker) with
// AIR_EVIDENCE_STORE=s3 against s3rver: a session that ends is sealed into the
// bucket by the server's own seal-on-end path, and the auditor API serves it
// from there. Object Lock enforcement is not proven here (see evidence-s3.test.ts).
describe('the composed server with evidence on S3', () => {
  let bucket: TestBucket;
  let server: TestServer;

  beforeAll(async () => {
    bucket = await startTestBucket();
    // The SDK's default provider chain reads these; the server has no credential settings of its own.
    vi.stubEnv('AWS_ACCESS_KEY_ID', S3RVER_CREDENTIALS.accessKeyId);
    vi.stubEnv('AWS_SECRET_ACCESS_KEY', S3RVER_CREDENTIALS.secretAccessKey);
    server = await startTestServer({ evidence: { s3: bucket.settings({ prefix: 'app/' }) } });
  });

  afterAll(async () => {
    await server.close();
    vi.unstubAllEnvs();
    await bucket.close();
  });

  it('seals an ended session into the bucket and serves it, ranges included, from there', async () => {
    const sessionId = await server.createSession({ agentId: 'agent-s3', reference: 'loan-s3' });
    expect((await server.api('POST', `/api/v1/sessions/${sessionId}/end`)).status).toBe(204);
    const { evidence } = server.app.services;
    await expect.poll(() => evidence.store.isSealed(sessionId), { timeout: 15_000 }).toBe(true);
    // Sealed once the seal record is in the bucket; the staged copy goes right after: reads come from the bucket.
    await expect
      .poll(() => existsSync(join(server.config.evidence.dir, 'sessions', sessionId)), { timeout: 5000 })
      .toBe(false);
    const events = await evidence.store.stat(sessionId, 'events.jsonl');
    expect(events?.size).toBeGreaterThan(100);

    const issued = await server.api('POST', '/api/v1/auditor-tokens', { auditorId: 'aud-s3', displayName: 'Auditor' });
    const { token } = (await issued.json()) as { token: string };
    const before = bucket.requests.length;
    const ranged = await fetch(`${server.baseUrl}/api/v1/evidence/sessions/${sessionId}/files/events.jsonl`, {
      headers: { authorization: `Bearer ${token}`, range: 'bytes=0-9' },
    });
    expect(ranged.status).toBe(206);
    const whole = await evidence.store.readAll(sessionId, 'events.jsonl');
    expect(new Uint8Array(await ranged.arrayBuffer())).toEqual(whole?.subarray(0, 10));
    const key = `app/sessions/${sessionId}/events.jsonl`;
    expect(
      bucket.requests
        .slice(before)
        .some((r) => r.method === 'GET' && r.path === `/${bucket.bucket}/${key}` && r.headers.range === 'bytes=0-9'),
    ).toBe(true);

    const report = await verifyEvidence(createHttpEvidenceReader({ baseUrl: server.baseUrl, sessionId, token }), {
      publicKeys: await fetchSigningKeys(server.baseUrl),
    });
    expect(report.problems).toEqual([]);
    expect(report.events.at(-1)?.type).toBe('evidence.finalized');
    const locked = bucket.requests.filter((r) => r.method === 'PUT' && r.path.startsWith(`/${bucket.bucket}/app/`));
    expect(locked.length).toBeGreaterThanOrEqual(4);
    expect(locked.every((r) => r.headers['x-amz-object-lock-mode'] === 'COMPLIANCE')).toBe(true);
  });
});

import { randomBytes } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { S3Client } from '@aws-sdk/client-s3';
import S3rver from 's3rver';
import type { S3StoreSettings } from '../../src/evidence/s3-settings.ts';

/** s3rver's fixed credentials: it checks request signatures against them. */
export const S3RVER_CREDENTIALS = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' } as const;

/** One request as the S3 server received it (headers as sent on the wire). */
export interface ReceivedRequest {
  readonly method: string;
  /** Path without the query, percent-decoded: `/<bucket>/<key>`. */
  readonly path: string;
  readonly query: URLSearchParams;
  readonly headers: IncomingHttpHeaders;
  readonly at: number;
}

export interface TestBucket {
  readonly endpoint: string;
  readonly bucket: string;
  /** Every request received, oldest first. */
  readonly requests: ReceivedRequest[];
  /** Settings of an S3 evidence store on this bucket (no Object Lock here, so that is allowed). */
  settings(overrides?: Partial<S3StoreSettings>): S3StoreSettings;
  client(): S3Client;
  /** Where s3rver keeps the bytes of an object (tests overwrite it to tamper). */
  objectFile(key: string): string;
  close(): Promise<void>;
}

/**
 * s3rver in this process on 127.0.0.1 and a free port, with one bucket in a
 * fresh directory. It answers the S3 API for puts, multipart uploads, lists
 * and ranged gets; it does not enforce Object Lock, nor check or report
 * checksums: the tests assert what was sent instead.
 */
export async function startTestBucket(): Promise<TestBucket> {
  const directory = await mkdtemp(join(tmpdir(), 'aircounter-s3rver-'));
  const bucket = `evidence-${randomBytes(4).toString('hex')}`;
  const server = new S3rver({
    address: '127.0.0.1',
    port: 0,
    silent: true,
    directory,
    configureBuckets: [{ name: bucket }],
  });
  const { port } = await server.run();
  const endpoint = `http://127.0.0.1:${port}`;
  const requests: ReceivedRequest[] = [];
  server.httpServer.on('request', (req) => {
    const url = new URL(req.url ?? '/', endpoint);
    requests.push({
      method: req.method ?? '',
      path: decodeURIComponent(url.pathname),
      query: url.searchParams,
      headers: req.headers,
      at: Date.now(),
    });
  });
  return {
    endpoint,
    bucket,
    requests,
    settings: (overrides = {}) => ({
      bucket,
      prefix: 'aircounter/',
      region: 'us-east-1',
      endpoint,
      forcePathStyle: true,
      retentionDays: 3650,
      allowNoObjectLock: true,
      partBytes: 16 * 1024 * 1024,
      ...overrides,
    }),
    client: () =>
      new S3Client({
        region: 'us-east-1',
        endpoint,
        forcePathStyle: true,
        credentials: S3RVER_CREDENTIALS,
        requestChecksumCalculation: 'WHEN_REQUIRED',
        responseChecksumValidation: 'WHEN_REQUIRED',
      }),
    objectFile: (key) => join(directory, bucket, `${key}._S3rver_object`),
    close: async () => {
      await server.close();
      await rm(directory, { recursive: true, force: true });
    },
  };
}

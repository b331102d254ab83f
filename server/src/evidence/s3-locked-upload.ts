import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CreateMultipartUploadCommand,
  GetObjectCommand,
  HeadObjectCommand,
  PutObjectCommand,
  UploadPartCommand,
  type CompletedPart,
  type HeadObjectCommandOutput,
  type S3Client,
} from '@aws-sdk/client-s3';
import { AirError } from '@aircounter/protocol';
import type { Logger } from '../log.ts';
import { describeS3Error, isNotFound, isPreconditionFailed } from './s3-client.ts';
import { fileChecksums, readParts, type FileChecksums } from './s3-checksum.ts';

/** One key of the bucket. */
export interface ObjectLocation {
  readonly client: S3Client;
  readonly bucket: string;
  readonly key: string;
}

/** A sealed local file, or a few bytes the store writes itself. */
export type UploadBody = { readonly path: string } | { readonly bytes: Uint8Array };

export interface LockedUploadOptions {
  /** Files larger than this go as a multipart upload in parts of this size. */
  readonly partBytes: number;
  /** COMPLIANCE retention: nobody, the root account included, deletes or overwrites the object before it. */
  readonly retainUntil: Date;
  readonly log?: Logger;
}

export interface LockedUploadResult {
  readonly checksums: FileChecksums;
  /** False when the bucket already held these bytes (an upload an earlier run finished). */
  readonly uploaded: boolean;
  /** How the stored bytes were confirmed: the service's own SHA-256, or reading the object back. */
  readonly confirmedBy: 'checksum' | 'read-back';
}

// Object metadata beside the bytes: the part size lets a later run recompute a multipart object's
// checksum of checksums even after AIR_S3_PART_BYTES changed.
const PART_BYTES_METADATA = 'air-part-bytes';
const SHA256_METADATA = 'air-sha256';

/**
 * Stores `body` at the location, locked in COMPLIANCE mode, with its SHA-256
 * on every request (S3 refuses a body that does not match), then confirms
 * the stored object. Idempotent: a key that already holds the same bytes (an
 * earlier run crashed after storing it) is confirmed, not written again; a
 * key holding other bytes is never replaced (`STORAGE_WRITE_ONCE`).
 */
export async function uploadLocked(
  at: ObjectLocation,
  body: UploadBody,
  options: LockedUploadOptions,
): Promise<LockedUploadResult> {
  const checksums = 'path' in body ? await fileChecksums(body.path, options.partBytes) : bytesChecksums(body.bytes);
  const existing = await headObject(at);
  if (existing === undefined) {
    try {
      if ('path' in body && checksums.multipart) await putMultipart(at, body.path, checksums, options);
      else await putSingle(at, 'bytes' in body ? body.bytes : await readFile(body.path), checksums, options);
    } catch (error) {
      // `If-None-Match: *` lost to a write of the same key: whose bytes those are is decided just below.
      if (!isPreconditionFailed(error)) throw error;
    }
  }
  const confirmedBy = await confirmStored(at, body, checksums);
  return { checksums, uploaded: existing === undefined, confirmedBy };
}

/**
 * Checks that the key holds exactly these bytes: size, then the SHA-256 the
 * service reports (HeadObject with checksum mode); a service that reports
 * none, or one that disagrees with our computation of a multipart checksum,
 * has the object read back and hashed (bytes decide, never metadata).
 */
export async function confirmStored(
  at: ObjectLocation,
  body: UploadBody,
  expected: FileChecksums,
): Promise<'checksum' | 'read-back'> {
  const head = await headObject(at);
  if (head === undefined) throw new AirError('INTERNAL', `${at.key} is missing from the bucket after its upload`);
  if (head.ContentLength !== expected.size) throw differs(at);
  if (head.ChecksumSHA256 !== undefined) {
    const reported = head.ChecksumSHA256;
    if (reported === (await expectedObjectChecksum(head, body, expected))) return 'checksum';
  }
  const stored = await hashStoredObject(at);
  if (stored.size !== expected.size || stored.sha256 !== expected.sha256) throw differs(at);
  return 'read-back';
}

/** HeadObject with checksum mode; undefined when the key does not exist. */
export async function headObject(at: ObjectLocation): Promise<HeadObjectCommandOutput | undefined> {
  try {
    return await at.client.send(new HeadObjectCommand({ Bucket: at.bucket, Key: at.key, ChecksumMode: 'ENABLED' }));
  } catch (error) {
    if (isNotFound(error)) return undefined;
    throw error;
  }
}

async function expectedObjectChecksum(
  head: HeadObjectCommandOutput,
  body: UploadBody,
  expected: FileChecksums,
): Promise<string> {
  const storedPartBytes = Number(head.Metadata?.[PART_BYTES_METADATA]);
  const isMultipartChecksum = head.ChecksumSHA256?.includes('-') === true;
  if (!isMultipartChecksum || !('path' in body) || !Number.isSafeInteger(storedPartBytes) || storedPartBytes <= 0) {
    return expected.objectChecksum;
  }
  return storedPartBytes === expected.partSize
    ? expected.objectChecksum
    : (await fileChecksums(body.path, storedPartBytes)).objectChecksum;
}

async function putSingle(
  at: ObjectLocation,
  bytes: Uint8Array,
  checksums: FileChecksums,
  options: LockedUploadOptions,
): Promise<void> {
  await at.client.send(
    new PutObjectCommand({
      Bucket: at.bucket,
      Key: at.key,
      Body: bytes,
      ContentLength: bytes.byteLength,
      ChecksumAlgorithm: 'SHA256',
      ChecksumSHA256: checksums.partSha256[0],
      ObjectLockMode: 'COMPLIANCE',
      ObjectLockRetainUntilDate: options.retainUntil,
      // Never replace: where the service honours it, a second writer of the key gets 412.
      IfNoneMatch: '*',
      Metadata: { [SHA256_METADATA]: checksums.sha256 },
    }),
  );
}

async function putMultipart(
  at: ObjectLocation,
  path: string,
  checksums: FileChecksums,
  options: LockedUploadOptions,
): Promise<void> {
  const created = await at.client.send(
    new CreateMultipartUploadCommand({
      Bucket: at.bucket,
      Key: at.key,
      ChecksumAlgorithm: 'SHA256',
      ObjectLockMode: 'COMPLIANCE',
      ObjectLockRetainUntilDate: options.retainUntil,
      Metadata: { [SHA256_METADATA]: checksums.sha256, [PART_BYTES_METADATA]: String(checksums.partSize) },
    }),
  );
  const uploadId = created.UploadId;
  if (uploadId === undefined) throw new AirError('INTERNAL', `no upload id for ${at.key}`);
  try {
    const parts: CompletedPart[] = [];
    for await (const part of readParts(path, checksums.partSize)) {
      const partNumber = parts.length + 1;
      const checksum = checksums.partSha256[parts.length];
      const sent = await at.client.send(
        new UploadPartCommand({
          Bucket: at.bucket,
          Key: at.key,
          UploadId: uploadId,
          PartNumber: partNumber,
          Body: part,
          ContentLength: part.byteLength,
          ChecksumAlgorithm: 'SHA256',
          ChecksumSHA256: checksum,
        }),
      );
      parts.push({ PartNumber: partNumber, ETag: sent.ETag, ChecksumSHA256: checksum });
    }
    await at.client.send(
      new CompleteMultipartUploadCommand({
        Bucket: at.bucket,
        Key: at.key,
        UploadId: uploadId,
        MultipartUpload: { Parts: parts },
        IfNoneMatch: '*',
      }),
    );
  } catch (error) {
    await abortMultipart(at, uploadId, options.log);
    throw error;
  }
}

/** Frees the parts of a failed upload; a failure here is only logged (a lifecycle rule is the backstop). */
async function abortMultipart(at: ObjectLocation, uploadId: string, log: Logger | undefined): Promise<void> {
  try {
    await at.client.send(new AbortMultipartUploadCommand({ Bucket: at.bucket, Key: at.key, UploadId: uploadId }));
  } catch (error) {
    log?.warn('incomplete multipart upload left in the bucket', { key: at.key, error: describeS3Error(error) });
  }
}

async function hashStoredObject(at: ObjectLocation): Promise<{ sha256: string; size: number }> {
  const got = await at.client.send(new GetObjectCommand({ Bucket: at.bucket, Key: at.key }));
  const hash = createHash('sha256');
  let size = 0;
  for await (const chunk of got.Body as AsyncIterable<Uint8Array>) {
    hash.update(chunk);
    size += chunk.byteLength;
  }
  return { sha256: hash.digest('hex'), size };
}

function bytesChecksums(bytes: Uint8Array): FileChecksums {
  const digest = createHash('sha256').update(bytes).digest();
  return {
    size: bytes.byteLength,
    sha256: digest.toString('hex'),
    partSha256: [digest.toString('base64')],
    objectChecksum: digest.toString('base64'),
    multipart: false,
    partSize: Math.max(bytes.byteLength, 1),
  };
}

function differs(at: ObjectLocation): AirError {
  return new AirError(
    'STORAGE_WRITE_ONCE',
    `${at.key} already holds other bytes than the staged file; a locked object is never replaced`,
  );
}

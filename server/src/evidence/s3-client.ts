import { S3Client, S3ServiceException, type S3ClientConfig } from '@aws-sdk/client-s3';
import type { S3StoreSettings } from './s3-settings.ts';

/**
 * The S3 client of the evidence store. Credentials come from the SDK's
 * default provider chain (environment, shared profile, web identity, the
 * instance or task role): the server never reads or logs them.
 */
export function createS3Client(settings: S3StoreSettings): S3Client {
  const config: S3ClientConfig = {
    forcePathStyle: settings.forcePathStyle,
    // Every write carries the SHA-256 we computed ourselves; the SDK must not add a checksum of its own
    // (its default CRC32 trailer on streamed bodies is something several S3-compatible services misread).
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
    ...(settings.region === undefined ? {} : { region: settings.region }),
    ...(settings.endpoint === undefined ? {} : { endpoint: settings.endpoint }),
  };
  return new S3Client(config);
}

function statusOf(error: unknown): number | undefined {
  return error instanceof S3ServiceException ? error.$metadata.httpStatusCode : undefined;
}

/** No such key (HeadObject answers a bare 404, GetObject `NoSuchKey`). */
export function isNotFound(error: unknown): boolean {
  return (
    statusOf(error) === 404 || (error instanceof Error && (error.name === 'NotFound' || error.name === 'NoSuchKey'))
  );
}

/** A conditional write (`If-None-Match: *`) found the key taken. */
export function isPreconditionFailed(error: unknown): boolean {
  return statusOf(error) === 412;
}

/** A short, credential-free description of an S3 failure for logs and start-up errors. */
export function describeS3Error(error: unknown): string {
  if (error instanceof S3ServiceException) {
    return `${error.name} (HTTP ${error.$metadata.httpStatusCode ?? '?'}): ${error.message}`;
  }
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}

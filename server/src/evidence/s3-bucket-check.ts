import { GetObjectLockConfigurationCommand, HeadBucketCommand, type S3Client } from '@aws-sdk/client-s3';
import type { Logger } from '../log.ts';
import { describeS3Error } from './s3-client.ts';
import type { S3StoreSettings } from './s3-settings.ts';

/** The evidence bucket cannot be used: unreachable, or without the Object Lock a bank's retention needs. */
export class EvidenceBucketError extends Error {
  readonly bucket: string;

  constructor(bucket: string, message: string) {
    super(message);
    this.name = 'EvidenceBucketError';
    this.bucket = bucket;
  }
}

/** What the bucket says of Object Lock: enabled (with its default retention, if any), or why not. */
export type ObjectLockState =
  | { readonly enabled: true; readonly defaultRetention: string | undefined }
  | { readonly enabled: false; readonly reason: string };

/**
 * Start-up check of the evidence bucket: it must answer (HeadBucket) and
 * report Object Lock enabled (GetObjectLockConfiguration). Without Object
 * Lock the COMPLIANCE retention sent with every object is ignored or
 * refused, so the server refuses to start unless `allowNoObjectLock` is set,
 * and then says so loudly at every start.
 */
export async function checkEvidenceBucket(
  client: S3Client,
  settings: Pick<S3StoreSettings, 'bucket' | 'allowNoObjectLock' | 'retentionDays'>,
  log: Logger,
): Promise<ObjectLockState> {
  const { bucket } = settings;
  try {
    await client.send(new HeadBucketCommand({ Bucket: bucket }));
  } catch (error) {
    throw new EvidenceBucketError(
      bucket,
      `evidence bucket ${bucket} is not reachable (${describeS3Error(error)}); check AIR_S3_BUCKET, AIR_S3_ENDPOINT, AIR_S3_REGION and the credentials`,
    );
  }
  const lock = await objectLockState(client, bucket);
  if (lock.enabled) {
    log.info('evidence bucket has Object Lock enabled', {
      bucket,
      defaultRetention: lock.defaultRetention ?? 'none',
      retentionDays: settings.retentionDays,
    });
    return lock;
  }
  if (!settings.allowNoObjectLock) {
    throw new EvidenceBucketError(
      bucket,
      `evidence bucket ${bucket} reports no Object Lock configuration (${lock.reason}): objects could be deleted or overwritten before their retention ends. ` +
        'Create the bucket with Object Lock enabled, or set AIR_S3_ALLOW_NO_OBJECT_LOCK=true for a test set-up.',
    );
  }
  log.warn(
    'evidence bucket reports NO Object Lock configuration; retention is NOT enforced (AIR_S3_ALLOW_NO_OBJECT_LOCK=true)',
    {
      bucket,
      reason: lock.reason,
    },
  );
  return lock;
}

async function objectLockState(client: S3Client, bucket: string): Promise<ObjectLockState> {
  try {
    const answer = await client.send(new GetObjectLockConfigurationCommand({ Bucket: bucket }));
    const config = answer.ObjectLockConfiguration;
    if (config?.ObjectLockEnabled !== 'Enabled') return { enabled: false, reason: 'ObjectLockEnabled is not Enabled' };
    const retention = config.Rule?.DefaultRetention;
    const defaultRetention =
      retention === undefined
        ? undefined
        : `${retention.Mode ?? '?'} ${retention.Days ?? retention.Years ?? '?'} ${retention.Days === undefined ? 'years' : 'days'}`;
    return { enabled: true, defaultRetention };
  } catch (error) {
    // ObjectLockConfigurationNotFoundError on S3, NotImplemented on services without the feature,
    // AccessDenied when the role may not read it: none of them lets us rely on the lock.
    return { enabled: false, reason: describeS3Error(error) };
  }
}

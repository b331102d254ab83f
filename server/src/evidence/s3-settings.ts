/** Where and how sealed evidence packages are kept on S3-compatible object storage. */
export interface S3StoreSettings {
  readonly bucket: string;
  /** Prepended to every key (`''` or ending in `/`), so that one bucket can hold several deployments. */
  readonly prefix: string;
  /** Region of the bucket; the SDK's own resolution (AWS_REGION, profile) when undefined. */
  readonly region: string | undefined;
  /** URL of an S3-compatible service (MinIO, Ceph RGW); AWS when undefined. */
  readonly endpoint: string | undefined;
  /** Address buckets as `<endpoint>/<bucket>` instead of `<bucket>.<endpoint>` (most S3-compatible services). */
  readonly forcePathStyle: boolean;
  /** Every object is locked in COMPLIANCE mode until this many days after its upload. */
  readonly retentionDays: number;
  /** Start even when the bucket reports no Object Lock configuration (test and development set-ups only). */
  readonly allowNoObjectLock: boolean;
  /** Files larger than this are sent as a multipart upload in parts of this size. */
  readonly partBytes: number;
}

/** S3 refuses multipart parts below 5 MiB (except the last). */
export const MIN_PART_BYTES = 5 * 1024 * 1024;
/** S3's largest part. */
export const MAX_PART_BYTES = 5 * 1024 * 1024 * 1024;

const DAY_MS = 24 * 3600 * 1000;

/** The retain-until date of an object uploaded at `nowMs`. */
export function retainUntil(settings: Pick<S3StoreSettings, 'retentionDays'>, nowMs: number): Date {
  return new Date(nowMs + settings.retentionDays * DAY_MS);
}

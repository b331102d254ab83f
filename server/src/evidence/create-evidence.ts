import { join } from 'node:path';
import type { Logger } from '../log.ts';
import type { EvidenceIndex } from './evidence-index.ts';
import { EvidenceService } from './evidence-service.ts';
import { LocalWormStore } from './local-worm-store.ts';
import { checkEvidenceBucket } from './s3-bucket-check.ts';
import { createS3Client } from './s3-client.ts';
import { S3EvidenceStore } from './s3-evidence-store.ts';
import type { S3StoreSettings } from './s3-settings.ts';
import { SigningKeyRing } from './signing-keys.ts';
import type { EvidenceStore } from './store.ts';

export interface EvidenceSettings {
  /** Root of the local store: `sessions/<id>/`, `staging/<id>/`, `access-log/`. */
  readonly dir: string;
  /** PEM Ed25519 private key that signs manifests. */
  readonly signingKeyFile: string;
  /** Public keys of earlier signing keys (after a rotation). */
  readonly retiredKeyFiles: readonly string[];
  /** Generate `signingKeyFile` when absent (true only when it was not configured explicitly). */
  readonly generateSigningKey: boolean;
  /** Size at which the access log file is rotated. */
  readonly accessLogMaxFileBytes: number;
  /** Several nodes share the directory: this node's name, its access log's subdirectory. */
  readonly accessLogNode?: string | undefined;
  /** Sealed packages go to this bucket with Object Lock; `dir` only stages live ones. Local only when absent. */
  readonly s3?: S3StoreSettings | undefined;
}

/** Builds the evidence service on the local write-once store, or on S3 with Object Lock when configured. */
export async function createEvidenceService(
  settings: EvidenceSettings,
  log: Logger,
  index?: EvidenceIndex,
  now: () => number = Date.now,
): Promise<EvidenceService> {
  const keys = await SigningKeyRing.load({
    keyFile: settings.signingKeyFile,
    retiredKeyFiles: settings.retiredKeyFiles,
    generateIfMissing: settings.generateSigningKey,
    onGenerated: ({ keyId, keyFile }) =>
      log.warn('generated an evidence signing key (set AIR_SIGNING_KEY_FILE in production)', { keyId, keyFile }),
  });
  log.info('evidence signing key loaded', { keyId: keys.keyId, retiredKeys: keys.jwks().keys.length - 1 });
  return new EvidenceService({
    store: await createEvidenceStore(settings, log, now),
    keys,
    stagingDir: join(settings.dir, 'staging'),
    now,
    log,
    ...(index === undefined ? {} : { index }),
    accessLog: {
      maxFileBytes: settings.accessLogMaxFileBytes,
      onRotateError: (error) => log.error('access log rotation failed; retried on the next entry', { error }),
    },
  });
}

async function createEvidenceStore(settings: EvidenceSettings, log: Logger, now: () => number): Promise<EvidenceStore> {
  const local = new LocalWormStore(settings.dir, { accessLogNode: settings.accessLogNode });
  if (settings.s3 === undefined) return local;
  const client = createS3Client(settings.s3);
  // Refuses to start on an unreachable bucket, or one without Object Lock unless explicitly allowed.
  await checkEvidenceBucket(client, settings.s3, log);
  const store = new S3EvidenceStore({ staging: local, client, settings: settings.s3, now, log });
  log.info('evidence packages are stored on S3 once sealed', {
    bucket: settings.s3.bucket,
    prefix: settings.s3.prefix,
    retentionDays: settings.s3.retentionDays,
  });
  // Before any session is sealed: uploads a crash interrupted are finished, never started over.
  await store.resumeUploads();
  return store;
}

import { join } from 'node:path';
import type { Logger } from '../log.ts';
import { EvidenceService } from './evidence-service.ts';
import { LocalWormStore } from './local-worm-store.ts';
import { SigningKeyRing } from './signing-keys.ts';

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
}

/** Builds the evidence service on the local write-once store. */
export async function createEvidenceService(
  settings: EvidenceSettings,
  log: Logger,
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
    store: new LocalWormStore(settings.dir),
    keys,
    stagingDir: join(settings.dir, 'staging'),
    now,
    log,
    accessLog: {
      maxFileBytes: settings.accessLogMaxFileBytes,
      onRotateError: (error) => log.error('access log rotation failed; retried on the next entry', { error }),
    },
  });
}

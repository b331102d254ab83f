import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { verifyEvidence, type Ed25519PublicJwk, type VerificationReport } from '@aircounter/evidence';
import { expect } from 'vitest';
import { createDirectoryReader } from '../../../server/src/evidence/directory-reader.ts';
import { LocalWormStore } from '../../../server/src/evidence/local-worm-store.ts';
import type { Demo } from './demo-call.ts';

export interface PackageManifest {
  readonly complete: boolean;
  readonly files: readonly { readonly name: string; readonly sha256: string; readonly mediaType?: string }[];
}

export interface SealedPackage {
  /** The package's folder on the demo's local write-once store. */
  readonly dir: string;
  /** `verifyEvidence` of the files on disk, as an auditor's copy is checked. */
  readonly report: VerificationReport;
  readonly manifest: PackageManifest;
}

/**
 * Waits until the session's package is sealed, then verifies it from the
 * files on disk with the given keys (default: the demo's own signing keys)
 * and reads its manifest. The caller asserts on the report.
 */
export async function sealedPackage(
  demo: Demo,
  sessionId: string,
  options: { readonly timeoutMs?: number; readonly publicKeys?: readonly Ed25519PublicJwk[] } = {},
): Promise<SealedPackage> {
  const { evidence } = demo.air.services;
  await expect.poll(() => evidence.store.isSealed(sessionId), { timeout: options.timeoutMs ?? 60_000 }).toBe(true);
  if (!(evidence.store instanceof LocalWormStore)) throw new Error('the demo should use the local store');
  const dir = evidence.store.sessionDir(sessionId);
  const report = await verifyEvidence(createDirectoryReader(dir, { expectedSessionId: sessionId }), {
    publicKeys: [...(options.publicKeys ?? evidence.keys.jwks().keys)],
  });
  const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as PackageManifest;
  return { dir, report, manifest };
}

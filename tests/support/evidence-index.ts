import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { EvidenceService } from '../../server/src/evidence/evidence-service.ts';
import { reconcileEvidenceIndex } from '../../server/src/evidence/index-reconcile.ts';
import { silentLogger } from '../../server/src/log.ts';
import { EvidencePackageRepository } from '../../server/src/store/evidence-packages-repository.ts';
import { migrate } from '../../server/src/store/migrate.ts';
import { openPgliteDb, sharedPgliteSeedDir } from '../../server/src/store/pglite-db.ts';

/** The auditor list's index on an embedded PostgreSQL of its own, for suites that serve evidence without a whole server. */
export interface TestEvidenceIndex {
  readonly index: EvidencePackageRepository;
  close(): Promise<void>;
}

/**
 * Opens a fresh, migrated embedded database and its evidence index; with
 * `evidence`, indexes the packages already in its store (what a server
 * does at start-up).
 */
export async function openTestEvidenceIndex(evidence?: EvidenceService): Promise<TestEvidenceIndex> {
  const dir = await mkdtemp(join(tmpdir(), 'air-evidence-index-'));
  const db = await openPgliteDb(join(dir, 'db'), { seedDir: sharedPgliteSeedDir() });
  await migrate(db);
  const index = new EvidencePackageRepository(db);
  if (evidence !== undefined) await reconcileEvidenceIndex(evidence, index, silentLogger);
  return {
    index,
    close: async () => {
      await db.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

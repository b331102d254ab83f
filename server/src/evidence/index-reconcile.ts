import type { Logger } from '../log.ts';
import type { EvidenceIndex } from './evidence-index.ts';
import type { EvidenceService } from './evidence-service.ts';

/** Sessions checked against the index per query. */
const BATCH = 500;

/**
 * Brings the auditor list's index in line with the packages, which are the
 * record: a package without a row (written before the index existed, or
 * when the database failed at the moment it opened) gets one from its log
 * and manifest, and a row still `open` whose package is sealed (the server
 * stopped between sealing and indexing) is updated. Run at start-up; on an
 * index already in line it reads only the list of sessions.
 */
export async function reconcileEvidenceIndex(
  evidence: EvidenceService,
  index: EvidenceIndex,
  log: Logger,
): Promise<{ added: number; updated: number }> {
  let added = 0;
  let updated = 0;
  const sessionIds = await evidence.store.listSessions();
  for (let start = 0; start < sessionIds.length; start += BATCH) {
    for (const sessionId of await index.missing(sessionIds.slice(start, start + BATCH))) {
      const summary = await evidence.summarize(sessionId);
      if (summary?.createdAt == null) continue;
      await index.put(summary);
      added += 1;
    }
  }
  for (const sessionId of await index.openSessionIds()) {
    if (!(await evidence.store.isSealed(sessionId))) continue;
    const summary = await evidence.summarize(sessionId);
    if (summary === undefined) continue;
    await index.put(summary);
    updated += 1;
  }
  if (added + updated > 0) log.info('evidence index rebuilt from the packages', { added, updated });
  return { added, updated };
}

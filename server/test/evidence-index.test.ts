import type { SessionSummary } from '@aircounter/evidence';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EvidenceService } from '../src/evidence/evidence-service.ts';
import { reconcileEvidenceIndex } from '../src/evidence/index-reconcile.ts';
import { LocalWormStore } from '../src/evidence/local-worm-store.ts';
import { SigningKeyRing } from '../src/evidence/signing-keys.ts';
import { silentLogger } from '../src/log.ts';
import { EvidencePackageRepository } from '../src/store/evidence-packages-repository.ts';
import { buildPackage, removeTree, tempDir } from './evidence-fixtures.ts';
import { useDbEngines, type TestDb } from './helpers/db-engines.ts';

// The index the auditor API lists from: its queries on both engines, the
// evidence service writing it as packages open and are sealed, and the
// start-up reconciliation that rebuilds it from the packages themselves.

const ENGINES = useDbEngines('evidence-index');

function summary(sessionId: string, createdAt: string, extra: Partial<SessionSummary> = {}): SessionSummary {
  return {
    sessionId,
    createdAt,
    finalizedAt: null,
    status: 'open',
    incompleteReason: null,
    agentId: 'agent-a',
    reference: null,
    ...extra,
  };
}

describe.each(ENGINES)('evidence package index on $name', ({ open }) => {
  let engine: TestDb;
  let index: EvidencePackageRepository;

  beforeAll(async () => {
    engine = await open();
    index = new EvidencePackageRepository(engine.db);
    // Five packages, an hour apart except two created in the same millisecond.
    await index.put(summary('s-1', '2026-03-01T09:00:00.000Z'));
    await index.put(summary('s-2', '2026-03-01T10:00:00.000Z', { agentId: 'agent-b' }));
    await index.put(summary('s-3b', '2026-03-01T11:00:00.000Z'));
    await index.put(summary('s-3a', '2026-03-01T11:00:00.000Z', { agentId: 'agent-b' }));
    await index.put(
      summary('s-4', '2026-03-01T12:00:00.000Z', {
        status: 'incomplete',
        incompleteReason: 'recording-gap',
        finalizedAt: '2026-03-01T12:30:00.000Z',
      }),
    );
  });
  afterAll(async () => {
    await engine.close();
  });

  const ids = (rows: readonly SessionSummary[]): string[] => rows.map((row) => row.sessionId);

  it('lists newest first with a stable tie-break, one extra row telling that a page follows', async () => {
    expect(ids(await index.list({ scope: {}, limit: 10 }))).toEqual(['s-4', 's-3a', 's-3b', 's-2', 's-1']);
    const first = await index.list({ scope: {}, limit: 2 });
    expect(ids(first)).toEqual(['s-4', 's-3a', 's-3b']);
    const last = first[1];
    if (last?.createdAt == null) throw new Error('no cursor row');
    const next = await index.list({
      scope: {},
      limit: 2,
      after: { createdAt: last.createdAt, sessionId: last.sessionId },
    });
    expect(ids(next)).toEqual(['s-3b', 's-2', 's-1']);
  });

  it('filters by time window, agent, status and the auditor scope together', async () => {
    const from = Date.parse('2026-03-01T10:00:00.000Z');
    const to = Date.parse('2026-03-01T11:00:00.000Z');
    expect(ids(await index.list({ scope: {}, fromMs: from, toMs: to, limit: 10 }))).toEqual(['s-3a', 's-3b', 's-2']);
    expect(ids(await index.list({ scope: {}, agentId: 'agent-b', limit: 10 }))).toEqual(['s-3a', 's-2']);
    expect(ids(await index.list({ scope: {}, status: 'incomplete', limit: 10 }))).toEqual(['s-4']);
    expect(ids(await index.list({ scope: { sessionIds: ['s-1', 's-4', 'nope'] }, limit: 10 }))).toEqual(['s-4', 's-1']);
    expect(ids(await index.list({ scope: { toMs: to }, agentId: 'agent-a', limit: 10 }))).toEqual(['s-3b', 's-1']);
    expect(await index.list({ scope: { sessionIds: [] }, limit: 10 })).toEqual([]);
  });

  it('keeps a sealed verdict: a late `open` write does not undo it, and markSealed updates only rows it has', async () => {
    expect(
      await index.markSealed('s-1', {
        status: 'complete',
        incompleteReason: null,
        finalizedAt: '2026-03-01T09:40:00.000Z',
      }),
    ).toBe(true);
    await index.put(summary('s-1', '2026-03-01T09:00:00.000Z'));
    expect(await index.get('s-1')).toMatchObject({ status: 'complete', finalizedAt: '2026-03-01T09:40:00.000Z' });
    expect(
      await index.markSealed('unknown', {
        status: 'complete',
        incompleteReason: null,
        finalizedAt: '2026-03-01T09:40:00.000Z',
      }),
    ).toBe(false);
    expect(await index.missing(['s-1', 'unknown', 's-2'])).toEqual(['unknown']);
    expect((await index.openSessionIds()).sort()).toEqual(['s-2', 's-3a', 's-3b']);
  });
});

describe('the evidence service and the start-up reconciliation keep the index in line with the packages', () => {
  const [pglite] = ENGINES;
  let engine: TestDb;
  let root: string;

  beforeAll(async () => {
    if (!pglite) throw new Error('no engine');
    engine = await pglite.open();
    root = await tempDir('evidence-index');
  });
  afterAll(async () => {
    await engine.close();
    await removeTree(root);
  });

  it('indexes a package as it opens and as it is sealed, and rebuilds rows written before the index', async () => {
    const keys = await SigningKeyRing.ephemeral();
    const index = new EvidencePackageRepository(engine.db);
    // Two packages from before the index existed (one sealed, one open), then one written with it.
    await buildPackage(root, keys, { sessionId: 'old-sealed', agentId: 'agent-old' });
    await buildPackage(root, keys, { sessionId: 'old-open', finalize: false });
    const service = new EvidenceService({
      store: new LocalWormStore(root),
      keys,
      stagingDir: `${root}/staging`,
      index,
      log: silentLogger,
    });
    await service.openSession('new-1', { agentId: 'agent-new', reference: 'loan-9' });
    expect(await index.get('new-1')).toMatchObject({ status: 'open', agentId: 'agent-new', reference: 'loan-9' });
    expect(await index.get('old-sealed')).toBeUndefined();

    expect(await reconcileEvidenceIndex(service, index, silentLogger)).toEqual({ added: 2, updated: 0 });
    expect(await index.get('old-sealed')).toEqual(await service.summarize('old-sealed'));
    expect(await index.get('old-open')).toMatchObject({ status: 'open' });

    await service.append('new-1', {
      type: 'peer.joined',
      data: { peerId: 'c1', role: 'customer', displayName: 'Ana' },
    });
    await service.finalizeSession('new-1', { complete: true });
    expect(await index.get('new-1')).toEqual(await service.summarize('new-1'));
    expect((await index.get('new-1'))?.status).toBe('not-recorded');

    // A package sealed while its row stayed open (the server stopped in between) is updated at the next start.
    await new EvidenceService({ store: new LocalWormStore(root), keys, stagingDir: `${root}/staging` }).finalizeSession(
      'old-open',
      { complete: false, reason: 'server-restarted' },
    );
    expect(await reconcileEvidenceIndex(service, index, silentLogger)).toEqual({ added: 0, updated: 1 });
    expect(await index.get('old-open')).toEqual(await service.summarize('old-open'));
    expect(await index.get('old-open')).toMatchObject({ status: 'incomplete', incompleteReason: 'server-restarted' });
  });
});

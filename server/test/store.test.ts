import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AirError } from '@aircounter/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPostgres, type TestPostgres } from '../../tests/support/postgres.ts';
import { SessionRegistry } from '../src/sessions.ts';
import type { Db } from '../src/store/db.ts';
import { migrate, schemaVersion, SchemaTooNewError } from '../src/store/migrate.ts';
import { MIGRATIONS } from '../src/store/migrations.ts';
import { openPgliteDb, sharedPgliteSeedDir } from '../src/store/pglite-db.ts';
import { openPostgresDb } from '../src/store/postgres-db.ts';
import { SessionRepository } from '../src/store/sessions-repository.ts';
import { storeOver, type Store } from '../src/store/store.ts';

/** Two "nodes" on one database: two stores (PostgreSQL: two connection pools; PGlite: one process, one engine). */
interface Engine {
  readonly nodes: readonly [Db, Db];
  /** Closes and opens the database again on the same data: what a restarted server sees. */
  reopen(): Promise<Db>;
  close(): Promise<void>;
}

const ENGINES: ReadonlyArray<{ name: string; open: () => Promise<Engine> }> = [
  {
    name: 'PGlite (embedded)',
    open: async () => {
      const dir = await mkdtemp(join(tmpdir(), 'air-store-'));
      const seedDir = sharedPgliteSeedDir();
      let db = await openPgliteDb(join(dir, 'db'), { seedDir });
      return {
        // PGlite is one engine in one process: two nodes cannot share its files, so both "nodes" use it.
        nodes: [db, db],
        reopen: async () => {
          await db.close();
          db = await openPgliteDb(join(dir, 'db'), { seedDir });
          return db;
        },
        close: async () => {
          await db.close();
          await rm(dir, { recursive: true, force: true });
        },
      };
    },
  },
  {
    name: 'PostgreSQL 15 (server)',
    open: async () => {
      const url = await postgres().createDatabase();
      const settings = { url, poolSize: 4, statementTimeoutMs: 2000, connectTimeoutMs: 2000 };
      const pools: Db[] = [await openPostgresDb(settings), await openPostgresDb(settings)];
      return {
        nodes: [pools[0] as Db, pools[1] as Db],
        reopen: async () => {
          const db = await openPostgresDb(settings);
          pools.push(db);
          return db;
        },
        close: async () => {
          await Promise.all(pools.map((db) => db.close()));
        },
      };
    },
  },
];

let server: TestPostgres | undefined;
function postgres(): TestPostgres {
  if (!server) throw new Error('PostgreSQL test server not started');
  return server;
}

beforeAll(async () => {
  server = await startPostgres();
});
afterAll(async () => {
  await server?.remove();
});

describe.each(ENGINES)('store on $name', ({ open }) => {
  let engine: Engine;
  let a: Store;
  let b: Store;

  beforeAll(async () => {
    engine = await open();
    // Both nodes migrate at start-up, at the same time: each migration runs once.
    const applied = await Promise.all(engine.nodes.map((db) => migrate(db)));
    expect(applied.flat().sort()).toEqual(MIGRATIONS.map((migration) => migration.version));
    a = storeOver(engine.nodes[0], 'node-a');
    b = storeOver(engine.nodes[1], 'node-b');
  });
  afterAll(async () => {
    await engine.close();
  });

  it('migrates to the newest version once and refuses a schema newer than it knows', async () => {
    expect(await migrate(a.db)).toEqual([]);
    expect(await schemaVersion(a.db)).toBe(MIGRATIONS.at(-1)?.version);
    const newer = [
      ...MIGRATIONS,
      { version: 999, name: 'from the future', statements: ['CREATE TABLE future (x int)'] },
    ];
    expect(await migrate(a.db, newer)).toEqual([999]);
    await expect(migrate(b.db)).rejects.toBeInstanceOf(SchemaTooNewError);
    await a.db.query('DROP TABLE future');
    await a.db.query('DELETE FROM air_schema_migrations WHERE version = 999');
    expect(await migrate(b.db)).toEqual([]);
  });

  it('keeps a session through its life: created, active on the first join, ended once', async () => {
    const created = await a.sessions.create({ id: 's-life', reference: 'case-1', agentId: 'agent-7' });
    expect(created).toMatchObject({ id: 's-life', status: 'created', reference: 'case-1', agentId: 'agent-7' });
    expect(await b.sessions.get('s-life')).toEqual(created);
    expect((await a.sessions.listOpen()).map((session) => session.id)).toContain('s-life');

    await a.sessions.recordJoin('s-life', { peerId: 'c1', role: 'customer', displayName: 'Li' });
    expect(await a.sessions.activate('s-life')).toMatchObject({ status: 'active' });
    expect(await b.sessions.activate('s-life')).toBeUndefined();
    await b.sessions.recordJoin('s-life', { peerId: 'c1', role: 'customer', displayName: 'Li Wei' });
    expect(await a.sessions.participants('s-life')).toMatchObject([
      { peerId: 'c1', role: 'customer', displayName: 'Li Wei', joins: 2 },
    ]);

    const ended = await b.sessions.end('s-life', 'ended');
    expect(ended).toMatchObject({ status: 'ended', endReason: 'ended' });
    expect(ended?.endedAt).toBeGreaterThanOrEqual(created.createdAt);
    expect(await a.sessions.end('s-life', 'worker-died')).toBeUndefined();
    expect(await a.sessions.get('s-life')).toMatchObject({ status: 'ended', endReason: 'ended' });
    expect((await a.sessions.listOpen()).map((session) => session.id)).not.toContain('s-life');
    expect(await a.sessions.get('no-such-session')).toBeUndefined();
  });

  it('ends a session exactly once when two nodes end it at the same time', async () => {
    const ids = Array.from({ length: 20 }, (_, i) => `s-race-${i}`);
    for (const id of ids) await a.sessions.create({ id });
    const registries = [new SessionRegistry(a.sessions), new SessionRegistry(b.sessions)];
    const announced: string[] = [];
    for (const registry of registries) registry.on('ended', (session) => announced.push(session.id));
    const results = await Promise.all(
      ids.flatMap((id) => [registries[0]?.end(id, 'ended'), registries[1]?.end(id, 'worker-died')]),
    );
    expect(results.filter((won) => won === true)).toHaveLength(ids.length);
    expect(announced.sort()).toEqual([...ids].sort());
    await expect(registries[0]?.end('no-such-session', 'ended')).rejects.toMatchObject({ code: 'SESSION_NOT_FOUND' });
  });

  it('lets exactly one node claim a package seal; its owner may resume an unfinished one', async () => {
    const claims = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        [a, b].map((node) => node.evidenceSeals.claim(`seal-${i}`, node.nodeId)),
      ).flat(),
    );
    expect(claims.filter(Boolean)).toHaveLength(10);

    expect(await a.evidenceSeals.claim('seal-x', a.nodeId)).toBe(true);
    expect(await b.evidenceSeals.claim('seal-x', b.nodeId)).toBe(false);
    // The owner restarted half-way: it may take its own claim again, until the package is sealed.
    expect(await a.evidenceSeals.claim('seal-x', a.nodeId)).toBe(true);
    await a.evidenceSeals.markSealed('seal-x', a.nodeId, { complete: false, reason: 'server-restarted' });
    expect(await a.evidenceSeals.state('seal-x')).toBe('sealed');
    expect(await a.evidenceSeals.claim('seal-x', a.nodeId)).toBe(false);
    expect(await a.evidenceSeals.state('never-claimed')).toBeUndefined();
  });

  it('accepts a join token id once, even from two nodes at once, and prunes expired ids', async () => {
    const token = { tokenId: 'jti-1', sessionId: 's', peerId: 'p', expiresAt: Date.now() + 60_000 };
    expect(await a.joinTokens.consume(token)).toBe(true);
    expect(await b.joinTokens.consume(token)).toBe(false);
    const racing = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        [a, b].map((node) => node.joinTokens.consume({ ...token, tokenId: `jti-r${i}` })),
      ).flat(),
    );
    expect(racing.filter(Boolean)).toHaveLength(10);

    await a.joinTokens.consume({ ...token, tokenId: 'jti-old', expiresAt: Date.now() - 60_000 });
    expect(await a.joinTokens.deleteExpiredBefore(Date.now())).toBe(1);
    // Pruned: the id is free again, but by now the token's own expiry refuses it.
    expect(await a.joinTokens.consume({ ...token, tokenId: 'jti-old' })).toBe(true);
    expect(await b.joinTokens.consume(token)).toBe(false);
  });

  it('keeps ID photo references exactly, and drops them with their session', async () => {
    await a.sessions.create({ id: 's-photo' });
    const descriptor = Float32Array.from({ length: 128 }, (_, i) => Math.sin(i) / 3);
    await a.idPhotos.put('s-photo', { descriptor, sha256: 'a'.repeat(64) });
    const stored = await b.idPhotos.get('s-photo');
    expect(stored?.sha256).toBe('a'.repeat(64));
    expect([...(stored?.descriptor ?? [])]).toEqual([...descriptor]);
    await b.idPhotos.put('s-photo', { descriptor: new Float32Array(128), sha256: 'b'.repeat(64) });
    expect((await a.idPhotos.get('s-photo'))?.sha256).toBe('b'.repeat(64));

    await a.sessions.end('s-photo', 'ended');
    expect(await a.sessions.deleteEndedBefore(Date.now() + 1000)).toBeGreaterThanOrEqual(1);
    expect(await a.sessions.get('s-photo')).toBeUndefined();
    expect(await a.idPhotos.get('s-photo')).toBeUndefined();
  });

  it('rolls a transaction back when its work throws', async () => {
    await expect(
      a.db.transaction(async (tx) => {
        await new SessionRepository(tx).create({ id: 's-tx' });
        expect(await new SessionRepository(tx).get('s-tx')).toMatchObject({ status: 'created' });
        throw new Error('changed my mind');
      }),
    ).rejects.toThrow('changed my mind');
    expect(await a.sessions.get('s-tx')).toBeUndefined();
  });

  it('finds open sessions again after the database is reopened (a server restart)', async () => {
    await a.sessions.create({ id: 's-durable', reference: 'survives' });
    await a.sessions.activate('s-durable');
    const reopened = storeOver(await engine.reopen(), 'node-a');
    expect(await reopened.sessions.get('s-durable')).toMatchObject({ status: 'active', reference: 'survives' });
    expect((await reopened.sessions.listOpen()).map((session) => session.id)).toContain('s-durable');
    a = reopened;
    if (engine.nodes[0] === engine.nodes[1]) b = storeOver(reopened.db, 'node-b');
  });
});

describe('store on PostgreSQL: failures', () => {
  it('reports a statement over its timeout and an unreachable server as STORE_UNAVAILABLE', async () => {
    const url = await postgres().createDatabase();
    const db = await openPostgresDb({ url, poolSize: 2, statementTimeoutMs: 200, connectTimeoutMs: 1000 });
    try {
      const slow = await db.query('SELECT pg_sleep(2)').catch((error: unknown) => error);
      expect(slow).toBeInstanceOf(AirError);
      expect(slow).toMatchObject({ code: 'STORE_UNAVAILABLE', recoverable: true });
      // A mistake in SQL is a bug, not an outage: it is not dressed up as one.
      await expect(db.query('SELECT * FROM no_such_table')).rejects.not.toBeInstanceOf(AirError);
    } finally {
      await db.close();
    }
    const unreachable = `postgres://air@127.0.0.1:${postgres().port + 1}/postgres`;
    await expect(
      openPostgresDb({ url: unreachable, poolSize: 1, statementTimeoutMs: 500, connectTimeoutMs: 500 }),
    ).rejects.toMatchObject({ code: 'STORE_UNAVAILABLE' });
  });
});

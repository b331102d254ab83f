import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { startPostgres, type TestPostgres } from '../../../tests/support/postgres.ts';
import type { Db } from '../../src/store/db.ts';
import { migrate } from '../../src/store/migrate.ts';
import { openPgliteDb, sharedPgliteSeedDir } from '../../src/store/pglite-db.ts';
import { openPostgresDb } from '../../src/store/postgres-db.ts';

/** One migrated database on one engine, and how to drop it. */
export interface TestDb {
  readonly db: Db;
  close(): Promise<void>;
}

export interface DbEngine {
  readonly name: string;
  open(): Promise<TestDb>;
}

/**
 * The two engines a repository's suite runs on: embedded PGlite and a real
 * PostgreSQL server that this file's `beforeAll` starts (and `afterAll`
 * removes). Call at the top level of a test file; `describe.each` over the
 * result.
 */
export function useDbEngines(prefix: string): readonly DbEngine[] {
  let postgres: TestPostgres | undefined;
  beforeAll(async () => {
    postgres = await startPostgres();
  });
  afterAll(async () => {
    await postgres?.remove();
  });
  return [
    {
      name: 'PGlite (embedded)',
      open: async () => {
        const dir = await mkdtemp(join(tmpdir(), `air-${prefix}-`));
        const db = await openPgliteDb(join(dir, 'db'), { seedDir: sharedPgliteSeedDir() });
        await migrate(db);
        return {
          db,
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
        if (!postgres) throw new Error('PostgreSQL test server not started');
        const url = await postgres.createDatabase();
        const db = await openPostgresDb({ url, poolSize: 4, statementTimeoutMs: 2000, connectTimeoutMs: 2000 });
        await migrate(db);
        return { db, close: () => db.close() };
      },
    },
  ];
}

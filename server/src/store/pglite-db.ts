import { createHash, randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { cp, mkdir, rename, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import type { Db, Queryable, Row } from './db.ts';

export interface PgliteOptions {
  /**
   * An initialized database directory copied into `dir` when `dir` holds no
   * database yet, instead of running initdb (slow in WebAssembly: seconds on a
   * quiet machine). Created on first use. Tests share one; a server leaves it
   * unset.
   */
  readonly seedDir?: string | undefined;
}

/** A seed directory in the system's temp directory for this installed PGlite (tests share it). */
export function sharedPgliteSeedDir(): string {
  // The resolved module path names the installed version: a new PGlite never opens an older one's seed.
  const install = createHash('sha256')
    .update(import.meta.resolve('@electric-sql/pglite'))
    .digest('hex');
  return join(tmpdir(), `aircounter-pglite-seed-${install.slice(0, 16)}`);
}

function holdsDatabase(dir: string): boolean {
  return existsSync(join(dir, 'PG_VERSION'));
}

/** Creates `seedDir` once (initdb in a private directory, then an atomic rename; a concurrent creator's copy wins). */
async function ensureSeed(seedDir: string): Promise<void> {
  if (holdsDatabase(seedDir)) return;
  const building = `${seedDir}.${process.pid}.${randomBytes(4).toString('hex')}`;
  const pg = await PGlite.create(building);
  await pg.close();
  try {
    await rename(building, seedDir);
  } catch {
    await rm(building, { recursive: true, force: true });
  }
}

/** Copies an initialized database (created once in `seedDir`) into `dir` unless `dir` holds one already. */
export async function seedPgliteDir(dir: string, seedDir: string): Promise<void> {
  if (holdsDatabase(dir)) return;
  await ensureSeed(seedDir);
  await cp(seedDir, dir, { recursive: true });
}

/**
 * The embedded engine: PostgreSQL compiled to WebAssembly, in this process,
 * persisted in `dir`. One connection: PGlite runs one query at a time and a
 * transaction holds it until it ends, so callers queue behind it. One
 * process per directory.
 */
export async function openPgliteDb(dir: string, options: PgliteOptions = {}): Promise<Db> {
  if (options.seedDir !== undefined) await seedPgliteDir(dir, options.seedDir);
  await mkdir(dir, { recursive: true });
  const pg = await PGlite.create(dir);
  let closed: Promise<void> | undefined;
  const run = async (target: Pick<PGlite, 'query'>, sql: string, params: readonly unknown[] = []) =>
    (await target.query<Row>(sql, [...params])).rows;
  return {
    engine: 'pglite',
    query: (sql, params) => run(pg, sql, params),
    transaction: <T>(work: (tx: Queryable) => Promise<T>) =>
      pg.transaction((tx) => work({ query: (sql, params) => run(tx, sql, params) })),
    close: () => {
      closed ??= pg.close();
      return closed;
    },
  };
}

import type { Db } from './db.ts';
import { MIGRATIONS, type Migration } from './migrations.ts';

/** Any fixed number: the key of the advisory lock that serializes nodes migrating the same database. */
const MIGRATION_LOCK_KEY = 7_310_420_001;

export class SchemaTooNewError extends Error {
  constructor(found: number, known: number) {
    super(
      `the database schema is at version ${found} but this server knows only up to ${known}: ` +
        'it was upgraded by a newer release; run that release (or restore a backup taken before the upgrade)',
    );
    this.name = 'SchemaTooNewError';
  }
}

/**
 * Brings the schema up to the newest version this release knows: each
 * missing migration runs in its own transaction, recorded in
 * `air_schema_migrations`. Nodes starting together take turns (advisory lock),
 * so each migration runs once. A database newer than this release is refused.
 * Returns the versions applied now.
 */
export async function migrate(db: Db, migrations: readonly Migration[] = MIGRATIONS): Promise<number[]> {
  await db.transaction(async (tx) => {
    // Two nodes creating the table at once would collide on the catalog: take the lock first.
    await tx.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK_KEY]);
    await tx.query(
      `CREATE TABLE IF NOT EXISTS air_schema_migrations (
        version integer PRIMARY KEY,
        name text NOT NULL,
        applied_at timestamptz NOT NULL DEFAULT now()
      )`,
    );
  });
  const known = migrations.at(-1)?.version ?? 0;
  const applied: number[] = [];
  for (const migration of migrations) {
    const ran = await db.transaction(async (tx) => {
      await tx.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK_KEY]);
      const [row] = await tx.query('SELECT coalesce(max(version), 0) AS version FROM air_schema_migrations');
      const current = Number(row?.['version'] ?? 0);
      if (current > known) throw new SchemaTooNewError(current, known);
      if (current >= migration.version) return false;
      for (const statement of migration.statements) await tx.query(statement);
      await tx.query('INSERT INTO air_schema_migrations (version, name) VALUES ($1, $2)', [
        migration.version,
        migration.name,
      ]);
      return true;
    });
    if (ran) applied.push(migration.version);
  }
  return applied;
}

/** The version the schema is at (0: empty database). */
export async function schemaVersion(db: Db): Promise<number> {
  const [row] = await db.query('SELECT coalesce(max(version), 0) AS version FROM air_schema_migrations');
  return Number(row?.['version'] ?? 0);
}

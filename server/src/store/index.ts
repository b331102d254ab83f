// The server's durable state (docs/operations.md, "State and the database").
export type { Db, DbEngine, Queryable, Row } from './db.ts';
export { migrate, schemaVersion, SchemaTooNewError } from './migrate.ts';
export { MIGRATIONS, type Migration } from './migrations.ts';
export { openPgliteDb } from './pglite-db.ts';
export { openPostgresDb, type PostgresSettings } from './postgres-db.ts';
export { defaultPgliteDir, openStore, storeOver, type Store, type StoreConfig } from './store.ts';
export { startStorePruning } from './prune.ts';

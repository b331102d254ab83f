/** A row as the driver returns it; repositories check its shape before use. */
export type Row = Readonly<Record<string, unknown>>;

/** What runs SQL: the whole database or one transaction. */
export interface Queryable {
  /** One statement with `$1 … $n` parameters; the rows it returns (none for most writes). */
  query(sql: string, params?: readonly unknown[]): Promise<Row[]>;
}

export const DB_ENGINES = ['pglite', 'postgres'] as const;
export type DbEngine = (typeof DB_ENGINES)[number];

/**
 * The server's database, whichever engine holds it: embedded PGlite (one
 * process, a directory on disk) or a PostgreSQL server shared by every node.
 * SQL is written in the PostgreSQL dialect, which both speak.
 */
export interface Db extends Queryable {
  readonly engine: DbEngine;
  /**
   * Runs `work` in one transaction (READ COMMITTED) on one connection:
   * committed when it resolves, rolled back when it throws (the error is
   * rethrown). Nested calls are not supported: use the `tx` handed in.
   */
  transaction<T>(work: (tx: Queryable) => Promise<T>): Promise<T>;
  /** Closes the connections (PGlite: flushes and closes its files). Idempotent. */
  close(): Promise<void>;
}

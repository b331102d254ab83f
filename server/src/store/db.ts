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
  /**
   * PostgreSQL server only: calls `onNotify` with the payload of every
   * `NOTIFY` on `channel` (a constant identifier), on a connection of its own
   * that is opened again when it breaks. A notification sent while it was
   * broken is lost: listeners keep a slower poll for what they must not miss.
   * `onError`: the connection broke or could not be opened again (it keeps trying).
   */
  listen?(
    channel: string,
    onNotify: (payload: string) => void,
    onError?: (error: unknown) => void,
  ): Promise<DbListener>;
  /** Closes the connections (PGlite: flushes and closes its files). Idempotent. */
  close(): Promise<void>;
}

/** A `LISTEN` that {@link Db.listen} keeps open until closed. */
export interface DbListener {
  close(): Promise<void>;
}

/** Channel names are identifiers the code chooses, never input: checked anyway, since LISTEN takes no parameter. */
export function checkChannel(channel: string): string {
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(channel)) throw new RangeError(`not a channel name: ${channel}`);
  return channel;
}

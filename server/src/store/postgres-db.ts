import pg from 'pg';
import type { Db, Queryable, Row } from './db.ts';
import { listenOnPostgres } from './postgres-listener.ts';
import { toStoreError } from './store-error.ts';

export interface PostgresSettings {
  /** `postgres://user:password@host:port/database` (a secret: it may carry the password). */
  readonly url: string;
  /** Connections this node keeps at most. */
  readonly poolSize: number;
  /** Longest a statement may run before the server cancels it, ms. */
  readonly statementTimeoutMs: number;
  /** Longest wait for a free connection (or a new one), ms. */
  readonly connectTimeoutMs: number;
}

/**
 * A PostgreSQL server shared by every node, through a pool of `pg`
 * connections. Each statement is bounded by `statement_timeout`; a
 * transaction left idle is ended by the server after the same time.
 */
export async function openPostgresDb(settings: PostgresSettings): Promise<Db> {
  const pool = new pg.Pool({
    connectionString: settings.url,
    max: settings.poolSize,
    connectionTimeoutMillis: settings.connectTimeoutMs,
    statement_timeout: settings.statementTimeoutMs,
    idle_in_transaction_session_timeout: settings.statementTimeoutMs,
    application_name: 'aircounter',
  });
  // An idle connection that breaks (server restart) is dropped from the pool; the next query opens a new one.
  pool.on('error', () => undefined);
  const run = async (target: pg.Pool | pg.PoolClient, sql: string, params: readonly unknown[] = []) => {
    try {
      return (await target.query<Row>(sql, [...params])).rows;
    } catch (error) {
      throw toStoreError(error);
    }
  };
  // Fail at start-up, not on the first request, when the database cannot be reached.
  await run(pool, 'SELECT 1');
  let closed: Promise<void> | undefined;
  return {
    engine: 'postgres',
    query: (sql, params) => run(pool, sql, params),
    async transaction<T>(work: (tx: Queryable) => Promise<T>): Promise<T> {
      let client: pg.PoolClient;
      try {
        client = await pool.connect();
      } catch (error) {
        throw toStoreError(error);
      }
      let broken = false;
      try {
        await run(client, 'BEGIN');
        const result = await work({ query: (sql, params) => run(client, sql, params) });
        await run(client, 'COMMIT');
        return result;
      } catch (error) {
        try {
          await client.query('ROLLBACK');
        } catch {
          broken = true; // the connection is gone; do not hand it out again
        }
        throw error;
      } finally {
        client.release(broken);
      }
    },
    listen: (channel, onNotify, onError) =>
      listenOnPostgres(
        {
          connectionString: settings.url,
          connectionTimeoutMillis: settings.connectTimeoutMs,
          application_name: 'aircounter-listen',
        },
        channel,
        onNotify,
        onError ?? (() => undefined),
      ),
    close: () => {
      closed ??= pool.end();
      return closed;
    },
  };
}

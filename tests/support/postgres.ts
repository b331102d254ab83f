// A throw-away PostgreSQL server for tests and benchmarks, from Debian's
// `postgresql` package (scripts/setup/system-packages.sh installs it): its own
// data directory in a temp dir, its own port on 127.0.0.1, never the system
// cluster. initdb refuses to run as root, so as root the server runs as the
// `postgres` user on a directory it owns.
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { chown, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { freePort } from './free-port.ts';

const run = promisify(execFile);

/** Debian's PostgreSQL 15 binaries, unless AIR_TEST_PG_BIN names another directory. */
export const POSTGRES_BIN = process.env['AIR_TEST_PG_BIN'] ?? '/usr/lib/postgresql/15/bin';
const SUPERUSER = 'air';
const START_ATTEMPTS = 3;

export interface TestPostgres {
  readonly port: number;
  /** URL of the `postgres` database. */
  readonly url: string;
  /** Creates an empty database and returns its URL (one per suite keeps suites apart). */
  createDatabase(): Promise<string>;
  /** Stops the server at once (`-m immediate`, like a crash) — or cleanly with `{ fast: true }` — and keeps its files. */
  stop(options?: { fast?: boolean }): Promise<void>;
  /** Starts it again on the same port and data (after `stop`). */
  start(): Promise<void>;
  /** Stops the server and deletes its directory. Idempotent. */
  remove(): Promise<void>;
}

const asRoot = userInfo().uid === 0;

/** Runs a server-side binary as `postgres` when we are root. */
async function runServerBinary(binary: string, args: readonly string[]): Promise<void> {
  const path = join(POSTGRES_BIN, binary);
  const [command, commandArgs] = asRoot ? ['runuser', ['-u', 'postgres', '--', path, ...args]] : [path, [...args]];
  await run(command, commandArgs, { timeout: 120_000 });
}

export async function startPostgres(): Promise<TestPostgres> {
  if (!existsSync(join(POSTGRES_BIN, 'initdb'))) {
    throw new Error(
      `PostgreSQL binaries not found in ${POSTGRES_BIN}: run scripts/setup/system-packages.sh (Debian package postgresql)`,
    );
  }
  const root = await mkdtemp(join(tmpdir(), 'air-pg-'));
  const data = join(root, 'data');
  if (asRoot) {
    const { stdout } = await run('id', ['-u', 'postgres']);
    const { stdout: gid } = await run('id', ['-g', 'postgres']);
    await chown(root, Number(stdout.trim()), Number(gid.trim()));
  }
  await runServerBinary('initdb', [
    '-D',
    data,
    '-A',
    'trust',
    '-U',
    SUPERUSER,
    '-E',
    'UTF8',
    '--locale=C',
    '--no-sync',
  ]);

  let port = 0;
  const startOn = async (candidate: number): Promise<void> => {
    const options = `-p ${candidate} -k ${root} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=100`;
    await runServerBinary('pg_ctl', ['-D', data, '-o', options, '-l', join(root, 'server.log'), '-w', 'start']);
  };
  for (let attempt = 1; port === 0; attempt++) {
    const candidate = await freePort();
    try {
      await startOn(candidate);
      port = candidate;
    } catch (error) {
      // Another process may have taken the port between our probe and the server's bind.
      if (attempt >= START_ATTEMPTS) {
        await rm(root, { recursive: true, force: true });
        throw error;
      }
    }
  }

  const url = (database: string) => `postgres://${SUPERUSER}@127.0.0.1:${port}/${database}`;
  let running = true;
  let removed = false;
  const stop = async (options: { fast?: boolean } = {}): Promise<void> => {
    if (!running) return;
    await runServerBinary('pg_ctl', ['-D', data, '-m', options.fast ? 'fast' : 'immediate', '-w', 'stop']);
    running = false;
  };
  return {
    port,
    url: url('postgres'),
    async createDatabase() {
      const name = `air_${randomBytes(6).toString('hex')}`;
      await run(join(POSTGRES_BIN, 'createdb'), ['-h', '127.0.0.1', '-p', String(port), '-U', SUPERUSER, name]);
      return url(name);
    },
    stop,
    async start() {
      if (running) return;
      await startOn(port);
      running = true;
    },
    async remove() {
      if (removed) return;
      removed = true;
      try {
        await stop();
      } finally {
        await rm(root, { recursive: true, force: true });
      }
    },
  };
}

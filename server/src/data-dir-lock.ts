import { randomBytes } from 'node:crypto';
import { readFileSync, unlinkSync } from 'node:fs';
import { link, mkdir, readFile, rmdir, stat, unlink, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { isErrno } from './evidence/errno.ts';

/** Name of the lock file in each locked directory. */
export const LOCK_FILE = 'aircounter.lock';
/** A takeover marker older than this was left by a crash in the middle of a takeover. */
const TAKEOVER_STALE_MS = 10_000;

/** Who holds a directory: enough to tell a live owner from a dead one on this machine. */
interface LockOwner {
  readonly pid: number;
  /** Start time of the process (Linux: clock ticks since boot, /proc/<pid>/stat field 22): pids are reused. */
  readonly startTime: string | null;
  readonly bootId: string | null;
  readonly host: string;
  readonly acquiredAt: string;
  /** Random per acquisition: release removes only its own lock. */
  readonly nonce: string;
}

/** A second server on a directory another live server owns. */
export class DataDirLockedError extends Error {
  readonly dir: string;
  readonly owner: LockOwner | undefined;

  constructor(dir: string, owner: LockOwner | undefined, detail: string) {
    super(
      `${dir} is in use by another AirCounter server (${detail}). ` +
        'One server per data directory: stop the other one, or give this one its own AIR_DATA_DIR.',
    );
    this.name = 'DataDirLockedError';
    this.dir = dir;
    this.owner = owner;
  }
}

export interface DirectoryLock {
  readonly dirs: readonly string[];
  /** Removes the lock files (only those still ours). Idempotent. */
  release(): Promise<void>;
}

/**
 * Takes the exclusive ownership of each directory for this process: a lock
 * file created with O_EXCL (`link(2)` of a complete temporary file, so a
 * reader never sees a half-written one) holding our pid, our process start
 * time and the boot id. A lock whose process is gone (not running, or a
 * reused pid with another start time, or another boot) is stale and taken
 * over — under a `mkdir` takeover marker, so two servers starting at once
 * after a crash cannot both take it. A live owner — or one on another host,
 * whose liveness cannot be checked from here — makes this throw
 * {@link DataDirLockedError}. Node has no flock(2); this needs no native
 * code and survives SIGKILL (the next start finds the owner dead).
 */
export async function lockDirectories(dirs: readonly string[]): Promise<DirectoryLock> {
  const me: LockOwner = {
    pid: process.pid,
    startTime: processStartTime(process.pid),
    bootId: readText('/proc/sys/kernel/random/boot_id'),
    host: hostname(),
    acquiredAt: new Date().toISOString(),
    nonce: randomBytes(12).toString('hex'),
  };
  const held: string[] = [];
  try {
    for (const dir of [...new Set(dirs)]) {
      await lockOne(dir, me);
      held.push(dir);
    }
  } catch (error) {
    for (const dir of held) releaseOne(dir, me);
    throw error;
  }
  // A normal exit (even process.exit) removes the locks; after SIGKILL the next owner finds them stale.
  const onExit = (): void => {
    for (const dir of held) releaseOne(dir, me);
  };
  process.once('exit', onExit);
  let released = false;
  return {
    dirs: held,
    release: () => {
      if (!released) {
        released = true;
        process.off('exit', onExit);
        onExit();
      }
      return Promise.resolve();
    },
  };
}

async function lockOne(dir: string, me: LockOwner): Promise<void> {
  await mkdir(dir, { recursive: true, mode: 0o750 });
  const path = join(dir, LOCK_FILE);
  const temp = join(dir, `.${LOCK_FILE}.${me.nonce}`);
  await writeFile(temp, `${JSON.stringify(me)}\n`, { mode: 0o640, flag: 'wx' });
  try {
    for (let attempt = 0; attempt < 3; attempt++) {
      try {
        await link(temp, path);
        return;
      } catch (error) {
        if (!isErrno(error, 'EEXIST')) throw error;
      }
      const owner = await readOwner(path);
      const verdict = owner === undefined ? 'stale' : liveness(owner, me);
      if (verdict !== 'stale') throw new DataDirLockedError(dir, owner, describe(owner, verdict));
      await takeOver(dir, path, temp, owner);
      if (isOurs(path, me)) return;
    }
    throw new DataDirLockedError(dir, await readOwner(path), 'another server took it at the same moment');
  } finally {
    await unlink(temp).catch(() => undefined);
  }
}

/** Replaces a stale lock by ours, under a takeover marker so only one process does it at a time. */
async function takeOver(dir: string, path: string, temp: string, stale: LockOwner | undefined): Promise<void> {
  const marker = join(dir, `${LOCK_FILE}.takeover`);
  try {
    await mkdir(marker);
  } catch (error) {
    if (!isErrno(error, 'EEXIST')) throw error;
    const age = Date.now() - ((await stat(marker).catch(() => undefined))?.mtimeMs ?? Date.now());
    if (age > TAKEOVER_STALE_MS) await rmdir(marker).catch(() => undefined);
    return; // Someone else is taking over: look again.
  }
  try {
    // Still the stale owner we judged (not a lock another process just took)?
    const current = await readOwner(path);
    if (current?.nonce !== stale?.nonce) return;
    await unlink(path).catch((error: unknown) => {
      if (!isErrno(error, 'ENOENT')) throw error;
    });
    await link(temp, path);
  } finally {
    await rmdir(marker).catch(() => undefined);
  }
}

function liveness(owner: LockOwner, me: LockOwner): 'stale' | 'live' | 'remote' {
  if (owner.host !== me.host) return 'remote';
  if (owner.bootId !== null && me.bootId !== null && owner.bootId !== me.bootId) return 'stale';
  if (!isRunning(owner.pid)) return 'stale';
  if (owner.startTime !== null) {
    const startTime = processStartTime(owner.pid);
    if (startTime !== null && startTime !== owner.startTime) return 'stale';
  }
  return 'live';
}

function describe(owner: LockOwner | undefined, verdict: 'live' | 'remote'): string {
  if (owner === undefined) return 'unreadable lock';
  return verdict === 'remote'
    ? `pid ${owner.pid} on host ${owner.host} since ${owner.acquiredAt}; if that host is gone, remove ${LOCK_FILE}`
    : `pid ${owner.pid} since ${owner.acquiredAt}`;
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists but belongs to another user.
    return isErrno(error, 'EPERM');
  }
}

/** Field 22 of /proc/<pid>/stat (after the parenthesized command, which may contain spaces). */
function processStartTime(pid: number): string | null {
  const text = readText(`/proc/${pid}/stat`);
  if (text === null) return null;
  const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
  return fields[19] ?? null;
}

function readText(path: string): string | null {
  try {
    return readFileSync(path, 'utf8').trim();
  } catch {
    return null;
  }
}

async function readOwner(path: string): Promise<LockOwner | undefined> {
  try {
    const value: unknown = JSON.parse(await readFile(path, 'utf8'));
    const owner = value as Partial<LockOwner>;
    if (typeof owner.pid === 'number' && typeof owner.host === 'string' && typeof owner.nonce === 'string') {
      return value as LockOwner;
    }
  } catch {
    // Unreadable or torn: treated as stale (a lock file is written whole before it is linked, so only damage makes this).
  }
  return undefined;
}

function isOurs(path: string, me: LockOwner): boolean {
  try {
    return (JSON.parse(readFileSync(path, 'utf8')) as Partial<LockOwner>).nonce === me.nonce;
  } catch {
    return false;
  }
}

function releaseOne(dir: string, me: LockOwner): void {
  const path = join(dir, LOCK_FILE);
  if (isOurs(path, me)) {
    try {
      unlinkSync(path);
    } catch {
      // Already gone.
    }
  }
}

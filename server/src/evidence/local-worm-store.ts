import { createHash, randomUUID } from 'node:crypto';
import { createReadStream, type BigIntStats, type Stats } from 'node:fs';
import { chmod, link, mkdir, open, readdir, readFile, rename, stat, truncate, unlink } from 'node:fs/promises';
import { dirname, join, resolve, sep } from 'node:path';
import type { Readable } from 'node:stream';
import {
  ACCESS_LOG_FILE,
  isValidFileName,
  isValidSessionId,
  ROTATED_ACCESS_LOG_PATTERN,
  rotatedAccessLogName,
} from '@aircounter/evidence';
import { AirError } from '@aircounter/protocol';
import { isErrno } from './errno.ts';
import type {
  AppendTarget,
  ByteRange,
  EvidenceStore,
  LogTail,
  ObjectSource,
  PutResult,
  RotatingAppendTarget,
  StoredObject,
} from './store.ts';

const READ_ONLY_FILE = 0o444;
const READ_ONLY_DIR = 0o555;
const WRITABLE_DIR = 0o755;
const APPEND_FILE = 0o640;

/**
 * Write-once evidence storage on a local file system.
 *
 * Layout: `<root>/sessions/<sessionId>/<name>` and `<root>/access-log/access.jsonl`
 * (the current access log; rotated ones beside it as `access.<seq>.jsonl`, read-only).
 * A `put` writes a hidden temporary file (created with O_EXCL), fsyncs it,
 * makes it read-only (0444) and `link(2)`s it to its final name: unlike
 * `rename(2)`, `link` fails when the name exists, so two writers can never
 * replace each other's object, and readers only ever see complete files. The
 * directory is fsynced after every new name. Sealing makes every file 0444 and
 * the session directory 0555; the store refuses writes to a sealed session.
 *
 * Permissions stop other processes of other users; they do not stop root or
 * the owner changing modes back. Tampering is *detected* by the signed
 * manifest and hash chains; for retention guarantees use an object-lock store
 * (see {@link EvidenceStore}).
 */
export class LocalWormStore implements EvidenceStore {
  readonly #root: string;
  readonly #sessionsDir: string;
  /** Objects this store put and hashed, by path, with their identity right after the put (see `storedHash`). */
  readonly #putHashes = new Map<string, { readonly result: PutResult; readonly identity: FileIdentity }>();

  /** Several nodes sharing this directory: each keeps its own access log chain in `access-log/<node id>/`. */
  readonly #accessLogNode: string | undefined;

  constructor(root: string, options: { accessLogNode?: string | undefined } = {}) {
    this.#root = resolve(root);
    this.#accessLogNode = options.accessLogNode;
    this.#sessionsDir = join(this.#root, 'sessions');
  }

  get root(): string {
    return this.#root;
  }

  /** Directory of a session's package (what `aircounter verify` takes). */
  sessionDir(sessionId: string): string {
    if (!isValidSessionId(sessionId)) throw new AirError('INVALID_PARAMS', 'invalid session id');
    return this.#inside(this.#sessionsDir, sessionId);
  }

  async listSessions(): Promise<string[]> {
    const entries = await readdirIfExists(this.#sessionsDir);
    return entries
      .filter((entry) => entry.isDirectory() && isValidSessionId(entry.name))
      .map((entry) => entry.name)
      .sort();
  }

  async list(sessionId: string): Promise<StoredObject[]> {
    const dir = this.sessionDir(sessionId);
    const entries = await readdirIfExists(dir);
    const objects: StoredObject[] = [];
    for (const entry of entries) {
      // Hidden names are temporaries of a put in progress (or one a crash interrupted).
      if (!entry.isFile() || !isValidFileName(entry.name)) continue;
      const info = await stat(join(dir, entry.name));
      objects.push({ name: entry.name, size: info.size });
    }
    return objects.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  }

  async stat(sessionId: string, name: string): Promise<StoredObject | undefined> {
    const info = await statIfExists(this.#objectPath(sessionId, name));
    return info?.isFile() ? { name, size: info.size } : undefined;
  }

  async put(sessionId: string, name: string, source: ObjectSource): Promise<PutResult> {
    const finalPath = this.#objectPath(sessionId, name);
    const dir = dirname(finalPath);
    await this.#ensureWritableSession(sessionId, dir);
    if (await statIfExists(finalPath)) throw writeOnce(sessionId, name);
    const tempPath = join(dir, `.${name}.${randomUUID()}.tmp`);
    // A finished file on the same file system is taken over by name (no copy of a large recording).
    const moved = 'path' in source && source.move === true && (await renameSameDevice(source.path, tempPath));
    let result: PutResult;
    try {
      result = moved ? await hashAndSync(tempPath) : await writeExclusive(tempPath, source);
      await chmod(tempPath, READ_ONLY_FILE);
      await link(tempPath, finalPath);
    } catch (error) {
      // Never lose the caller's file: a moved file goes back where it was.
      if (moved) await rename(tempPath, source.path);
      else await unlinkIfExists(tempPath);
      if (isErrno(error, 'EEXIST')) throw writeOnce(sessionId, name);
      throw error;
    }
    await unlink(tempPath);
    // Taken after the last change put makes to the object (chmod, link and unlink set its ctime).
    this.#putHashes.set(finalPath, { result, identity: identityOf(await stat(finalPath, { bigint: true })) });
    await fsyncDir(dir);
    if (!moved && 'path' in source && source.move === true) await unlink(source.path);
    return result;
  }

  /**
   * The size and SHA-256 `put` computed while writing (or taking over) the
   * object, if it is still the same inode with the same size, modification
   * and change times: any write, truncation, chmod or replacement since
   * changes one of them. Sealing uses it instead of reading every recording
   * a second time. Forgotten across restarts and once the session is sealed.
   */
  async storedHash(sessionId: string, name: string): Promise<PutResult | undefined> {
    return this.#unchangedSincePut(this.#objectPath(sessionId, name));
  }

  async #unchangedSincePut(path: string): Promise<PutResult | undefined> {
    const known = this.#putHashes.get(path);
    if (known === undefined) return undefined;
    const now = await identityIfExists(path);
    if (now !== undefined && sameIdentity(now, known.identity)) return known.result;
    this.#putHashes.delete(path);
    return undefined;
  }

  appendTarget(sessionId: string, name: string): AppendTarget {
    const path = this.#objectPath(sessionId, name);
    const dir = dirname(path);
    return {
      readTail: (maxBytes) => readTail(path, maxBytes),
      append: async (bytes) => {
        await this.#ensureWritableSession(sessionId, dir);
        const existing = await statIfExists(path);
        if (existing && (existing.mode & 0o222) === 0) throw writeOnce(sessionId, name);
        await appendDurably(path, bytes, existing === undefined ? dir : undefined);
      },
      dropTail: async (validLength) => {
        await this.#ensureWritableSession(sessionId, dir);
        await truncate(path, validLength);
      },
    };
  }

  async read(sessionId: string, name: string, range?: ByteRange): Promise<Readable | undefined> {
    const path = this.#objectPath(sessionId, name);
    const info = await statIfExists(path);
    if (!info?.isFile()) return undefined;
    return createReadStream(path, range ? { start: range.start, end: range.end } : {});
  }

  readAll(sessionId: string, name: string): Promise<Uint8Array | undefined> {
    return readIfExists(this.#objectPath(sessionId, name));
  }

  async seal(sessionId: string): Promise<void> {
    const dir = this.sessionDir(sessionId);
    const info = await statIfExists(dir);
    if (!info) throw new AirError('EVIDENCE_NOT_FOUND', `no evidence for session ${sessionId}`);
    for (const entry of await readdirIfExists(dir)) {
      if (!entry.isFile()) continue;
      const path = join(dir, entry.name);
      if (!isValidFileName(entry.name)) {
        // A temporary a crash left behind: it was never an object.
        await unlink(path);
        continue;
      }
      // Put synced the file and made it read-only; unchanged since, it needs neither again (a burst seals hundreds).
      if (await this.#unchangedSincePut(path)) continue;
      const handle = await open(path, 'r');
      try {
        await handle.sync();
      } finally {
        await handle.close();
      }
      await chmod(path, READ_ONLY_FILE);
    }
    await fsyncDir(dir);
    await chmod(dir, READ_ONLY_DIR);
    for (const path of this.#putHashes.keys()) if (dirname(path) === dir) this.#putHashes.delete(path);
  }

  async isSealed(sessionId: string): Promise<boolean> {
    const info = await statIfExists(this.sessionDir(sessionId));
    return info !== undefined && (info.mode & 0o222) === 0;
  }

  accessLogTarget(): RotatingAppendTarget {
    const dir = this.accessLogDir;
    const path = join(dir, ACCESS_LOG_FILE);
    return {
      readTail: async (maxBytes) => {
        const current = await readTail(path, maxBytes);
        if (current !== undefined) return current;
        // A fresh current file continues the newest rotated one.
        const rotated = (await listRotatedAccessLogs(dir)).at(-1);
        if (rotated === undefined) return undefined;
        const tail = await readTail(join(dir, rotated), maxBytes);
        return tail && { ...tail, size: 0 };
      },
      append: async (bytes) => {
        const created = (await statIfExists(path)) === undefined;
        if (created) await mkdir(dir, { recursive: true, mode: WRITABLE_DIR });
        await appendDurably(path, bytes, created ? dir : undefined);
      },
      dropTail: (validLength) => truncate(path, validLength),
      currentSize: async () => (await statIfExists(path))?.size ?? 0,
      rotate: async (nextSeq) => {
        const to = join(dir, rotatedAccessLogName(nextSeq));
        // rename is atomic: after a crash the file is under one name or the other, never both (the
        // data directory lock rules out a second writer). An existing rotated file is never replaced.
        if ((await statIfExists(to)) !== undefined) {
          throw new AirError('INTERNAL', `${rotatedAccessLogName(nextSeq)} already exists`);
        }
        await rename(path, to);
        await chmod(to, READ_ONLY_FILE);
        await fsyncDir(dir);
      },
    };
  }

  /** Where the access log's files are (`aircounter verify-access-log` takes this directory). */
  get accessLogDir(): string {
    const dir = join(this.#root, 'access-log');
    return this.#accessLogNode === undefined ? dir : join(dir, this.#accessLogNode);
  }

  #objectPath(sessionId: string, name: string): string {
    if (!isValidFileName(name)) throw new AirError('INVALID_PARAMS', 'invalid evidence file name');
    return this.#inside(this.sessionDir(sessionId), name);
  }

  /** Joins and re-checks containment: the name patterns already exclude separators; this is the second lock. */
  #inside(parent: string, child: string): string {
    const path = resolve(parent, child);
    if (dirname(path) !== parent || !path.startsWith(`${parent}${sep}`)) {
      throw new AirError('INVALID_PARAMS', 'path escapes the evidence directory');
    }
    return path;
  }

  async #ensureWritableSession(sessionId: string, dir: string): Promise<void> {
    const info = await statIfExists(dir);
    if (info === undefined) {
      await mkdir(dir, { recursive: true, mode: WRITABLE_DIR });
      await fsyncDir(dirname(dir));
      return;
    }
    if ((info.mode & 0o222) === 0) {
      throw new AirError('STORAGE_WRITE_ONCE', `evidence of session ${sessionId} is sealed`);
    }
  }
}

function writeOnce(sessionId: string, name: string): AirError {
  return new AirError('STORAGE_WRITE_ONCE', `${name} of session ${sessionId} already exists and cannot be replaced`);
}

/** What changes when a file's bytes, length, mode or links change, or it is replaced by another file. */
interface FileIdentity {
  readonly dev: bigint;
  readonly ino: bigint;
  readonly size: bigint;
  readonly mtimeNs: bigint;
  readonly ctimeNs: bigint;
}

function identityOf(info: BigIntStats): FileIdentity {
  return { dev: info.dev, ino: info.ino, size: info.size, mtimeNs: info.mtimeNs, ctimeNs: info.ctimeNs };
}

function sameIdentity(a: FileIdentity, b: FileIdentity): boolean {
  return a.dev === b.dev && a.ino === b.ino && a.size === b.size && a.mtimeNs === b.mtimeNs && a.ctimeNs === b.ctimeNs;
}

async function renameSameDevice(from: string, to: string): Promise<boolean> {
  try {
    await rename(from, to);
    return true;
  } catch (error) {
    if (isErrno(error, 'EXDEV')) return false;
    throw error;
  }
}

/** Creates `tempPath` (O_EXCL), writes the source while hashing it, fsyncs. */
async function writeExclusive(tempPath: string, source: ObjectSource): Promise<PutResult> {
  const hash = createHash('sha256');
  let size = 0;
  const handle = await open(tempPath, 'wx', 0o600);
  try {
    for await (const chunk of chunksOf(source)) {
      hash.update(chunk);
      size += chunk.byteLength;
      await handle.write(chunk);
    }
    await handle.sync();
  } finally {
    await handle.close();
  }
  return { size, sha256: hash.digest('hex') };
}

async function* chunksOf(source: ObjectSource): AsyncIterable<Uint8Array> {
  if ('bytes' in source) yield source.bytes;
  else if ('stream' in source) yield* source.stream;
  else yield* createReadStream(source.path) as AsyncIterable<Uint8Array>;
}

async function hashAndSync(path: string): Promise<PutResult> {
  const hash = createHash('sha256');
  let size = 0;
  const handle = await open(path, 'r');
  try {
    for await (const chunk of handle.createReadStream({ autoClose: false }) as AsyncIterable<Uint8Array>) {
      hash.update(chunk);
      size += chunk.byteLength;
    }
    await handle.sync();
  } finally {
    await handle.close();
  }
  return { size, sha256: hash.digest('hex') };
}

async function appendDurably(path: string, bytes: Uint8Array, newInDir: string | undefined): Promise<void> {
  const handle = await open(path, 'a', APPEND_FILE);
  try {
    await handle.write(bytes);
    await handle.datasync();
  } finally {
    await handle.close();
  }
  if (newInDir !== undefined) await fsyncDir(newInDir);
}

async function fsyncDir(dir: string): Promise<void> {
  const handle = await open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

async function identityIfExists(path: string): Promise<FileIdentity | undefined> {
  try {
    return identityOf(await stat(path, { bigint: true }));
  } catch (error) {
    if (isErrno(error, 'ENOENT')) return undefined;
    throw error;
  }
}

async function statIfExists(path: string): Promise<Stats | undefined> {
  try {
    return await stat(path);
  } catch (error) {
    if (isErrno(error, 'ENOENT')) return undefined;
    throw error;
  }
}

/** The last `maxBytes` bytes of a file; undefined when it does not exist or is empty. */
async function readTail(path: string, maxBytes: number): Promise<LogTail | undefined> {
  let handle;
  try {
    handle = await open(path, 'r');
  } catch (error) {
    if (isErrno(error, 'ENOENT')) return undefined;
    throw error;
  }
  try {
    const { size } = await handle.stat();
    if (size === 0) return undefined;
    const length = Math.min(size, maxBytes);
    const bytes = new Uint8Array(length);
    const { bytesRead } = await handle.read(bytes, 0, length, size - length);
    return { bytes: bytes.subarray(0, bytesRead), atStart: length === size, size };
  } finally {
    await handle.close();
  }
}

/** Rotated access log files, oldest first. */
export async function listRotatedAccessLogs(dir: string): Promise<string[]> {
  return (await readdirIfExists(dir))
    .filter((entry) => entry.isFile() && ROTATED_ACCESS_LOG_PATTERN.test(entry.name))
    .map((entry) => entry.name)
    .sort();
}

async function readIfExists(path: string): Promise<Uint8Array | undefined> {
  try {
    return new Uint8Array(await readFile(path));
  } catch (error) {
    if (isErrno(error, 'ENOENT')) return undefined;
    throw error;
  }
}

async function readdirIfExists(dir: string) {
  try {
    return await readdir(dir, { withFileTypes: true });
  } catch (error) {
    if (isErrno(error, 'ENOENT')) return [];
    throw error;
  }
}

async function unlinkIfExists(path: string): Promise<void> {
  try {
    await unlink(path);
  } catch (error) {
    if (!isErrno(error, 'ENOENT')) throw error;
  }
}

import { chmod, readdir, rmdir, stat, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { GetObjectCommand, ListObjectsV2Command, type S3Client } from '@aws-sdk/client-s3';
import { canonicalJson, isValidFileName, isValidSessionId, utf8 } from '@aircounter/evidence';
import { AirError } from '@aircounter/protocol';
import type { Logger } from '../log.ts';
import { isErrno } from './errno.ts';
import type { LocalWormStore } from './local-worm-store.ts';
import { isNotFound } from './s3-client.ts';
import { headObject, uploadLocked, type ObjectLocation } from './s3-locked-upload.ts';
import { retainUntil, type S3StoreSettings } from './s3-settings.ts';
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

/** Format of the seal record, the last object a package's upload writes. */
export const S3_SEAL_FORMAT = 'aircounter.s3-seal/1';

export interface S3EvidenceStoreOptions {
  /** Local write-once store where packages live until they are sealed (appends need a file system). */
  readonly staging: LocalWormStore;
  readonly client: S3Client;
  readonly settings: S3StoreSettings;
  readonly now?: () => number;
  readonly log?: Logger;
}

/**
 * Evidence packages on S3-compatible object storage with Object Lock.
 *
 * While a session lives, its package is staged in a {@link LocalWormStore}
 * (event log appends, recordings, artifacts: S3 has no append). `seal`
 * seals the staged package, uploads every file to
 * `<prefix>sessions/<sessionId>/<name>` locked in COMPLIANCE mode until
 * now + `retentionDays`, with its SHA-256 on the request, confirms each
 * stored object, then writes the seal record `<prefix>seals/<sessionId>.json`
 * (the files' names, sizes and SHA-256s) and only then removes the staged
 * copy. From then on every read comes from the bucket.
 *
 * A crash or a failed request mid-upload leaves the staged package sealed and
 * no seal record: `seal` again (or `resumeUploads` at start-up) uploads what
 * is missing, confirms what is there (same key, same bytes) and never writes
 * a second, different package. The auditor access log stays on local disk.
 */
export class S3EvidenceStore implements EvidenceStore {
  readonly #staging: LocalWormStore;
  readonly #client: S3Client;
  readonly #settings: S3StoreSettings;
  readonly #now: () => number;
  readonly #log: Logger | undefined;
  /** Sessions whose seal record is in the bucket: immutable, so never asked again. */
  readonly #sealed = new Set<string>();
  /** One seal at a time per session (a retry while an upload is under way joins it). */
  readonly #sealing = new Map<string, Promise<void>>();

  constructor(options: S3EvidenceStoreOptions) {
    this.#staging = options.staging;
    this.#client = options.client;
    this.#settings = options.settings;
    this.#now = options.now ?? Date.now;
    this.#log = options.log;
  }

  get bucket(): string {
    return this.#settings.bucket;
  }

  /** Key prefix of a session's package in the bucket (what an S3 package reader lists). */
  sessionPrefix(sessionId: string): string {
    if (!isValidSessionId(sessionId)) throw new AirError('INVALID_PARAMS', 'invalid session id');
    return `${this.#settings.prefix}sessions/${sessionId}/`;
  }

  async listSessions(): Promise<string[]> {
    const sessions = new Set(await this.#staging.listSessions());
    for (const key of await this.#listKeys(this.#sealsPrefix)) {
      const sessionId = key.slice(this.#sealsPrefix.length).replace(/\.json$/, '');
      if (!key.endsWith('.json') || !isValidSessionId(sessionId)) continue;
      // A listed seal record is as good as a HeadObject of it: no request per session afterwards.
      this.#sealed.add(sessionId);
      sessions.add(sessionId);
    }
    return [...sessions].sort();
  }

  async list(sessionId: string): Promise<StoredObject[]> {
    if (!(await this.#isInBucket(sessionId))) return this.#staging.list(sessionId);
    const prefix = this.sessionPrefix(sessionId);
    const objects: StoredObject[] = [];
    for (const { key, size } of await this.#listObjects(prefix)) {
      const name = key.slice(prefix.length);
      if (isValidFileName(name)) objects.push({ name, size });
    }
    return objects.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  }

  async stat(sessionId: string, name: string): Promise<StoredObject | undefined> {
    if (!(await this.#isInBucket(sessionId))) return this.#staging.stat(sessionId, name);
    const head = await headObject(this.#objectAt(sessionId, name));
    return head === undefined ? undefined : { name, size: head.ContentLength ?? 0 };
  }

  async put(sessionId: string, name: string, source: ObjectSource): Promise<PutResult> {
    await this.#refuseIfInBucket(sessionId);
    return this.#staging.put(sessionId, name, source);
  }

  async storedHash(sessionId: string, name: string): Promise<PutResult | undefined> {
    if (await this.#isInBucket(sessionId)) return undefined;
    return this.#staging.storedHash(sessionId, name);
  }

  appendTarget(sessionId: string, name: string): AppendTarget {
    const staged = this.#staging.appendTarget(sessionId, name);
    return {
      readTail: async (maxBytes) =>
        (await this.#isInBucket(sessionId))
          ? this.#readRemoteTail(sessionId, name, maxBytes)
          : staged.readTail(maxBytes),
      append: async (bytes) => {
        await this.#refuseIfInBucket(sessionId);
        await staged.append(bytes);
      },
      dropTail: async (validLength) => {
        await this.#refuseIfInBucket(sessionId);
        await staged.dropTail(validLength);
      },
    };
  }

  async read(sessionId: string, name: string, range?: ByteRange): Promise<Readable | undefined> {
    if (!(await this.#isInBucket(sessionId))) return this.#staging.read(sessionId, name, range);
    const body = await this.#getObject(sessionId, name, range);
    return body as Readable | undefined;
  }

  async readAll(sessionId: string, name: string): Promise<Uint8Array | undefined> {
    if (!(await this.#isInBucket(sessionId))) return this.#staging.readAll(sessionId, name);
    const body = await this.#getObject(sessionId, name);
    return body === undefined ? undefined : body.transformToByteArray();
  }

  /** Seals the staged package and uploads it (idempotent: a retry finishes an interrupted upload). */
  seal(sessionId: string): Promise<void> {
    const running = this.#sealing.get(sessionId);
    if (running !== undefined) return running;
    const work = this.#sealAndUpload(sessionId).finally(() => this.#sealing.delete(sessionId));
    this.#sealing.set(sessionId, work);
    return work;
  }

  /** Sealed once the seal record is in the bucket; a package still uploading is not. */
  isSealed(sessionId: string): Promise<boolean> {
    return this.#hasSealRecord(sessionId);
  }

  /** The access log is appended to on local disk (S3 has no append). */
  accessLogTarget(): RotatingAppendTarget {
    return this.#staging.accessLogTarget();
  }

  /**
   * Start-up: finishes the uploads an earlier run left half done (the staged
   * package is sealed, the seal record missing) and removes staged copies
   * whose upload was complete. Packages of live sessions (not sealed) stay.
   * Returns the sessions it finished; a failure is logged and retried on the
   * next seal or start.
   */
  async resumeUploads(): Promise<string[]> {
    const finished: string[] = [];
    for (const sessionId of await this.#staging.listSessions()) {
      if (!(await this.#staging.isSealed(sessionId))) continue;
      try {
        await this.seal(sessionId);
        finished.push(sessionId);
        this.#log?.warn('finished the upload of a package an earlier run left half done', { sessionId });
      } catch (error) {
        this.#log?.error('evidence package upload not finished; retried at the next start', { sessionId, error });
      }
    }
    return finished;
  }

  async #sealAndUpload(sessionId: string): Promise<void> {
    if (await this.#hasSealRecord(sessionId)) {
      await this.#removeStaged(sessionId);
      return;
    }
    await this.#staging.seal(sessionId);
    const lockedUntil = retainUntil(this.#settings, this.#now());
    const options = { partBytes: this.#settings.partBytes, retainUntil: lockedUntil, ...this.#logOption };
    const dir = this.#staging.sessionDir(sessionId);
    const files: { name: string; size: number; sha256: string }[] = [];
    for (const object of await this.#staging.list(sessionId)) {
      const result = await uploadLocked(
        this.#objectAt(sessionId, object.name),
        { path: join(dir, object.name) },
        options,
      );
      files.push({ name: object.name, size: result.checksums.size, sha256: result.checksums.sha256 });
      this.#log?.debug('evidence object stored', {
        sessionId,
        name: object.name,
        uploaded: result.uploaded,
        confirmedBy: result.confirmedBy,
      });
    }
    // The seal record's bytes depend on the package only, so a retry after a lost answer writes the same record.
    const record = utf8(canonicalJson({ format: S3_SEAL_FORMAT, sessionId, files }));
    await uploadLocked(this.#sealAt(sessionId), { bytes: record }, options);
    this.#sealed.add(sessionId);
    await this.#removeStaged(sessionId);
    this.#log?.info('evidence package stored in the bucket', {
      sessionId,
      files: files.length,
      retainUntil: lockedUntil.toISOString(),
    });
  }

  /**
   * Removes the staged copy of a package whose seal record is in the bucket,
   * after checking once more that the bucket lists every staged file with its size.
   */
  async #removeStaged(sessionId: string): Promise<void> {
    const staged = await this.#staging.list(sessionId);
    if (staged.length === 0 && !(await this.#stagedDirExists(sessionId))) return;
    const prefix = this.sessionPrefix(sessionId);
    const inBucket = new Map(
      (await this.#listObjects(prefix)).map(({ key, size }) => [key.slice(prefix.length), size]),
    );
    const missing = staged.filter((object) => inBucket.get(object.name) !== object.size);
    if (missing.length > 0) {
      throw new AirError(
        'INTERNAL',
        `the bucket lacks ${missing.map((object) => object.name).join(', ')} of session ${sessionId}; the staged copy is kept`,
      );
    }
    const dir = this.#staging.sessionDir(sessionId);
    // The staged directory was sealed read-only; the owner makes it writable again only to empty it.
    await chmod(dir, 0o700);
    for (const entry of await readdir(dir)) await unlink(join(dir, entry));
    await rmdir(dir);
  }

  async #stagedDirExists(sessionId: string): Promise<boolean> {
    try {
      return (await stat(this.#staging.sessionDir(sessionId))).isDirectory();
    } catch (error) {
      if (isErrno(error, 'ENOENT')) return false;
      throw error;
    }
  }

  /**
   * Whether reads of the session go to the bucket. A staged package that is
   * not sealed is still being written, so no seal record can exist: no
   * request is made for live sessions.
   */
  async #isInBucket(sessionId: string): Promise<boolean> {
    if (this.#sealed.has(sessionId)) return true;
    if ((await this.#stagedDirExists(sessionId)) && !(await this.#staging.isSealed(sessionId))) return false;
    return this.#hasSealRecord(sessionId);
  }

  /** Writes to a session already in the bucket would start a second package beside it. */
  async #refuseIfInBucket(sessionId: string): Promise<void> {
    if (await this.#stagedDirExists(sessionId)) return;
    if (await this.#hasSealRecord(sessionId)) {
      throw new AirError('STORAGE_WRITE_ONCE', `evidence of session ${sessionId} is sealed`);
    }
  }

  async #hasSealRecord(sessionId: string): Promise<boolean> {
    if (this.#sealed.has(sessionId)) return true;
    const found = (await headObject(this.#sealAt(sessionId))) !== undefined;
    if (found) this.#sealed.add(sessionId);
    return found;
  }

  async #getObject(sessionId: string, name: string, range?: ByteRange) {
    try {
      const got = await this.#client.send(
        new GetObjectCommand({
          Bucket: this.#settings.bucket,
          Key: this.#objectAt(sessionId, name).key,
          ...(range === undefined ? {} : { Range: `bytes=${range.start}-${range.end}` }),
        }),
      );
      return got.Body;
    } catch (error) {
      if (isNotFound(error)) return undefined;
      throw error;
    }
  }

  async #readRemoteTail(sessionId: string, name: string, maxBytes: number): Promise<LogTail | undefined> {
    const size = (await this.stat(sessionId, name))?.size ?? 0;
    if (size === 0) return undefined;
    const length = Math.min(size, maxBytes);
    const body = await this.#getObject(sessionId, name, { start: size - length, end: size - 1 });
    if (body === undefined) return undefined;
    return { bytes: await body.transformToByteArray(), atStart: length === size, size };
  }

  async #listKeys(prefix: string): Promise<string[]> {
    return (await this.#listObjects(prefix)).map(({ key }) => key);
  }

  async #listObjects(prefix: string): Promise<{ key: string; size: number }[]> {
    const out: { key: string; size: number }[] = [];
    let token: string | undefined;
    do {
      const page = await this.#client.send(
        new ListObjectsV2Command({ Bucket: this.#settings.bucket, Prefix: prefix, ContinuationToken: token }),
      );
      for (const object of page.Contents ?? []) {
        if (object.Key !== undefined) out.push({ key: object.Key, size: object.Size ?? 0 });
      }
      token = page.IsTruncated === true ? page.NextContinuationToken : undefined;
    } while (token !== undefined);
    return out;
  }

  #objectAt(sessionId: string, name: string): ObjectLocation {
    if (!isValidFileName(name)) throw new AirError('INVALID_PARAMS', 'invalid evidence file name');
    return { client: this.#client, bucket: this.#settings.bucket, key: `${this.sessionPrefix(sessionId)}${name}` };
  }

  #sealAt(sessionId: string): ObjectLocation {
    if (!isValidSessionId(sessionId)) throw new AirError('INVALID_PARAMS', 'invalid session id');
    return { client: this.#client, bucket: this.#settings.bucket, key: `${this.#sealsPrefix}${sessionId}.json` };
  }

  get #sealsPrefix(): string {
    return `${this.#settings.prefix}seals/`;
  }

  get #logOption(): { log?: Logger } {
    return this.#log === undefined ? {} : { log: this.#log };
  }
}

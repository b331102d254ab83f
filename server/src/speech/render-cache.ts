import { createHash, randomBytes } from 'node:crypto';
import { mkdir, readdir, readFile, rename, rm, stat, utimes, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import * as v from 'valibot';
import type { Logger } from '../log.ts';
import type { SpeechAudio } from './types.ts';

/** What identifies one rendering: the same key gives the same audio. */
export interface RenderKey {
  readonly engine: string;
  readonly voice: string;
  readonly rateWpm: number;
  readonly text: string;
}

/** The sidecar beside each cached `<key>.ogg`. */
const CacheEntry = v.object({
  durationMs: v.pipe(v.number(), v.finite(), v.minValue(0)),
  sha256: v.pipe(v.string(), v.regex(/^[0-9a-f]{64}$/)),
});

const KEY_FILE = /^([0-9a-f]{64})\.(ogg|json)$/;

function sha256(bytes: Uint8Array | string): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/**
 * Rendered speech on disk, keyed by the SHA-256 of (engine, voice, rate, text),
 * so a disclosure spoken in every session is rendered once. Bounded by
 * `maxBytes` (AIR_SPEECH_CACHE_MAX_BYTES): after each write the least recently
 * used entries go until the cache fits. Entries are written under a temporary
 * name and renamed, and checked against their recorded hash on every read, so
 * a torn or altered file is a miss, never wrong audio. A cache that cannot be
 * written is logged and skipped: rendering works without it.
 */
export class RenderCache {
  readonly #dir: string;
  readonly #maxBytes: number;
  readonly #log: Logger;

  constructor(options: { readonly dir: string; readonly maxBytes: number; readonly log: Logger }) {
    this.#dir = options.dir;
    this.#maxBytes = options.maxBytes;
    this.#log = options.log;
  }

  get enabled(): boolean {
    return this.#maxBytes > 0;
  }

  static keyOf(key: RenderKey): string {
    return sha256(JSON.stringify([key.engine, key.voice, key.rateWpm, key.text]));
  }

  async get(key: RenderKey): Promise<SpeechAudio | undefined> {
    if (!this.enabled) return undefined;
    const id = RenderCache.keyOf(key);
    try {
      const entry = v.safeParse(CacheEntry, JSON.parse(await readFile(this.#path(id, 'json'), 'utf8')) as unknown);
      if (!entry.success) return undefined;
      const opus = new Uint8Array(await readFile(this.#path(id, 'ogg')));
      if (sha256(opus) !== entry.output.sha256) return undefined;
      const now = new Date();
      await utimes(this.#path(id, 'ogg'), now, now);
      return { opus, durationMs: entry.output.durationMs };
    } catch (error: unknown) {
      if (!isMissing(error)) this.#log.warn('speech cache entry unreadable', { error, key: id });
      return undefined;
    }
  }

  async put(key: RenderKey, audio: SpeechAudio): Promise<void> {
    if (!this.enabled || audio.opus.byteLength > this.#maxBytes) return;
    const id = RenderCache.keyOf(key);
    try {
      await mkdir(this.#dir, { recursive: true, mode: 0o750 });
      const suffix = randomBytes(6).toString('hex');
      const tmpOgg = join(this.#dir, `.${id}.${suffix}.ogg.tmp`);
      const tmpJson = join(this.#dir, `.${id}.${suffix}.json.tmp`);
      await writeFile(tmpOgg, audio.opus, { mode: 0o640 });
      await writeFile(tmpJson, JSON.stringify({ durationMs: audio.durationMs, sha256: sha256(audio.opus) }), {
        mode: 0o640,
      });
      // The sidecar names the hash of the audio: readers never pair a new sidecar with old audio unnoticed.
      await rename(tmpOgg, this.#path(id, 'ogg'));
      await rename(tmpJson, this.#path(id, 'json'));
      await this.#evict();
    } catch (error: unknown) {
      this.#log.warn('speech cache write failed; rendering goes on without it', { error, key: id });
    }
  }

  /** Removes the least recently used entries until the cache fits its bound. */
  async #evict(): Promise<void> {
    const entries = new Map<string, { bytes: number; usedMs: number }>();
    for (const name of await readdir(this.#dir)) {
      const match = KEY_FILE.exec(name);
      if (!match?.[1]) continue;
      const info = await stat(join(this.#dir, name)).catch((error: unknown) => {
        if (isMissing(error)) return undefined;
        throw error;
      });
      if (!info) continue;
      const entry = entries.get(match[1]) ?? { bytes: 0, usedMs: 0 };
      entry.bytes += info.size;
      if (match[2] === 'ogg') entry.usedMs = info.mtimeMs;
      entries.set(match[1], entry);
    }
    let total = [...entries.values()].reduce((sum, entry) => sum + entry.bytes, 0);
    const oldestFirst = [...entries.entries()].sort((a, b) => a[1].usedMs - b[1].usedMs);
    for (const [id, entry] of oldestFirst) {
      if (total <= this.#maxBytes) break;
      await rm(this.#path(id, 'json'), { force: true });
      await rm(this.#path(id, 'ogg'), { force: true });
      total -= entry.bytes;
    }
  }

  #path(id: string, ext: 'ogg' | 'json'): string {
    return join(this.#dir, `${id}.${ext}`);
  }
}

function isMissing(error: unknown): boolean {
  return error instanceof Error && 'code' in error && error.code === 'ENOENT';
}

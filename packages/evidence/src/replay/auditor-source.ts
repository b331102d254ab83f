import { AirError, isErrorCode } from '@aircounter/protocol';
import { PACKAGE_STATUSES, type PackageStatus } from '../auditor-api.ts';
import {
  createHttpEvidenceReader,
  EVIDENCE_API_PATH,
  EvidenceHttpError,
  fetchSigningKeys,
  isValidSessionId,
  mediaTypeFor,
  type Ed25519PublicJwk,
  type EvidenceReader,
  type PackageFileInfo,
} from '../index.ts';
import type { ReplaySource } from './replay-source.ts';

export interface AuditorSourceOptions {
  /** Origin (and optional base path) of the AirCounter server, e.g. `https://kyc.bank.example`. */
  readonly baseUrl: string;
  /** Auditor token (aud `aircounter-evidence`), or a function returning a fresh one for each request. */
  readonly token: string | (() => string | Promise<string>);
  /**
   * Keys trusted to sign manifests. Default: the server's published set
   * (`/.well-known/aircounter/signing-keys`). Pin them here when the
   * compliance team should not take the evidence server's word for its keys.
   */
  readonly signingKeys?: readonly Ed25519PublicJwk[];
  /** Defaults to the global fetch. */
  readonly fetch?: typeof fetch;
}

/** One session as the auditor API lists it. */
export interface AuditorSessionSummary {
  readonly sessionId: string;
  readonly createdAt: string | null;
  readonly finalizedAt: string | null;
  readonly status: PackageStatus;
  readonly incompleteReason: string | null;
  readonly agentId: string | null;
  readonly reference: string | null;
}

export interface AuditorSessionQuery {
  /** Created at or after (ISO 8601). */
  readonly from?: string;
  /** Created at or before (ISO 8601). */
  readonly to?: string;
  readonly agentId?: string;
  readonly status?: AuditorSessionSummary['status'];
  readonly limit?: number;
  /** `nextCursor` of the previous page. */
  readonly cursor?: string;
}

export interface AuditorSessionPage {
  readonly sessions: readonly AuditorSessionSummary[];
  readonly nextCursor: string | null;
}

/** A {@link ReplaySource} over the auditor REST API, plus the session list a portal needs. */
export interface AuditorSource extends ReplaySource {
  stream(sessionId: string, name: string): AsyncIterable<Uint8Array>;
  releaseMediaUrl(url: string): void;
  release(sessionId: string): void;
  listSessions(query?: AuditorSessionQuery): Promise<AuditorSessionPage>;
}

interface SessionCache {
  readonly abort: AbortController;
  readonly reader: EvidenceReader;
  listing: Promise<readonly PackageFileInfo[]> | undefined;
  readonly files: Map<string, Promise<Blob | undefined>>;
  readonly urls: Set<string>;
}

/**
 * The auditor API as a replay source. Each file is downloaded once, with the
 * token in the `Authorization` header, into a `Blob`; the integrity check
 * hashes that blob and the media elements play it through a `blob:` URL. So
 * the auditor watches exactly the bytes that were verified, and no bearer
 * credential ever appears in a URL (where `<video src>` would otherwise need
 * it, and where proxies and logs would keep it).
 *
 * The cost: a file plays once it is fully downloaded, and it is held by the
 * browser (which pages large blobs to disk) until {@link ReplaySource.release}.
 * Session recordings are tens of megabytes per track, which suits this; see
 * docs/components/session-replay.overview.md for the trade-off.
 */
export function createAuditorSource(options: AuditorSourceOptions): AuditorSource {
  const baseUrl = options.baseUrl.endsWith('/') ? options.baseUrl.slice(0, -1) : options.baseUrl;
  const rawFetch = options.fetch ?? globalThis.fetch.bind(globalThis);
  const sessions = new Map<string, SessionCache>();
  let keys: Promise<readonly Ed25519PublicJwk[]> | undefined;

  /** fetch whose network failures carry an error code (the element reports codes, not TypeErrors). */
  const doFetch: typeof fetch = async (input, init) => {
    try {
      return await rawFetch(input, init);
    } catch (error) {
      if (error instanceof DOMException && error.name === 'AbortError') throw error;
      throw new AirError('CONNECTION_LOST', 'the evidence server cannot be reached', { cause: error });
    }
  };

  function cacheOf(sessionId: string): SessionCache {
    let cache = sessions.get(sessionId);
    if (cache) return cache;
    if (!isValidSessionId(sessionId)) throw new AirError('INVALID_PARAMS', `invalid session id: ${sessionId}`);
    const abort = new AbortController();
    const reader = createHttpEvidenceReader({
      baseUrl,
      sessionId,
      token: options.token,
      fetch: (input, init) => doFetch(input, { ...init, signal: abort.signal }),
    });
    cache = { abort, reader, listing: undefined, files: new Map(), urls: new Set() };
    sessions.set(sessionId, cache);
    return cache;
  }

  function listing(cache: SessionCache): Promise<readonly PackageFileInfo[]> {
    cache.listing ??= cache.reader.list().catch((error: unknown) => {
      cache.listing = undefined;
      throw typedError(error);
    });
    return cache.listing;
  }

  /** The file's bytes as a Blob, downloaded at most once per session view. */
  function download(sessionId: string, name: string): Promise<Blob | undefined> {
    const cache = cacheOf(sessionId);
    let pending = cache.files.get(name);
    if (pending) return pending;
    pending = (async () => {
      const files = await listing(cache);
      if (!files.some((file) => file.name === name)) return undefined;
      const chunks: Uint8Array<ArrayBuffer>[] = [];
      if (cache.reader.stream) {
        for await (const chunk of cache.reader.stream(name)) chunks.push(chunk as Uint8Array<ArrayBuffer>);
      } else {
        const bytes = await cache.reader.read(name);
        if (bytes === undefined) return undefined;
        chunks.push(bytes as Uint8Array<ArrayBuffer>);
      }
      return new Blob(chunks, { type: mediaTypeFor(name) });
    })().catch((error: unknown) => {
      cache.files.delete(name);
      throw typedError(error);
    });
    cache.files.set(name, pending);
    return pending;
  }

  async function existing(sessionId: string, name: string): Promise<Blob> {
    const blob = await download(sessionId, name);
    if (blob === undefined) throw new AirError('EVIDENCE_NOT_FOUND', `${name} is not in session ${sessionId}`);
    return blob;
  }

  async function authorization(): Promise<string> {
    return `Bearer ${typeof options.token === 'string' ? options.token : await options.token()}`;
  }

  return {
    async listFiles(sessionId) {
      return listing(cacheOf(sessionId));
    },

    async read(sessionId, name) {
      const blob = await download(sessionId, name);
      return blob === undefined ? undefined : new Uint8Array(await blob.arrayBuffer());
    },

    async *stream(sessionId, name) {
      const reader = (await existing(sessionId, name)).stream().getReader();
      try {
        for (;;) {
          const { done, value } = await reader.read();
          if (done) return;
          yield value;
        }
      } finally {
        reader.releaseLock();
      }
    },

    async mediaUrl(sessionId, name) {
      const blob = await existing(sessionId, name);
      const url = URL.createObjectURL(blob);
      cacheOf(sessionId).urls.add(url);
      return url;
    },

    releaseMediaUrl(url) {
      URL.revokeObjectURL(url);
      for (const cache of sessions.values()) cache.urls.delete(url);
    },

    signingKeys() {
      if (options.signingKeys) return Promise.resolve(options.signingKeys);
      keys ??= fetchSigningKeys(baseUrl, doFetch).catch((error: unknown) => {
        keys = undefined;
        throw typedError(error);
      });
      return keys;
    },

    release(sessionId) {
      const cache = sessions.get(sessionId);
      if (!cache) return;
      sessions.delete(sessionId);
      cache.abort.abort();
      for (const url of cache.urls) URL.revokeObjectURL(url);
    },

    async listSessions(query = {}) {
      const params = new URLSearchParams();
      for (const [key, value] of Object.entries(query)) {
        if (value !== undefined) params.set(key, String(value));
      }
      const search = params.size > 0 ? `?${params.toString()}` : '';
      const response = await doFetch(`${baseUrl}${EVIDENCE_API_PATH}/sessions${search}`, {
        headers: { authorization: await authorization() },
        cache: 'no-store',
      });
      if (!response.ok) throw await httpFailure(response);
      return parseSessionPage(await response.json());
    },
  };
}

/** HTTP failures with the server's code as an AirError (so `air-error` carries it); others unchanged. */
function typedError(error: unknown): unknown {
  if (error instanceof EvidenceHttpError && error.code !== undefined && isErrorCode(error.code)) {
    return new AirError(error.code, error.message, { cause: error });
  }
  return error;
}

async function httpFailure(response: Response): Promise<Error> {
  let code: unknown;
  let message = `HTTP ${response.status}`;
  try {
    const body = (await response.json()) as { error?: { code?: unknown; message?: unknown } };
    code = body.error?.code;
    if (typeof body.error?.message === 'string') message = `${message}: ${body.error.message}`;
  } catch (error) {
    // Not JSON (a proxy's error page): the status is the report.
    return new EvidenceHttpError(response.status, undefined, `${message} (${String(error)})`);
  }
  return isErrorCode(code) ? new AirError(code, message) : new EvidenceHttpError(response.status, undefined, message);
}

const STATUSES: readonly string[] = PACKAGE_STATUSES;

function parseSessionPage(value: unknown): AuditorSessionPage {
  const body = (typeof value === 'object' && value !== null ? value : {}) as Record<string, unknown>;
  if (!Array.isArray(body['sessions'])) throw new AirError('INTERNAL', 'session list: "sessions" is not an array');
  const text = (v: unknown): string | null => (typeof v === 'string' ? v : null);
  const sessions = body['sessions'].flatMap((item: unknown): AuditorSessionSummary[] => {
    if (typeof item !== 'object' || item === null) return [];
    const entry = item as Record<string, unknown>;
    const sessionId = text(entry['sessionId']);
    const status = text(entry['status']);
    if (sessionId === null || status === null || !STATUSES.includes(status)) return [];
    return [
      {
        sessionId,
        createdAt: text(entry['createdAt']),
        finalizedAt: text(entry['finalizedAt']),
        status: status as AuditorSessionSummary['status'],
        incompleteReason: text(entry['incompleteReason']),
        agentId: text(entry['agentId']),
        reference: text(entry['reference']),
      },
    ];
  });
  return { sessions, nextCursor: text(body['nextCursor']) };
}

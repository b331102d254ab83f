import { chunksOf } from './chunks.ts';
import { isValidFileName, isValidSessionId } from './format.ts';
import { parsePublicKeys, type Ed25519PublicJwk } from './keys.ts';
import type { EvidenceReader, PackageFileInfo } from './reader.ts';

/** Path of the public signing keys (JWK set) on an AirCounter server. */
export const SIGNING_KEYS_PATH = '/.well-known/aircounter/signing-keys';
/** Prefix of the auditor REST API. */
export const EVIDENCE_API_PATH = '/api/v1/evidence';

export interface HttpReaderOptions {
  /** Origin (and optional base path) of the AirCounter server, e.g. `https://kyc.bank.example`. */
  readonly baseUrl: string;
  readonly sessionId: string;
  /** Auditor token (aud `aircounter-evidence`), or a function returning a fresh one. */
  readonly token: string | (() => string | Promise<string>);
  /** Defaults to the global fetch. */
  readonly fetch?: typeof fetch;
}

export class EvidenceHttpError extends Error {
  readonly status: number;
  readonly code: string | undefined;

  constructor(status: number, code: string | undefined, message: string) {
    super(message);
    this.name = 'EvidenceHttpError';
    this.status = status;
    this.code = code;
  }
}

/**
 * Reads a package through the auditor REST API, so a browser can verify a
 * recording where it is stored: the bytes are hashed in the page, not on the
 * server. Media files are streamed and hashed incrementally.
 */
export function createHttpEvidenceReader(options: HttpReaderOptions): EvidenceReader {
  if (!isValidSessionId(options.sessionId)) throw new Error(`invalid session id: ${options.sessionId}`);
  const doFetch = options.fetch ?? globalThis.fetch.bind(globalThis);
  const sessionUrl = `${trimSlash(options.baseUrl)}${EVIDENCE_API_PATH}/sessions/${encodeURIComponent(options.sessionId)}`;

  async function get(url: string): Promise<Response> {
    const token = typeof options.token === 'string' ? options.token : await options.token();
    return doFetch(url, { headers: { authorization: `Bearer ${token}` }, cache: 'no-store' });
  }

  async function getFile(name: string): Promise<Response | undefined> {
    if (!isValidFileName(name)) throw new Error(`invalid file name: ${name}`);
    const response = await get(`${sessionUrl}/files/${encodeURIComponent(name)}`);
    if (response.status === 404) {
      await response.body?.cancel();
      return undefined;
    }
    if (!response.ok) throw await httpError(response);
    return response;
  }

  return {
    expectedSessionId: options.sessionId,
    async list(): Promise<readonly PackageFileInfo[]> {
      const response = await get(`${sessionUrl}/files`);
      if (!response.ok) throw await httpError(response);
      const body = (await response.json()) as { files?: unknown };
      if (!Array.isArray(body.files)) throw new Error('file listing: "files" is not an array');
      return body.files.filter(
        (f): f is PackageFileInfo =>
          typeof f === 'object' &&
          f !== null &&
          isValidFileName((f as PackageFileInfo).name) &&
          Number.isSafeInteger((f as PackageFileInfo).size),
      );
    },
    async read(name: string): Promise<Uint8Array | undefined> {
      const response = await getFile(name);
      return response === undefined ? undefined : new Uint8Array(await response.arrayBuffer());
    },
    async *stream(name: string): AsyncIterable<Uint8Array> {
      const response = await getFile(name);
      if (response === undefined || response.body === null) throw new Error(`${name} disappeared while verifying`);
      yield* chunksOf(response.body);
    },
  };
}

/** Fetches a server's published signing keys (current and retired). */
export async function fetchSigningKeys(
  baseUrl: string,
  doFetch: typeof fetch = globalThis.fetch.bind(globalThis),
): Promise<Ed25519PublicJwk[]> {
  const response = await doFetch(`${trimSlash(baseUrl)}${SIGNING_KEYS_PATH}`, { cache: 'no-store' });
  if (!response.ok) throw await httpError(response);
  return parsePublicKeys(await response.json());
}

function trimSlash(url: string): string {
  return url.endsWith('/') ? url.slice(0, -1) : url;
}

async function httpError(response: Response): Promise<EvidenceHttpError> {
  let code: string | undefined;
  let message = `HTTP ${response.status}`;
  try {
    const body = (await response.json()) as { error?: { code?: unknown; message?: unknown } };
    if (typeof body.error?.code === 'string') code = body.error.code;
    if (typeof body.error?.message === 'string') message = `${message}: ${body.error.message}`;
  } catch {
    // The body was not JSON (a proxy's error page): the status alone is the report.
    code = undefined;
  }
  return new EvidenceHttpError(response.status, code, message);
}

/**
 * Where model files come from. The browser reads them over HTTP from a base
 * URL the host chooses (its own static server: never a hub or CDN); the server
 * reads them from disk (see `node/file-assets.ts`). Both count the bytes they
 * read, for the benchmark and for operators sizing a cold start.
 */
export interface AssetSource {
  /** Reads one file of the models folder by name. */
  read(name: string): Promise<ArrayBuffer>;
  /** Bytes and files read so far. */
  stats(): { bytes: number; files: number };
}

export interface HttpAssetsOptions {
  /** Injected for tests and for hosts that add headers; defaults to global fetch. */
  readonly fetch?: typeof fetch;
}

/** Reads models from `baseUrl` (a folder URL; a missing trailing slash is added). */
export function httpAssets(baseUrl: string | URL, options: HttpAssetsOptions = {}): AssetSource {
  const base = new URL(
    String(baseUrl).endsWith('/') ? String(baseUrl) : `${String(baseUrl)}/`,
    globalThis.location?.href,
  );
  const doFetch = options.fetch ?? globalThis.fetch.bind(globalThis);
  let bytes = 0;
  let files = 0;
  return {
    async read(name: string): Promise<ArrayBuffer> {
      const url = new URL(name, base);
      const response = await doFetch(url, { credentials: 'same-origin' });
      if (!response.ok) throw new Error(`model file ${url.pathname}: HTTP ${response.status}`);
      const buffer = await response.arrayBuffer();
      bytes += buffer.byteLength;
      files += 1;
      return buffer;
    },
    stats: () => ({ bytes, files }),
  };
}

export async function readJson(source: AssetSource, name: string): Promise<unknown> {
  return JSON.parse(new TextDecoder().decode(await source.read(name))) as unknown;
}

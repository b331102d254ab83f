import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { extname, join, normalize, sep } from 'node:path';

const TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  // pdf.js' worker is a module script: served as JavaScript, or the browser refuses it (nosniff).
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.map': 'application/json',
  '.bin': 'application/octet-stream',
  '.wasm': 'application/wasm',
  '.jpg': 'image/jpeg',
  '.png': 'image/png',
  '.svg': 'image/svg+xml',
};

/** Mounts: URL prefix → directory. Serves GET/HEAD only, never outside the directory. */
export type StaticMounts = ReadonlyArray<readonly [prefix: string, directory: string]>;

export async function serveStatic(req: IncomingMessage, res: ServerResponse, mounts: StaticMounts): Promise<boolean> {
  if (req.method !== 'GET' && req.method !== 'HEAD') return false;
  const pathname = decodeURIComponent(new URL(req.url ?? '/', 'http://localhost').pathname);
  for (const [prefix, directory] of mounts) {
    if (!pathname.startsWith(prefix)) continue;
    const relative = pathname.slice(prefix.length) || 'index.html';
    const file = normalize(join(directory, relative));
    if (!file.startsWith(directory + sep) && file !== directory) return false;
    const info = await stat(file).catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT' || error.code === 'ENOTDIR') return undefined;
      throw error;
    });
    if (!info?.isFile()) continue;
    res.writeHead(200, {
      'content-type': TYPES[extname(file)] ?? 'application/octet-stream',
      'content-length': info.size,
      'cache-control': 'no-cache',
      'x-content-type-options': 'nosniff',
    });
    if (req.method === 'HEAD') {
      res.end();
    } else {
      createReadStream(file).pipe(res);
    }
    return true;
  }
  return false;
}

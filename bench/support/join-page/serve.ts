import { build } from 'esbuild';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const PAGE = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>join bench</title></head>
<body><script type="module" src="/entry.js"></script></body></html>`;

export interface JoinPage {
  /** http://localhost:<port>/ — a secure context (localhost) that may use the camera. */
  readonly url: string;
  close(): Promise<void>;
}

/** Bundles entry.ts (workspace packages from source, as the demo does) and serves it on loopback. */
export async function serveJoinPage(): Promise<JoinPage> {
  const outDir = mkdtempSync(join(tmpdir(), 'air-bench-join-page-'));
  await build({
    entryPoints: [join(dirname(fileURLToPath(import.meta.url)), 'entry.ts')],
    outfile: join(outDir, 'entry.js'),
    bundle: true,
    format: 'esm',
    target: 'es2022',
    conditions: ['source', 'browser'],
    logLevel: 'warning',
  });
  const script = readFileSync(join(outDir, 'entry.js'));
  const server: Server = createServer((request, response) => {
    if (request.url === '/entry.js') {
      response.writeHead(200, { 'content-type': 'text/javascript' }).end(script);
    } else {
      response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(PAGE);
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('join page: no port');
  return {
    url: `http://localhost:${address.port}/`,
    async close() {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      rmSync(outDir, { recursive: true, force: true });
    },
  };
}

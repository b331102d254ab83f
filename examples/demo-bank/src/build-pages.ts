import { build } from 'esbuild';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Bundles the demo's pages with esbuild at start-up: a bank would use its own
 * bundler; the demo only needs a fast, offline one. Workspace packages are
 * read from source (`source` condition); the vision package stays a separate
 * chunk that the liveness element loads on demand.
 */
export async function buildPages(srcDir: string, outDir: string): Promise<void> {
  const pagesDir = join(srcDir, 'pages');
  const entryPoints = readdirSync(pagesDir)
    .filter((file) => file.endsWith('.ts'))
    .map((file) => join(pagesDir, file));
  await build({
    entryPoints,
    outdir: outDir,
    bundle: true,
    splitting: true,
    format: 'esm',
    target: 'es2022',
    sourcemap: true,
    conditions: ['source', 'browser'],
    logLevel: 'warning',
  });
}

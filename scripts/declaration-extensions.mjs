// `tsc -b` writes declarations with the sources' `.ts` import specifiers
// (`rewriteRelativeImportExtensions` rewrites emitted JavaScript only). The
// published `.d.ts` files must point at `.js` like the code beside them, or a
// consumer's TypeScript resolves nothing. Used by rollup.config.mjs after each
// browser package's bundle and by the root `build` script for server/dist.
//
//   node scripts/declaration-extensions.mjs server/dist
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const SPECIFIER = /((?:from|import)\s*\(?\s*['"])(\.{1,2}\/[^'"]*?)\.ts(['"])/g;

/** Rewrites every `.d.ts` under `dir`; returns how many files changed. */
export function rewriteDeclarationExtensions(dir) {
  let changed = 0;
  for (const file of readdirSync(dir, { recursive: true })) {
    if (!String(file).endsWith('.d.ts')) continue;
    const path = join(dir, String(file));
    const text = readFileSync(path, 'utf8');
    const rewritten = text.replace(SPECIFIER, '$1$2.js$3');
    if (rewritten !== text) {
      writeFileSync(path, rewritten);
      changed++;
    }
  }
  return changed;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  for (const dir of process.argv.slice(2)) rewriteDeclarationExtensions(resolve(dir));
}

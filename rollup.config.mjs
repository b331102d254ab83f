// Builds each browser package to ESM in dist/: a readable `development`-style
// build is not shipped separately; esbuild keeps output close to the source
// and declarations come from `tsc -b tsconfig.build.json`.
// Dependencies stay external: the host application's bundler dedupes lit,
// mediasoup-client and tfjs across packages.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { nodeResolve } from '@rollup/plugin-node-resolve';
import esbuild from 'rollup-plugin-esbuild';
import { rewriteDeclarationExtensions } from './scripts/declaration-extensions.mjs';

function pkg(dir) {
  return JSON.parse(readFileSync(new URL(`./packages/${dir}/package.json`, import.meta.url), 'utf8'));
}

function external(dir) {
  const { dependencies = {}, peerDependencies = {} } = pkg(dir);
  const names = [...Object.keys(dependencies), ...Object.keys(peerDependencies)];
  // Node built-ins stay external too (@aircounter/vision's `./node` entry reads model files from disk).
  return (id) => id.startsWith('node:') || names.some((name) => id === name || id.startsWith(`${name}/`));
}

/** Declarations point at `.js` like the code beside them (see scripts/declaration-extensions.mjs). */
function declarationExtensions(dir) {
  return {
    name: 'aircounter-declaration-extensions',
    writeBundle() {
      rewriteDeclarationExtensions(fileURLToPath(new URL(`./packages/${dir}/dist/`, import.meta.url)));
    },
  };
}

/** One rollup config per package; `inputs` maps output names to sources. */
function browserPackage(dir, inputs) {
  return {
    input: Object.fromEntries(Object.entries(inputs).map(([name, src]) => [name, `packages/${dir}/${src}`])),
    external: external(dir),
    plugins: [
      nodeResolve({ exportConditions: ['source'] }),
      esbuild({ target: 'es2022', tsconfig: 'tsconfig.base.json' }),
      declarationExtensions(dir),
    ],
    output: {
      dir: `packages/${dir}/dist`,
      format: 'es',
      sourcemap: true,
      preserveModules: true,
      preserveModulesRoot: `packages/${dir}/src`,
    },
  };
}

function defineEntries(dir) {
  const entries = {};
  const defineDir = new URL(`./packages/${dir}/src/define/`, import.meta.url);
  // Only the elements package has define/ files (the side-effect entry points).
  const files = existsSync(defineDir)
    ? readdirSync(defineDir).filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'))
    : [];
  for (const f of files) entries[`define/${f.replace(/\.ts$/, '')}`] = `src/define/${f}`;
  return entries;
}

export default [
  browserPackage('journeys', { index: 'src/index.ts', 'examples/wealth-sale': 'src/examples/wealth-sale.ts' }),
  browserPackage('protocol', { index: 'src/index.ts' }),
  browserPackage('evidence', { index: 'src/index.ts', 'replay/index': 'src/replay/index.ts' }),
  browserPackage('client', { index: 'src/index.ts' }),
  browserPackage('vision', { index: 'src/index.ts', 'node/index': 'src/node/index.ts' }),
  browserPackage('elements', { index: 'src/index.ts', ...defineEntries('elements') }),
  browserPackage('react', { index: 'src/index.ts' }),
];

// Builds each browser package to ESM in dist/: a readable `development`-style
// build is not shipped separately; esbuild keeps output close to the source
// and declarations come from `tsc -b tsconfig.build.json`.
// Dependencies stay external: the host application's bundler dedupes lit,
// mediasoup-client and tfjs across packages.
import { readdirSync, readFileSync } from 'node:fs';
import { nodeResolve } from '@rollup/plugin-node-resolve';
import esbuild from 'rollup-plugin-esbuild';

function pkg(dir) {
  return JSON.parse(readFileSync(new URL(`./packages/${dir}/package.json`, import.meta.url), 'utf8'));
}

function external(dir) {
  const { dependencies = {}, peerDependencies = {} } = pkg(dir);
  const names = [...Object.keys(dependencies), ...Object.keys(peerDependencies)];
  return (id) => names.some((name) => id === name || id.startsWith(`${name}/`));
}

/** One rollup config per package; `inputs` maps output names to sources. */
function browserPackage(dir, inputs) {
  return {
    input: Object.fromEntries(Object.entries(inputs).map(([name, src]) => [name, `packages/${dir}/${src}`])),
    external: external(dir),
    plugins: [
      nodeResolve({ exportConditions: ['source'] }),
      esbuild({ target: 'es2022', tsconfig: 'tsconfig.base.json' }),
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
  let files = [];
  try {
    files = readdirSync(defineDir).filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'));
  } catch {
    files = [];
  }
  for (const f of files) entries[`define/${f.replace(/\.ts$/, '')}`] = `src/define/${f}`;
  return entries;
}


export default [
  browserPackage('protocol', { index: 'src/index.ts' }),
  browserPackage('evidence', { index: 'src/index.ts' }),
  browserPackage('client', { index: 'src/index.ts' }),
  browserPackage('vision', { index: 'src/index.ts' }),
  browserPackage('elements', { index: 'src/index.ts', ...defineEntries('elements') }),
];

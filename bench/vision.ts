// Vision benchmark (JSON on the last stdout line): per-frame analysis time in
// headless Chromium on the wasm backend (and WebGL, for the record), the same
// analysis frame by frame in turn with its floor (the bare face mesh on the
// same frame) and where the difference goes, model
// bytes fetched, start→decision time of <air-liveness-check> on the
// tipped-photo fake camera clip with the server's verifier (models loaded at
// start, then preloaded by the element), the same for three random challenges
// answered at once by a puppet camera (bench/support/puppet-camera.ts), and the gzip size
// of the elements bundle with and without the lazily loaded vision code.
//
//   node --conditions=source bench/vision.ts        (or via bench/run.ts)
import { readFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { basename, dirname, extname, join, normalize, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadavg } from 'node:os';
import { gzipSync } from 'node:zlib';
import { randomInt } from 'node:crypto';
import { errorMessage, type LivenessChallenge, type SubmitLivenessRequest } from '@aircounter/protocol';
import { build, type BuildOptions, type Metafile, type Plugin } from 'esbuild';
import { chromium, type Browser } from 'playwright-core';
import { ensureFaceFixtures, generated, GENERATED_DIR } from '../packages/vision/test/support/face-fixtures.ts';
import { SigningKeyRing } from '../server/src/evidence/signing-keys.ts';
import { LivenessService } from '../server/src/liveness/liveness-service.ts';
import { createLogger } from '../server/src/log.ts';
import { CHROMIUM_PATH, chromiumArgs } from '../tests/support/chromium.ts';
import { PUPPET_CHALLENGES, PUPPET_POSES } from './support/puppet-camera.ts';
import type { PuppetDecision } from './vision-page.ts';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const VISION_ASSETS = join(ROOT, 'packages/vision/assets');
const FRAMES = 40;
/** Checks with the puppet camera, each with and without preloading. */
const PUPPET_RUNS = 3;

/** Three distinct challenges at random from those a photo can imitate (the product mixes in blink or openMouth). */
function puppetChallenges(): LivenessChallenge[] {
  const rest = [...PUPPET_CHALLENGES];
  return Array.from({ length: 3 }, () => rest.splice(randomInt(rest.length), 1)[0] as LivenessChallenge);
}

function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

/** face-landmarks-detection also imports MediaPipe's "solution" runtimes; only its tfjs runtime is used. */
const mediapipeStub: Plugin = {
  name: 'mediapipe-solutions-stub',
  setup(b) {
    b.onResolve({ filter: /^@mediapipe\// }, (args) => ({ path: args.path, namespace: 'stub' }));
    b.onLoad({ filter: /.*/, namespace: 'stub' }, () => ({ contents: 'module.exports = {};', loader: 'js' }));
  },
};

const common: BuildOptions = {
  bundle: true,
  format: 'esm',
  platform: 'browser',
  target: 'es2022',
  conditions: ['source'],
  nodePaths: [join(ROOT, 'packages/vision/node_modules'), join(ROOT, 'packages/elements/node_modules')],
  define: { 'process.env.NODE_ENV': '"production"' },
  logLevel: 'error',
  plugins: [mediapipeStub],
};

async function pageBundle(): Promise<string> {
  const result = await build({ ...common, entryPoints: [join(ROOT, 'bench/vision-page.ts')], write: false });
  const [file] = result.outputFiles ?? [];
  if (!file) throw new Error('no bench bundle');
  return file.text;
}

/** Minified, gzipped bytes of what a page that defines <air-liveness-check> loads up front, and after starting a check. */
async function elementsSizes(): Promise<Record<string, number>> {
  const result = await build({
    ...common,
    entryPoints: [join(ROOT, 'packages/elements/src/define/air-liveness-check.ts')],
    splitting: true,
    minify: true,
    metafile: true,
    write: false,
    outdir: '/out',
  });
  // Metafile keys are relative to the working directory, output files absolute: match by file name.
  if (!result.outputFiles || !result.metafile) throw new Error('esbuild returned no files or metafile');
  const gz = new Map(result.outputFiles.map((f) => [basename(f.path), gzipSync(f.contents, { level: 9 }).byteLength]));
  const outputs: Metafile['outputs'] = result.metafile.outputs;
  const entry = Object.keys(outputs).find((name) => outputs[name]?.entryPoint);
  if (!entry) throw new Error('no entry output');
  const initial = new Set<string>();
  const visit = (name: string): void => {
    if (initial.has(name)) return;
    initial.add(name);
    for (const dependency of outputs[name]?.imports ?? [])
      if (dependency.kind === 'import-statement') visit(dependency.path);
  };
  visit(entry);
  const sum = (names: Iterable<string>): number =>
    [...names].reduce((total, name) => total + (gz.get(basename(name)) ?? 0), 0);
  const all = Object.keys(outputs).filter((name) => name.endsWith('.js'));
  return { withoutVisionGzipBytes: sum(initial), withVisionGzipBytes: sum(all) };
}

const TYPES: Record<string, string> = {
  '.js': 'text/javascript',
  '.json': 'application/json',
  '.bin': 'application/octet-stream',
  '.wasm': 'application/wasm',
  '.jpg': 'image/jpeg',
};

async function serveFile(res: ServerResponse, base: string, relative: string): Promise<void> {
  const path = normalize(join(base, relative));
  if (!path.startsWith(base)) {
    res.writeHead(403).end();
    return;
  }
  res.writeHead(200, { 'content-type': TYPES[extname(path)] ?? 'application/octet-stream' }).end(await readFile(path));
}

async function readJson(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}');
}

/** `liveness()`: the service that answers /liveness/* now (the clip's or the puppet's). */
async function startServer(bundle: string, liveness: () => LivenessService): Promise<{ url: string; close(): void }> {
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const path = url.pathname;
    // Each check of the puppet runs is another customer's (a session may start only a few checks).
    const session = url.searchParams.get('session') ?? 'bench';
    const work = async (): Promise<void> => {
      if (path === '/') {
        res
          .writeHead(200, { 'content-type': 'text/html' })
          .end('<!doctype html><meta charset="utf-8"><script type="module" src="/bench.js"></script>');
      } else if (path === '/bench.js') res.writeHead(200, { 'content-type': 'text/javascript' }).end(bundle);
      else if (path.startsWith('/assets/')) await serveFile(res, VISION_ASSETS, path.slice('/assets/'.length));
      else if (path.startsWith('/fixtures/')) await serveFile(res, GENERATED_DIR, path.slice('/fixtures/'.length));
      else if (path === '/liveness/start')
        res.writeHead(200).end(JSON.stringify(await liveness().start(session, 'customer')));
      else if (path === '/liveness/submit') {
        const decision = await liveness().submit(session, 'customer', (await readJson(req)) as SubmitLivenessRequest);
        res.writeHead(200).end(JSON.stringify(decision));
      } else res.writeHead(404).end();
    };
    work().catch((error: unknown) => {
      res.writeHead(500).end(errorMessage(error));
    });
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/`, close: () => server.close() };
}

async function inPage<T>(
  url: string,
  args: string[],
  run: (page: import('playwright-core').Page) => Promise<T>,
): Promise<T> {
  const browser: Browser = await chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: [...chromiumArgs(), ...args],
  });
  try {
    const page = await browser.newPage();
    await page.goto(url);
    await page.waitForFunction(() => 'benchVision' in window);
    return await run(page);
  } finally {
    await browser.close();
  }
}

/** Medians of the passed runs' phases, without and with preloading. */
function puppetMedians(runs: readonly PuppetDecision[]): unknown {
  const of = (preloaded: boolean) => {
    const passed = runs.filter((r) => r.preloaded === preloaded && r.passed);
    const pick = (value: (r: PuppetDecision) => number | null) =>
      median(passed.map(value).filter((v): v is number => v !== null));
    return {
      preloaded,
      passed: `${passed.length}/${runs.filter((r) => r.preloaded === preloaded).length}`,
      startToDecisionMs: pick((r) => r.startToDecisionMs),
      startToPositioningMs: pick((r) => r.startToPositioningMs),
      startToFirstChallengeMs: pick((r) => r.startToFirstChallengeMs),
      challengeMs: [0, 1, 2].map((i) => pick((r) => r.challengeMs[i] ?? null)),
      serverVerifyMs: pick((r) => r.serverVerifyMs),
    };
  };
  return [of(false), of(true)];
}

async function main(): Promise<void> {
  ensureFaceFixtures();
  const [bundle, sizes] = await Promise.all([pageBundle(), elementsSizes()]);
  const liveness = new LivenessService({
    signer: await SigningKeyRing.ephemeral(),
    log: createLogger({ level: 'warn' }),
    // What the tipped-photo clip can show (see docs/liveness.md): the bench measures time, not security.
    picker: () => ['lookDown'],
    perChallengeMs: 20_000,
  });
  // The puppet camera answers three random challenges at once, in the product's default time per challenge.
  const puppetLiveness = new LivenessService({
    signer: await SigningKeyRing.ephemeral(),
    log: createLogger({ level: 'warn' }),
    picker: puppetChallenges,
  });
  await Promise.all([liveness.warmUp(), puppetLiveness.warmUp()]);
  let current = liveness;
  const server = await startServer(bundle, () => current);
  try {
    const wasm = await inPage(server.url, [], (page) =>
      page.evaluate((n) => window.benchVision.inference('wasm', n), FRAMES),
    );
    const webgl = await inPage(server.url, [], (page) =>
      page.evaluate(() => window.benchVision.inference('webgl', 10)),
    );
    const againstFloor = await inPage(server.url, [], (page) =>
      page.evaluate((n) => window.benchVision.analysisAgainstFloor('wasm', n), FRAMES),
    );
    // The first decision of the server (its threads warmed up at start, as the server does), then a second one
    // whose page had preloaded its models.
    const endToEnd = [];
    for (const preload of [false, true]) {
      endToEnd.push(
        await inPage(server.url, [`--use-file-for-fake-video-capture=${generated('tilted-photo.y4m')}`], (page) =>
          page.evaluate((p) => window.benchVision.decision(p), preload),
        ),
      );
    }
    // Three random challenges answered at once (the puppet camera), without and with preloading, in turn.
    current = puppetLiveness;
    // How the element's analysis reads each pose image (a check enters a turn at 20°, a look at 12°).
    const poses = await inPage(server.url, [], (page) =>
      page.evaluate((files) => window.benchVision.poseSignals(files), [...new Set(Object.values(PUPPET_POSES))]),
    );
    const puppetRuns: (PuppetDecision & { loadAverage: number })[] = [];
    for (let run = 0; run < PUPPET_RUNS; run++) {
      for (const preload of [false, true]) {
        const result = await inPage(server.url, [], (page) =>
          page.evaluate((p) => window.benchVision.puppetDecision(p), preload),
        );
        puppetRuns.push({ ...result, loadAverage: Number(loadavg()[0]?.toFixed(2)) });
      }
    }
    // Load average: the machine is shared; per-frame times grow with it.
    const load = loadavg().map((x) => Number(x.toFixed(2)));
    console.log(
      JSON.stringify({
        inference: { wasm, webgl },
        againstFloor,
        endToEnd,
        threeChallenges: { poses, runs: puppetRuns, median: puppetMedians(puppetRuns) },
        elementsBundle: sizes,
        loadAverage: load,
      }),
    );
  } finally {
    server.close();
    await Promise.all([liveness.close(), puppetLiveness.close()]);
  }
}

await main();

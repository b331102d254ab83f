// The test runner's side of the replay fixture: the dev server answers
// /replay-fixture/setup with `{ token, sessions }` and proxies every other
// /replay-fixture/* request (headers, Range, status and body as they are) to
// fixture-server.ts — a real auditor API on its own port. So the browser
// tests read the packages the way the compliance page does: same origin,
// Authorization header, /.well-known/aircounter/signing-keys.
//
// The fixture process starts on the first request (ffmpeg makes its media,
// a few seconds) and stops with the dev server — or, if the runner dies,
// when its stdin closes.
import { spawn, type ChildProcess } from 'node:child_process';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

/** Path prefix the browser tests use as the auditor API's base URL. */
export const REPLAY_FIXTURE_PREFIX = '/replay-fixture';

interface FixtureInfo {
  readonly port: number;
  readonly token: string;
  readonly sessions: Readonly<Record<string, string>>;
}

/** The parts of a Koa context this middleware uses (the runner's dev server is Koa). */
interface KoaContext {
  readonly path: string;
  readonly querystring: string;
  readonly method: string;
  get(field: string): string;
  set(field: string, value: string): void;
  status: number;
  body: unknown;
}

const HERE = dirname(fileURLToPath(import.meta.url));
const SERVER_SCRIPT = join(HERE, 'fixture-server.ts');
const FORWARDED_REQUEST_HEADERS = ['authorization', 'range'];
const FORWARDED_RESPONSE_HEADERS = ['content-type', 'content-range', 'accept-ranges', 'cache-control'];
const START_TIMEOUT_MS = 120_000;

let child: ChildProcess | undefined;
let ready: Promise<FixtureInfo> | undefined;

function start(): Promise<FixtureInfo> {
  ready ??= new Promise<FixtureInfo>((resolve, reject) => {
    const proc = spawn(process.execPath, ['--conditions=source', SERVER_SCRIPT], {
      stdio: ['pipe', 'pipe', 'inherit'],
    });
    child = proc;
    const timer = setTimeout(() => reject(new Error('replay fixture did not start in time')), START_TIMEOUT_MS);
    proc.once('error', reject);
    proc.once('exit', (code) => {
      clearTimeout(timer);
      child = undefined;
      reject(new Error(`replay fixture exited with ${code}`));
    });
    const lines = createInterface({ input: proc.stdout });
    lines.once('line', (line) => {
      clearTimeout(timer);
      resolve(JSON.parse(line) as FixtureInfo);
    });
  });
  return ready;
}

function stop(): void {
  // Closing its stdin is the fixture's signal to clean up and exit.
  child?.stdin?.end();
  child = undefined;
  ready = undefined;
}

/** Koa middleware for the runner's `middleware` option. */
export async function replayFixtureMiddleware(context: KoaContext, next: () => Promise<void>): Promise<void> {
  if (context.path !== REPLAY_FIXTURE_PREFIX && !context.path.startsWith(`${REPLAY_FIXTURE_PREFIX}/`)) {
    await next();
    return;
  }
  const info = await start();
  const path = context.path.slice(REPLAY_FIXTURE_PREFIX.length);
  if (path === '/setup') {
    context.set('content-type', 'application/json');
    context.set('cache-control', 'no-store');
    context.body = JSON.stringify({ token: info.token, sessions: info.sessions });
    return;
  }
  const headers: Record<string, string> = {};
  for (const name of FORWARDED_REQUEST_HEADERS) {
    const value = context.get(name);
    if (value) headers[name] = value;
  }
  const search = context.querystring ? `?${context.querystring}` : '';
  const response = await fetch(`http://127.0.0.1:${info.port}${path}${search}`, { method: context.method, headers });
  context.status = response.status;
  for (const name of FORWARDED_RESPONSE_HEADERS) {
    const value = response.headers.get(name);
    if (value !== null) context.set(name, value);
  }
  context.body = Buffer.from(await response.arrayBuffer());
}

/** Dev-server plugin that stops the fixture process with the server. */
export function replayFixturePlugin(): { name: string; serverStop(): void } {
  return { name: 'aircounter-replay-fixture', serverStop: stop };
}

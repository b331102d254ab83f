import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';

const MAIN = fileURLToPath(new URL('../../src/main.ts', import.meta.url));

export interface MainProcess {
  readonly child: ChildProcessWithoutNullStreams;
  readonly apiKey: string;
  readonly tokenSecret: string;
  /** Resolves with the port once the server logs `listening`; rejects if it exits first. */
  readonly listening: Promise<number>;
  readonly exited: Promise<[code: number | null, signal: NodeJS.Signals | null]>;
  output(): { stdout: string; stderr: string };
}

/** The real server process (`node server/src/main.ts`) with a test environment. */
export function spawnMain(env: Record<string, string>, secrets?: { apiKey: string; tokenSecret: string }): MainProcess {
  const apiKey = secrets?.apiKey ?? randomBytes(24).toString('base64url');
  const tokenSecret = secrets?.tokenSecret ?? randomBytes(32).toString('base64url');
  const child = spawn(process.execPath, ['--conditions=source', MAIN], {
    env: {
      PATH: process.env['PATH'] ?? '',
      AIR_TOKEN_SECRET: tokenSecret,
      AIR_API_KEY: apiKey,
      AIR_HTTP_PORT: '0',
      AIR_WORKERS: '1',
      ...env,
    },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = once(child, 'exit') as Promise<[number | null, NodeJS.Signals | null]>;
  const listening = new Promise<number>((resolve, reject) => {
    const check = (): void => {
      const line = stdout
        .split('\n')
        .filter((text) => text.startsWith('{'))
        .map((text) => JSON.parse(text) as { msg: string; port?: number })
        .find((entry) => entry.msg === 'listening');
      if (line?.port !== undefined) resolve(line.port);
    };
    child.stdout.on('data', check);
    void exited.then(([code, signal]) =>
      reject(new Error(`server exited before listening (code ${code}, signal ${signal}): ${stderr}`)),
    );
  });
  listening.catch(() => undefined);
  return { child, apiKey, tokenSecret, listening, exited, output: () => ({ stdout, stderr }) };
}

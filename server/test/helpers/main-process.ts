import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { join } from 'node:path';
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

/** One server process of a cluster on this machine, as `clusterNodeEnv` lays it out. */
export interface ClusterNode {
  readonly databaseUrl: string;
  readonly id: string;
  readonly capacity: number;
  readonly heartbeatMs: number;
  readonly deadAfterMs: number;
  /** Each node's data directory and the shared evidence directory live under it. */
  readonly root: string;
  readonly keyFile: string;
  /** The first of the node's 1000 RTC ports. */
  readonly rtcBase: number;
}

/**
 * The environment of a cluster node: one PostgreSQL, evidence directory and
 * signing key shared by all, a data directory and RTC port block of its own,
 * and `info` logs (the `listening` line tells the node's port).
 */
export function clusterNodeEnv(node: ClusterNode): Record<string, string> {
  return {
    AIR_DATABASE_URL: node.databaseUrl,
    AIR_NODE_ID: node.id,
    AIR_NODE_CAPACITY: String(node.capacity),
    AIR_NODE_HEARTBEAT_MS: String(node.heartbeatMs),
    AIR_NODE_DEAD_AFTER_MS: String(node.deadAfterMs),
    AIR_DATA_DIR: join(node.root, node.id),
    AIR_EVIDENCE_DIR: join(node.root, 'evidence'),
    AIR_SIGNING_KEY_FILE: node.keyFile,
    AIR_RTC_MIN_PORT: String(node.rtcBase),
    AIR_RTC_MAX_PORT: String(node.rtcBase + 999),
    AIR_LOG_LEVEL: 'info',
  };
}

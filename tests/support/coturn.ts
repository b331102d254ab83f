// A throw-away TURN server for tests, from Debian's `coturn` package
// (scripts/setup/system-packages.sh installs it): `turnserver` on 127.0.0.1,
// a free port, its own temporary directory, the TURN REST scheme
// (`use-auth-secret`) with a fresh secret. Relaying to loopback peers is
// allowed because the media server under test is on 127.0.0.1 (never do that
// in production: it lets TURN clients reach the TURN host's own services).
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createSocket } from 'node:dgram';
import { once } from 'node:events';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const TURNSERVER_BIN = process.env['AIR_TEST_TURNSERVER'] ?? '/usr/bin/turnserver';
const READY_LINE = 'Total General servers';
const START_TIMEOUT_MS = 15_000;

export interface TestTurnServer {
  /** `turn:127.0.0.1:<port>?transport=udp` */
  readonly url: string;
  readonly port: number;
  /** coturn's `static-auth-secret`. */
  readonly secret: string;
  /** What coturn logged so far (allocations name their username). */
  output(): string;
  close(): Promise<void>;
}

async function freeUdpPort(): Promise<number> {
  const socket = createSocket('udp4');
  socket.bind(0, '127.0.0.1');
  await once(socket, 'listening');
  const { port } = socket.address();
  await new Promise<void>((resolve) => socket.close(() => resolve()));
  return port;
}

/** Starts coturn and resolves once it serves; `relayPorts` is the range it allocates relays from. */
export async function startTurnServer(relayPorts: { min: number; max: number }): Promise<TestTurnServer> {
  const dir = await mkdtemp(join(tmpdir(), 'air-coturn-'));
  const secret = randomBytes(32).toString('base64url');
  const port = await freeUdpPort();
  const child: ChildProcess = spawn(
    TURNSERVER_BIN,
    [
      '-n',
      '--listening-ip=127.0.0.1',
      `--listening-port=${port}`,
      '--relay-ip=127.0.0.1',
      `--min-port=${relayPorts.min}`,
      `--max-port=${relayPorts.max}`,
      '--use-auth-secret',
      `--static-auth-secret=${secret}`,
      '--realm=aircounter.test',
      '--no-cli',
      '--no-tls',
      '--no-dtls',
      '--allow-loopback-peers',
      '--log-file=stdout',
      '--simple-log',
      `--pidfile=${join(dir, 'turnserver.pid')}`,
      `--userdb=${join(dir, 'turndb')}`,
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  const ready = new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`coturn did not start: ${output}`)), START_TIMEOUT_MS);
    const onData = (chunk: Buffer): void => {
      output += chunk.toString();
      if (output.includes(READY_LINE)) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`coturn exited (${code}) before serving: ${output}`));
    });
    child.once('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
  });
  const close = async (): Promise<void> => {
    if (child.exitCode === null && child.signalCode === null) {
      const exited = once(child, 'exit');
      child.kill('SIGTERM');
      await exited;
    }
    await rm(dir, { recursive: true, force: true });
  };
  try {
    await ready;
  } catch (error) {
    await close();
    throw error;
  }
  return { url: `turn:127.0.0.1:${port}?transport=udp`, port, secret, output: () => output, close };
}

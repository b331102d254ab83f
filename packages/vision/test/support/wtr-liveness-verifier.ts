// web-test-runner plugin: the `liveness-verifier` server command, through
// which the fake-camera suites reach a real server-side LivenessService (in a
// child process started with the `source` export condition).
import { fork, type ChildProcess } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const CHILD = join(dirname(fileURLToPath(import.meta.url)), 'liveness-verifier-process.ts');

interface Reply {
  readonly id?: number;
  readonly ready?: boolean;
  readonly ok?: boolean;
  readonly result?: unknown;
  readonly error?: { code: string; message: string };
}

export function livenessVerifierPlugin(): {
  name: string;
  executeCommand(args: { command: string; payload?: unknown }): Promise<unknown> | undefined;
  serverStop(): void;
} {
  let child: ChildProcess | undefined;
  let ready: Promise<void> | undefined;
  let nextId = 1;
  const pending = new Map<number, (reply: Reply) => void>();

  function start(): Promise<void> {
    child = fork(CHILD, [], { execArgv: ['--conditions=source'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    const started = child;
    ready = new Promise((resolve, reject) => {
      started.once('error', reject);
      started.once('exit', (code) => {
        const error = { code: 'INTERNAL', message: `liveness verifier exited (${code ?? 'signal'})` };
        for (const settle of pending.values()) settle({ ok: false, error });
        reject(new Error(error.message));
      });
      started.on('message', (reply: Reply) => {
        if (reply.ready) resolve();
        else if (reply.id !== undefined) pending.get(reply.id)?.(reply);
      });
    });
    return ready;
  }

  return {
    name: 'aircounter-liveness-verifier',
    executeCommand({ command, payload }) {
      if (command !== 'liveness-verifier') return undefined;
      return (async () => {
        await (ready ?? start());
        const id = nextId++;
        const reply = await new Promise<Reply>((resolve) => {
          pending.set(id, resolve);
          child?.send({ id, request: payload });
        });
        pending.delete(id);
        // Errors travel back as data: the browser side rethrows them with their code.
        return reply.ok ? { ok: true, result: reply.result } : { ok: false, error: reply.error };
      })();
    },
    serverStop() {
      child?.kill();
      child = undefined;
    },
  };
}

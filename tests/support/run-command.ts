import { spawn } from 'node:child_process';

// Commands the install suites (consumer, release) run as a bank's operator
// would: plain child processes, their output kept for the failure message.

export interface Ran {
  readonly code: number | null;
  readonly output: string;
}

/** Longest a command may run before it is killed (a hung npm install or build must not hang `make test`). */
const COMMAND_TIMEOUT_MS = 8 * 60_000;

/** Runs a command, resolves with its exit code and combined output (never rejects for a non-zero exit). */
export function run(
  command: string,
  args: readonly string[],
  cwd: string,
  env: NodeJS.ProcessEnv = process.env,
): Promise<Ran> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(command, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), COMMAND_TIMEOUT_MS);
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      resolvePromise({ code, output });
    });
  });
}

/** Runs a command that must succeed; the error carries the end of its output. */
export async function must(
  command: string,
  args: readonly string[],
  cwd: string,
  env?: NodeJS.ProcessEnv,
): Promise<string> {
  const { code, output } = await run(command, args, cwd, env);
  if (code !== 0) {
    throw new Error(`${command} ${args.join(' ')} exited ${code}:\n${output.trim().split('\n').slice(-40).join('\n')}`);
  }
  return output;
}

export function assert(condition: unknown, message: string): asserts condition {
  if (!condition) throw new Error(message);
}

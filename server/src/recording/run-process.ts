import { spawn } from 'node:child_process';

export interface ProcessResult {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
}

export interface ProcessOptions {
  /** Written to the tool's stdin, which is then closed (text a tool must not see as arguments). */
  readonly input?: string;
}

/**
 * Runs a short-lived tool (ffprobe, a remux, espeak-ng) to completion and
 * collects its output. Kills it after `timeoutMs` so a stuck tool cannot hold
 * shutdown or recovery forever.
 */
export function runProcess(
  command: string,
  args: readonly string[],
  timeoutMs = 60_000,
  options: ProcessOptions = {},
): Promise<ProcessResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['pipe', 'pipe', 'pipe'] });
    // A tool that exits before reading all its input makes the write fail (EPIPE): its exit code tells why.
    child.stdin.on('error', () => undefined);
    child.stdin.end(options.input ?? '', 'utf8');
    const stdout: Buffer[] = [];
    const stderr: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => stdout.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => stderr.push(chunk));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.once('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.once('close', (code, signal) => {
      clearTimeout(timer);
      resolve({
        code,
        signal,
        stdout: Buffer.concat(stdout).toString('utf8'),
        stderr: Buffer.concat(stderr).toString('utf8'),
      });
    });
  });
}

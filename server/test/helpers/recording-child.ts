import { spawn } from 'node:child_process';
import type { Room } from '../../src/media/room.ts';
import type { RecordingService } from '../../src/recording/service.ts';
import { feedClip, joinPeer, publish, sleep, type ClipFeed } from './recording.ts';

// A "server before the crash" as a child process: the child records a
// two-party session and prints one JSON line once the recording is active; the
// parent lets media flow, then kills or stops it. Both sides of that exchange
// live here so that the line they agree on is written once.

/** The line a recording child prints once its recording is active. */
export interface ActiveLine {
  readonly recordingId: string;
  readonly recorderPids: number[];
  readonly feederPids: number[];
}

/** The participants every recording child publishes for. */
export const PARTICIPANTS = [
  ['customer-1', 'customer'],
  ['agent-1', 'agent'],
] as const;

/** Child side: the evidence root, session id and clip file the parent passed. */
export function childArguments(script: string): { root: string; sessionId: string; clip: string } {
  const [root, sessionId, clip] = process.argv.slice(2);
  if (root === undefined || sessionId === undefined || clip === undefined) {
    throw new Error(`usage: ${script} <root> <sessionId> <clip.webm>`);
  }
  return { root, sessionId, clip };
}

/** Child side: each participant joins and publishes the clip, looped. */
export async function publishParticipants(room: Room, clip: string): Promise<ClipFeed[]> {
  const feeds: ClipFeed[] = [];
  for (const [peerId, role] of PARTICIPANTS) {
    const { peer } = joinPeer(room, peerId, role);
    const feed = await feedClip(room.router, clip, { loop: true });
    feeds.push(feed);
    publish(room, peer, feed);
  }
  return feeds;
}

/** Child side: tells the parent the recording is active, with the processes it must clean up. */
export function printActive(
  recording: RecordingService,
  room: Room,
  recordingId: string | undefined,
  feeds: readonly ClipFeed[],
): void {
  const feederPids = feeds.map((feed) => feed.process.pid).filter((pid) => pid !== undefined);
  const recorderPids = recording
    .recorderFor(room)
    .tracks.map((track) => track.ffmpegPid)
    .filter((pid) => pid !== undefined);
  process.stdout.write(`${JSON.stringify({ event: 'active', recordingId, recorderPids, feederPids })}\n`);
}

export function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error: unknown) {
    if (error instanceof Error && 'code' in error && error.code === 'ESRCH') return false;
    throw error;
  }
}

export type ChildExit = [code: number | null, signal: NodeJS.Signals | null];

/**
 * Parent side: runs `script` with `args`, waits for its active line, lets media
 * flow for a while, then sends `signal` and waits for the exit. The processes
 * the child named are pushed to `leftovers` (ffmpeg outlives its parent); the
 * senders, test stand-ins whose targets died with the child, are stopped here.
 */
export async function recordThenStopChild(
  script: string,
  args: readonly string[],
  signal: 'SIGKILL' | 'SIGTERM',
  leftovers: number[],
): Promise<ActiveLine & { exit: ChildExit }> {
  const child = spawn(process.execPath, ['--conditions=source', script, ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const exited = new Promise<ChildExit>((resolve) =>
    child.once('exit', (code, exitSignal) => resolve([code, exitSignal])),
  );
  const active = await new Promise<ActiveLine>((resolve, reject) => {
    let buffered = '';
    child.stdout.on('data', (chunk: Buffer) => {
      buffered += chunk.toString();
      const line = buffered.split('\n').find((entry) => entry.includes('"active"'));
      if (line !== undefined) resolve(JSON.parse(line) as ActiveLine);
    });
    child.once('exit', (code) => reject(new Error(`child exited (${String(code)}) before recording: ${stderr}`)));
  });
  leftovers.push(...active.recorderPids, ...active.feederPids);
  await sleep(3500);
  child.kill(signal);
  const exit = await exited;
  for (const pid of active.feederPids) if (alive(pid)) process.kill(pid, 'SIGKILL');
  return { ...active, exit };
}

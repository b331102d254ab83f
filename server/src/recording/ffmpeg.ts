import { spawn, type ChildProcess } from 'node:child_process';
import { AirError, errorMessage } from '@aircounter/protocol';
import { isUdpPortFree } from './ports.ts';
import { sendRtcpBye } from './rtcp.ts';
import { udpPortOwnedBy } from './udp-owner.ts';

export interface FfmpegRecordOptions {
  readonly ffmpegPath: string;
  readonly sdpPath: string;
  readonly outputPath: string;
  readonly container: 'webm' | 'mkv';
  /** The RTP port named in the SDP (used to tell when ffmpeg listens). */
  readonly rtpPort: number;
  /** Seconds without a packet after which ffmpeg closes the file and exits (0 = wait forever). */
  readonly stallTimeoutS: number;
  /** Longest a Matroska cluster may span, ms: at most this much media is lost if ffmpeg is killed. */
  readonly clusterMs: number;
}

export interface FfmpegExit {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  /** We asked it to stop (SIGINT), as opposed to it dying or stalling on its own. */
  readonly requested: boolean;
  /** ffmpeg wrote its trailer (index and duration); when false the file needs a repairing remux. */
  readonly clean: boolean;
  /** Last lines ffmpeg printed (errors and warnings only; no secrets are ever passed to it). */
  readonly stderrTail: string;
}

const STDERR_TAIL_BYTES = 4096;
const READY_POLL_MS = 20;
/** ffmpeg binds within ~100 ms on an idle machine; give a busy one (many recordings starting) far longer. */
const READY_TIMEOUT_MS = 30_000;
/** Without /proc: how long ffmpeg must survive after its port was seen taken. */
const BIND_SETTLE_MS = 200;

/**
 * The ffmpeg command that records one RTP stream by copy (no transcoding).
 *
 * - `-localaddr 127.0.0.1`: bind loopback only; with the SDP's source filter no
 *   other host can inject packets into a recording.
 * - `-listen_timeout`: how long ffmpeg waits for packets before closing the file
 *   (its default, 10 s, would end a recording whenever a participant pauses);
 *   `-1` waits forever, and stop() ends the file with an RTCP BYE instead.
 * - `-cluster_time_limit` + `-flush_packets 1`: Matroska clusters are written
 *   whole, so short clusters flushed at once bound what a kill -9 can lose.
 * - `-n`: never overwrite; every segment has a new name (write-once).
 */
export function ffmpegRecordArgs(options: FfmpegRecordOptions): string[] {
  return [
    '-hide_banner',
    '-nostdin',
    '-loglevel',
    'warning',
    '-protocol_whitelist',
    'file,udp,rtp',
    '-listen_timeout',
    String(options.stallTimeoutS > 0 ? options.stallTimeoutS : -1),
    '-localaddr',
    '127.0.0.1',
    '-analyzeduration',
    '1000000',
    '-i',
    options.sdpPath,
    '-map',
    '0',
    '-c',
    'copy',
    '-f',
    options.container === 'webm' ? 'webm' : 'matroska',
    '-cluster_time_limit',
    String(options.clusterMs),
    '-flush_packets',
    '1',
    '-n',
    options.outputPath,
  ];
}

/** One running ffmpeg that writes one segment file. */
export class FfmpegRecording {
  readonly exited: Promise<FfmpegExit>;
  readonly #child: ChildProcess;
  readonly #options: FfmpegRecordOptions;
  #stderrTail = '';
  #stderrLine = '';
  #missedPackets = 0;
  #stopRequested = false;
  #exit: FfmpegExit | undefined;

  private constructor(child: ChildProcess, options: FfmpegRecordOptions) {
    this.#child = child;
    this.#options = options;
    child.stderr?.setEncoding('utf8');
    child.stderr?.on('data', (chunk: string) => {
      this.#stderrTail = (this.#stderrTail + chunk).slice(-STDERR_TAIL_BYTES);
      const lines = (this.#stderrLine + chunk).split('\n');
      this.#stderrLine = lines.pop() ?? '';
      for (const line of lines) {
        const missed = /RTP: missed (\d+) packets/.exec(line)?.[1];
        if (missed !== undefined) this.#missedPackets += Number(missed);
      }
    });
    this.exited = new Promise((resolve) => {
      child.once('error', (error) => {
        this.#stderrTail += `\nspawn failed: ${error.message}`;
      });
      child.once('close', (code, signal) => {
        const tail = this.#stderrTail.trim();
        const interruptedWrite = /Error (writing trailer|closing file)/.test(tail);
        this.#exit = {
          code,
          signal,
          requested: this.#stopRequested,
          // 255 is ffmpeg's status after a SIGINT it handled (trailer written).
          clean: signal === null && (code === 0 || code === 255) && !interruptedWrite,
          stderrTail: tail,
        };
        resolve(this.#exit);
      });
    });
  }

  static start(options: FfmpegRecordOptions): FfmpegRecording {
    const child = spawn(options.ffmpegPath, ffmpegRecordArgs(options), { stdio: ['ignore', 'ignore', 'pipe'] });
    return new FfmpegRecording(child, options);
  }

  get pid(): number | undefined {
    return this.#child.pid;
  }

  /**
   * RTP packets that never reached ffmpeg (sequence gaps it reported): lost on
   * the way or dropped by its socket buffer when it could not keep up.
   */
  get missedPackets(): number {
    return this.#missedPackets;
  }

  get hasExited(): boolean {
    return this.#exit !== undefined;
  }

  /**
   * Resolves once ffmpeg has bound its RTP port (it reads the SDP and binds
   * before it waits for packets), so not one packet is sent into the void.
   * On Linux the socket is checked to be ffmpeg's own (/proc); elsewhere ffmpeg
   * must still be running a moment after the port was seen taken (a failed
   * bind makes it exit at once). Rejects if ffmpeg exits first.
   */
  async ready(timeoutMs = READY_TIMEOUT_MS): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      this.#throwIfExited();
      const pid = this.#child.pid;
      if (pid !== undefined && !(await isUdpPortFree(this.#options.rtpPort, '127.0.0.1'))) {
        const owned = await udpPortOwnedBy(pid, this.#options.rtpPort);
        if (owned === true) return;
        if (owned === undefined) {
          await new Promise((resolve) => setTimeout(resolve, BIND_SETTLE_MS));
          this.#throwIfExited();
          return;
        }
      }
      await new Promise((resolve) => setTimeout(resolve, READY_POLL_MS));
    }
    this.kill();
    throw new AirError(
      'RECORDING_FAILED',
      `ffmpeg did not listen on port ${this.#options.rtpPort} within ${timeoutMs} ms`,
    );
  }

  #throwIfExited(): void {
    if (this.#exit === undefined) return;
    throw new AirError(
      'RECORDING_FAILED',
      `ffmpeg exited before listening (code ${String(this.#exit.code)}): ${this.#exit.stderrTail.slice(-300)}`,
    );
  }

  /**
   * Asks ffmpeg to finish the file and waits for it to exit: an RTCP BYE first
   * (ffmpeg ends the input and writes the trailer), a SIGINT after
   * `byeGraceMs` if it is still running, a SIGKILL after `graceMs` (the file is
   * then repaired by a remux when the recording is finalized).
   */
  async stop(options: { readonly byeGraceMs: number; readonly graceMs: number }): Promise<FfmpegExit> {
    if (this.#exit !== undefined) return this.#exit;
    this.#stopRequested = true;
    const interrupt = setTimeout(() => this.#child.kill('SIGINT'), options.byeGraceMs);
    const kill = setTimeout(() => this.#child.kill('SIGKILL'), options.graceMs);
    try {
      await sendRtcpBye(this.#options.rtpPort + 1);
    } catch (error: unknown) {
      // Loopback send failed (should not happen): the SIGINT fallback still stops ffmpeg.
      this.#stderrTail += `\nRTCP BYE not sent: ${errorMessage(error)}`;
    }
    try {
      return await this.exited;
    } finally {
      clearTimeout(interrupt);
      clearTimeout(kill);
    }
  }

  /** Immediate kill (start-up failure, tests). The file is then left as after a crash. */
  kill(): void {
    if (this.#exit === undefined) this.#child.kill('SIGKILL');
  }
}

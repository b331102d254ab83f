import { readFile } from 'node:fs/promises';
import { AirError } from '@aircounter/protocol';
import type { Logger } from '../log.ts';
import type { ConcurrencyLimiter } from './limiter.ts';
import type { RecordedFileReader } from './recorded-file-readers.ts';
import { finalizeRecording, handOverRecording } from './finalize.ts';
import { recordingIdOf, recordingPrefix, timingLogName, timingSummaryName } from './names.ts';
import { isUdpPortFree } from './ports.ts';
import { sendRtcpBye } from './rtcp.ts';
import type { InterruptedTrack } from '../store/recording-intents-repository.ts';
import type { RecordingTimingSummary } from './finalize.ts';
import type { RecordingEvidence } from './types.ts';

export interface RecoveryEvidence extends RecordingEvidence {
  /** Sessions with an event log but no sealed package (EvidenceService.findUnfinalized). */
  findUnfinalized(): Promise<string[]>;
}

export interface RecoveredRecording {
  readonly sessionId: string;
  readonly recordingId: string;
  /** `handed-over`: it had been finalized, only the hand-over was cut; `finalized`: rebuilt after the crash. */
  readonly action: 'handed-over' | 'finalized';
  readonly complete: boolean;
  readonly files: readonly string[];
  /** Per track, when its last written media ends (from the rebuilt timing; empty when none was rebuilt). */
  readonly lastMedia: readonly InterruptedTrack[];
}

/** Where each track's last segment with media ends, on the wall clock. */
function lastMediaOf(summary: RecordingTimingSummary): InterruptedTrack[] {
  const tracks = new Map<string, InterruptedTrack>();
  for (const segment of summary.segments) {
    if (segment.endMs === null) continue;
    const lastMediaUnixMs = summary.originUnixMs + segment.endMs;
    const known = tracks.get(segment.trackKey);
    if (known !== undefined && known.lastMediaUnixMs >= lastMediaUnixMs) continue;
    tracks.set(segment.trackKey, {
      peerId: segment.peerId,
      role: segment.role,
      source: segment.source,
      lastMediaUnixMs,
    });
  }
  return [...tracks.values()];
}

export interface RecoverRecordingsInput {
  readonly evidence: RecordingEvidence;
  /** The sessions whose staged recordings to finish. */
  readonly sessionIds: readonly string[];
  /**
   * Copy each file into the package (then drop its staged name) instead of
   * moving it: for a recording of another node, whose ffmpeg may still live on
   * that node's machine and write its file's end later — into the staged
   * file, never into the package.
   */
  readonly copy?: boolean;
  /** ffmpeg and ffprobe, resolved only if a recording needs them (a server without leftovers never asks). */
  readonly tools: () => Promise<{ readonly ffmpegPath: string; readonly ffprobePath: string | undefined }>;
  readonly log: Logger;
  readonly limiter: ConcurrencyLimiter;
  /** Reads finished files for their summaries (the server's reader threads); by default in this thread. */
  readonly readFile?: RecordedFileReader;
  readonly minCustomerHeight: number;
  /** How long an orphaned ffmpeg gets to close its file after the BYE, ms. */
  readonly orphanGraceMs?: number;
}

const ORPHAN_POLL_MS = 50;

/** RTP ports named in the staged SDP files of a recording. */
async function sdpPorts(evidence: RecordingEvidence, sessionId: string, names: readonly string[]): Promise<number[]> {
  const ports: number[] = [];
  for (const name of names.filter((entry) => entry.endsWith('.sdp'))) {
    const text = await readFile(await evidence.stagingPath(sessionId, name), 'utf8');
    const port = /^m=\w+ (\d+) /m.exec(text)?.[1];
    if (port !== undefined) ports.push(Number(port));
  }
  return ports;
}

/**
 * An ffmpeg survives the server's SIGKILL (children are not killed with their
 * parent) and keeps its file open, waiting for packets. Tell each one the
 * stream ended (RTCP BYE: it writes its trailer and exits) and wait until its
 * port is free, so that nothing writes a file while it is repaired and moved.
 */
async function closeOrphans(ports: readonly number[], graceMs: number, log: Logger): Promise<void> {
  for (const port of ports) {
    if (await isUdpPortFree(port, '127.0.0.1')) continue;
    await sendRtcpBye(port + 1);
    const deadline = Date.now() + graceMs;
    while (!(await isUdpPortFree(port, '127.0.0.1'))) {
      if (Date.now() > deadline) {
        log.warn('port of a recovered recording is still bound; continuing', { port });
        break;
      }
      await new Promise((resolve) => setTimeout(resolve, ORPHAN_POLL_MS));
    }
  }
}

/**
 * Finds recordings a killed server (or a lost node) left in the staging area
 * of the given sessions and finishes them: never overwriting what was written
 * (repairs go to new files), marking them incomplete, and handing everything
 * to the evidence store so that the session's package can then be finalized.
 */
export async function recoverRecordings(input: RecoverRecordingsInput): Promise<RecoveredRecording[]> {
  const { evidence, log } = input;
  const handOver = { copy: input.copy === true };
  const recovered: RecoveredRecording[] = [];
  for (const sessionId of input.sessionIds) {
    const staged = await evidence.listStaged(sessionId);
    const recordingIds = [...new Set(staged.map(recordingIdOf).filter((id) => id !== undefined))];
    for (const recordingId of recordingIds) {
      const names = staged.filter((name) => name.startsWith(`${recordingPrefix(recordingId)}.`));
      if (names.includes(timingSummaryName(recordingId))) {
        // Finalized before the crash; only moving the files into the package was cut short.
        const files = await handOverRecording(evidence, sessionId, recordingId, handOver);
        recovered.push({ sessionId, recordingId, action: 'handed-over', complete: false, files, lastMedia: [] });
        continue;
      }
      await closeOrphans(await sdpPorts(evidence, sessionId, names), input.orphanGraceMs ?? 3000, log);
      if (!names.includes(timingLogName(recordingId))) {
        const files = await handOverRecording(evidence, sessionId, recordingId, handOver);
        await evidence.append(sessionId, {
          type: 'recording.recovered',
          data: { recordingId, complete: false, timing: null, files },
        });
        recovered.push({ sessionId, recordingId, action: 'finalized', complete: false, files, lastMedia: [] });
        continue;
      }
      let tools: Awaited<ReturnType<RecoverRecordingsInput['tools']>>;
      try {
        tools = await input.tools();
      } catch (error: unknown) {
        if (!(error instanceof AirError)) throw error;
        // Without ffmpeg nothing can be repaired; the files stay staged for the next start.
        log.error('cannot recover a recording without ffmpeg; left for the next start', {
          sessionId,
          recordingId,
          error,
        });
        continue;
      }
      const {
        summary,
        files,
        evidence: finalized,
      } = await finalizeRecording({
        sessionId,
        recordingId,
        evidence,
        ...tools,
        recovered: true,
        copyFiles: handOver.copy,
        log,
        limiter: input.limiter,
        minCustomerHeight: input.minCustomerHeight,
        ...(input.readFile ? { readFile: input.readFile } : {}),
      });
      await evidence.append(sessionId, {
        type: 'recording.state',
        data: {
          recordingId,
          state: 'aborted',
          reason: 'server-crashed',
          recovered: true,
          complete: summary.complete,
          incomplete: [...summary.incomplete],
        },
      });
      await evidence.append(sessionId, { type: 'recording.recovered', data: finalized });
      log.warn('recovered a recording left by a crash', { sessionId, recordingId, segments: summary.segments.length });
      recovered.push({
        sessionId,
        recordingId,
        action: 'finalized',
        complete: summary.complete,
        files,
        lastMedia: lastMediaOf(summary),
      });
    }
  }
  return recovered;
}

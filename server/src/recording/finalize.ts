import { rm, stat, writeFile } from 'node:fs/promises';
import {
  TIMING_FORMAT,
  type EventData,
  type TimingGap,
  type TimingSegment,
  type TimingSummary,
} from '@aircounter/evidence';
import { AirError, type CoverageCause, type IncompleteReason } from '@aircounter/protocol';
import type { Logger } from '../log.ts';
import type { ConcurrencyLimiter } from './limiter.ts';
import type { ProbedStream } from './probe.ts';
import { readRecordedFile } from './read-recorded.ts';
import type { RecordedFileReader } from './recorded-file-readers.ts';
import { isBelowMinimum, reasonOfCause } from './causes.ts';
import { recordingPrefix, repairedName, timingLogName, timingSummaryName } from './names.ts';
import { runProcess } from './run-process.ts';
import { readTimingLog, type TimingRecord } from './timing-log.ts';
import { anchorSegment, workerClockOffsetMs, type FirstPacket, type SenderReportSample } from './timing.ts';
import type { RecordingEvidence } from './types.ts';
import { judgeRecording, type RecordingProblem } from './completeness.ts';
import { judgeWritten, type WrittenVerdict } from './written-check.ts';

/** A segment as this recorder writes it: the format's fields, with what it measures always present. */
export type SegmentSummary = TimingSegment & {
  readonly width: number | null;
  readonly height: number | null;
  readonly frameRate: number | null;
  readonly belowMinimum: boolean;
  readonly sent: { readonly packets: number | null; readonly frameRate: number | null; readonly spanMs: number | null };
  readonly written: WrittenVerdict;
};

/** A gap as this recorder writes it: with its cause, whether it stayed open and whether it counts. */
export type GapSummary = TimingGap & {
  readonly cause: CoverageCause;
  readonly open: boolean;
  readonly counts: boolean;
};

/** The timing summary this recorder writes (`recording-<id>.timing.json`), with its completeness verdict. */
export type RecordingTimingSummary = TimingSummary & {
  readonly incomplete: readonly IncompleteReason[];
  readonly problems: readonly RecordingProblem[];
  readonly segments: readonly SegmentSummary[];
  readonly gaps: readonly GapSummary[];
};

export interface FinalizeRecordingInput {
  readonly sessionId: string;
  readonly recordingId: string;
  readonly evidence: RecordingEvidence;
  readonly ffmpegPath: string;
  /** Finalizing after a crash of the server: segments without an end record ended with it. */
  readonly recovered: boolean;
  /** Hand the files over by copy (another node's recording, see recoverRecordings). */
  readonly copyFiles?: boolean;
  readonly log: Logger;
  /** Runs repairs a few at a time (shared by the server). */
  readonly limiter: ConcurrencyLimiter;
  /** Shortest side a customer camera recording must have (px). */
  readonly minCustomerHeight: number;
  /** Reads a finished file for its summary; by default in this thread (the service passes its reader threads). */
  readonly readFile?: RecordedFileReader;
}

export interface FinalizedRecording {
  readonly summary: RecordingTimingSummary;
  /** Names of the files handed to the evidence store. */
  readonly files: readonly string[];
  /** Data of the `recording.finalized` evidence event. */
  readonly evidence: EventData<'recording.finalized'>;
}

type SegmentRecord = Extract<TimingRecord, { type: 'segment' }>;
type EndRecord = Extract<TimingRecord, { type: 'segmentEnd' }>;
type GapRecord = Extract<TimingRecord, { type: 'gap' }>;
type GapStartRecord = Extract<TimingRecord, { type: 'gapStart' }>;
type FailedRecord = Extract<TimingRecord, { type: 'trackFailed' }>;

async function fileSize(path: string): Promise<number> {
  try {
    return (await stat(path)).size;
  } catch (error: unknown) {
    if (error instanceof Error && 'code' in error && error.code === 'ENOENT') return 0;
    throw error;
  }
}

/**
 * Makes a playable, indexed copy of a file ffmpeg could not finish (killed,
 * crashed): a stream copy into a new file. The original is never touched.
 */
async function repair(ffmpegPath: string, source: string, target: string, container: string): Promise<boolean> {
  const result = await runProcess(ffmpegPath, [
    '-hide_banner',
    '-nostdin',
    '-loglevel',
    'error',
    '-i',
    source,
    '-map',
    '0',
    '-c',
    'copy',
    '-f',
    container === 'webm' ? 'webm' : 'matroska',
    '-n',
    target,
  ]);
  return (await fileSize(target)) > 0 && result.signal === null;
}

interface GroupedRecords {
  originUnixMs: number | undefined;
  /** The log comes from a recorder with a continuity monitor (gaps are logged, not inferred). */
  continuity: boolean;
  segments: SegmentRecord[];
  firstPackets: Map<string, FirstPacket>;
  reports: Map<string, SenderReportSample[]>;
  ends: Map<string, EndRecord>;
  gaps: GapRecord[];
  /** Gaps opened but never closed (the server stopped abruptly), per track key. */
  openGaps: Map<string, GapStartRecord>;
  failures: FailedRecord[];
  /** The last recording state logged (the outcome, once the recording ended). */
  lastState: string | undefined;
  /** Latest wall-clock instant any record names (where a cut log ends). */
  lastUnixMs: number;
}

function groupRecords(records: readonly TimingRecord[]): GroupedRecords {
  const grouped: GroupedRecords = {
    originUnixMs: undefined,
    continuity: false,
    segments: [],
    firstPackets: new Map(),
    reports: new Map(),
    ends: new Map(),
    gaps: [],
    openGaps: new Map(),
    failures: [],
    lastState: undefined,
    lastUnixMs: 0,
  };
  const { segments, firstPackets, reports, ends } = grouped;
  const seen = (unixMs: number): void => {
    grouped.lastUnixMs = Math.max(grouped.lastUnixMs, unixMs);
  };
  for (const record of records) {
    switch (record.type) {
      case 'recording':
        grouped.originUnixMs = record.originUnixMs;
        grouped.continuity = record.continuity === true;
        seen(record.originUnixMs);
        break;
      case 'segment':
        segments.push(record);
        seen(record.startedUnixMs);
        break;
      case 'firstPacket':
        seen(record.arrivalUnixMs);
        firstPackets.set(record.file, {
          rtpTimestamp: record.rtpTimestamp,
          sequenceNumber: record.sequenceNumber,
          arrivalUnixMs: record.arrivalUnixMs,
        });
        break;
      case 'senderReport': {
        seen(record.receivedUnixMs);
        const list = reports.get(record.file) ?? [];
        list.push({
          receivedUnixMs: record.receivedUnixMs,
          ntpUnixMs: record.ntpUnixMs,
          rtpTimestamp: record.rtpTimestamp,
          packetCount: record.packetCount,
          octetCount: record.octetCount,
        });
        reports.set(record.file, list);
        break;
      }
      case 'segmentEnd':
        ends.set(record.file, record);
        seen(record.endedUnixMs);
        break;
      case 'state':
        grouped.lastState = record.state;
        seen(record.atUnixMs);
        break;
      case 'gapStart':
        grouped.openGaps.set(record.trackKey, record);
        seen(record.fromUnixMs);
        break;
      case 'gap':
        grouped.openGaps.delete(record.trackKey);
        grouped.gaps.push(record);
        seen(record.toUnixMs);
        break;
      case 'trackFailed':
        grouped.failures.push(record);
        seen(record.atUnixMs);
        break;
      case 'layer':
        seen(record.atUnixMs);
        break;
      case 'quality':
        break;
    }
  }
  return grouped;
}

/**
 * The gaps the continuity monitor logged, on the session timeline. A gap
 * still open in a cut log (the server stopped abruptly) ends where the log
 * ends. A participant who left and did not come back before the end of the
 * recording is listed, but does not make it incomplete: the call ended for
 * them.
 */
export function monitoredGaps(grouped: GroupedRecords, originUnixMs: number): GapSummary[] {
  const closed = grouped.gaps.map((record) => ({
    trackKey: record.trackKey,
    peerId: record.peerId,
    source: record.source,
    cause: record.cause,
    fromUnixMs: record.fromUnixMs,
    toUnixMs: record.toUnixMs,
    open: record.open,
  }));
  const cut = [...grouped.openGaps.values()].map((record) => ({
    trackKey: record.trackKey,
    peerId: record.peerId,
    source: record.source,
    cause: record.cause,
    fromUnixMs: record.fromUnixMs,
    toUnixMs: Math.max(record.fromUnixMs, grouped.lastUnixMs),
    open: true,
  }));
  return [...closed, ...cut]
    .map((gap) => {
      const fromMs = Math.max(0, gap.fromUnixMs - originUnixMs);
      const toMs = Math.max(0, gap.toUnixMs - originUnixMs);
      return {
        trackKey: gap.trackKey,
        peerId: gap.peerId,
        source: gap.source,
        fromMs,
        toMs,
        durationMs: toMs - fromMs,
        cause: gap.cause,
        reason: reasonOfCause(gap.cause),
        open: gap.open,
        counts: !(gap.open && gap.cause === 'participant-left'),
      };
    })
    .sort((a, b) => a.fromMs - b.fromMs);
}

function causeOfReason(reason: string): CoverageCause {
  switch (reason) {
    case 'ffmpeg-crashed':
    case 'failed':
      return 'recorder-restart';
    case 'paused':
      return 'camera-off';
    case 'producer-closed':
      return 'track-closed';
    case 'server-crashed':
      return 'server-restart';
    default:
      return 'network';
  }
}

/**
 * Gaps between consecutive segments of each track (restart, rejoin, stall),
 * on the session timeline: how gaps are found in timing logs written before
 * the continuity monitor logged them.
 */
export function computeGaps(segments: readonly TimingSegment[]): GapSummary[] {
  const byTrack = new Map<string, TimingSegment[]>();
  for (const segment of segments) {
    if (segment.startMs === null || segment.endMs === null) continue;
    const list = byTrack.get(segment.trackKey) ?? [];
    list.push(segment);
    byTrack.set(segment.trackKey, list);
  }
  const gaps: GapSummary[] = [];
  for (const list of byTrack.values()) {
    list.sort((a, b) => a.segment - b.segment);
    for (let i = 1; i < list.length; i += 1) {
      const previous = list[i - 1];
      const next = list[i];
      if (!previous || !next || previous.endMs === null || next.startMs === null) continue;
      gaps.push({
        trackKey: next.trackKey,
        peerId: next.peerId,
        source: next.source,
        fromMs: previous.endMs,
        toMs: next.startMs,
        durationMs: Math.max(0, next.startMs - previous.endMs),
        cause: causeOfReason(previous.end.reason),
        reason: previous.end.reason,
        open: false,
        counts: true,
      });
    }
  }
  return gaps.sort((a, b) => a.fromMs - b.fromMs);
}

async function summarizeSegment(
  input: FinalizeRecordingInput,
  record: SegmentRecord,
  grouped: GroupedRecords,
  originUnixMs: number,
  clockOffsetMs: number,
): Promise<SegmentSummary> {
  const { evidence, sessionId, log, limiter } = input;
  const path = await evidence.stagingPath(sessionId, record.file);
  const endRecord = grouped.ends.get(record.file);
  const container = record.file.slice(record.file.lastIndexOf('.') + 1);
  const bytes = await fileSize(path);
  // ffmpeg may write a header-only file for a stream that never sent a packet: nothing to play or repair.
  const empty = !grouped.firstPackets.has(record.file) || bytes === 0;
  let playableFile: string | null = empty ? null : record.file;
  let repaired = false;
  let problem: string | null = null;
  if (playableFile !== null && endRecord?.clean !== true) {
    const name = repairedName(record.file);
    const target = await evidence.stagingPath(sessionId, name);
    if (await limiter.run(() => repair(input.ffmpegPath, path, target, container))) {
      playableFile = name;
      repaired = true;
    } else {
      log.warn('could not repair a recorded file; kept as written', { sessionId, file: record.file });
    }
  }
  let streams: readonly ProbedStream[] = [];
  let durationMs: number | null = null;
  let packets: number | null = null;
  if (playableFile !== null) {
    try {
      // Read in this process (a thread of its own), not by a process: no limiter slot needed.
      const probe = await (input.readFile ?? readRecordedFile)(await evidence.stagingPath(sessionId, playableFile));
      streams = probe.streams;
      durationMs = probe.durationMs ?? probe.endMs ?? null;
      packets = probe.packets;
    } catch (error: unknown) {
      if (!(error instanceof AirError)) throw error;
      log.error('a recorded file cannot be read', { sessionId, file: playableFile, error });
      problem = error.message.slice(0, 1000);
      playableFile = null;
    }
  }
  const firstPacket = grouped.firstPackets.get(record.file) ?? null;
  const reports = grouped.reports.get(record.file) ?? [];
  const anchor =
    firstPacket === null ? null : anchorSegment(firstPacket, reports, record.codec.clockRate, clockOffsetMs);
  const startMs = anchor === null || playableFile === null ? null : anchor.startUnixMs - originUnixMs;
  const video = streams.find((stream) => stream.codecType === 'video');
  const width = video?.width ?? null;
  const height = video?.height ?? null;
  const frameRate =
    record.kind === 'video' && packets !== null && durationMs !== null && durationMs > 0
      ? Math.round((packets / (durationMs / 1000)) * 10) / 10
      : null;
  const lastPacketUnixMs = endRecord?.lastPacketUnixMs ?? endRecord?.endedUnixMs;
  const sentSpanMs =
    firstPacket === null || lastPacketUnixMs === undefined
      ? null
      : Math.max(0, lastPacketUnixMs - firstPacket.arrivalUnixMs);
  const sentFrameRate = endRecord?.sentFrameRate ?? null;
  const written = judgeWritten({
    kind: record.kind,
    mediaSent: firstPacket !== null,
    fileBytes: bytes,
    sentSpanMs,
    sentFrameRate,
    writtenMs: durationMs,
    writtenPackets: playableFile === null && problem === null ? 0 : packets,
  });
  return {
    file: record.file,
    playableFile,
    repaired,
    empty,
    problem,
    packets,
    trackKey: record.trackKey,
    peerId: record.peerId,
    role: record.role,
    source: record.source,
    kind: record.kind,
    segment: record.segment,
    producerId: record.producerId,
    codec: record.codec,
    startMs,
    endMs: startMs === null || durationMs === null ? null : startMs + durationMs,
    durationMs,
    anchor: anchor === null ? null : { method: anchor.method, reportsUsed: anchor.reportsUsed },
    firstPacket,
    captureToArrivalMs: anchor === null || firstPacket === null ? null : firstPacket.arrivalUnixMs - anchor.startUnixMs,
    end:
      endRecord === undefined
        ? { reason: 'server-crashed', clean: false, exitCode: null, signal: null, packetsLost: null }
        : {
            reason: endRecord.reason,
            clean: endRecord.clean,
            exitCode: endRecord.exitCode,
            signal: endRecord.signal,
            packetsLost: endRecord.packetsLost ?? null,
          },
    streams,
    senderReports: reports,
    width,
    height,
    frameRate,
    belowMinimum:
      width !== null &&
      height !== null &&
      isBelowMinimum({ minCustomerHeight: input.minCustomerHeight }, record, { width, height }),
    sent: { packets: endRecord?.packetsSent ?? null, frameRate: sentFrameRate, spanMs: sentSpanMs },
    written,
  };
}

/** Hands a recording's staged files to the evidence store (moves, write-once), timing last. */
export async function handOverRecording(
  evidence: RecordingEvidence,
  sessionId: string,
  recordingId: string,
  options: { readonly copy?: boolean } = {},
): Promise<string[]> {
  const move = options.copy !== true;
  const prefix = `${recordingPrefix(recordingId)}.`;
  const last = [timingLogName(recordingId), timingSummaryName(recordingId)];
  const staged = (await evidence.listStaged(sessionId)).filter((name) => name.startsWith(prefix));
  const ordered = [...staged.filter((name) => !last.includes(name)), ...last.filter((name) => staged.includes(name))];
  const handOver = async (names: readonly string[]): Promise<void> => {
    const files = await Promise.all(
      names.map(async (name) => ({ name, source: { path: await evidence.stagingPath(sessionId, name), move } })),
    );
    if (files.length === 0) return;
    await evidence.addFiles(sessionId, files);
    // Copied: the staged names go, so that nothing finds them again (a writer still holding one keeps its inode).
    if (!move) await Promise.all(files.map(({ source }) => rm(source.path, { force: true })));
  };
  // The media together; the timing log and summary after them, once every file they describe is in the package.
  await handOver(ordered.filter((name) => !last.includes(name)));
  await handOver(ordered.filter((name) => last.includes(name)));
  return ordered;
}

/**
 * Finalizes a stopped (or crashed) recording: repairs files ffmpeg could not
 * finish, measures every file, places each on the session timeline, writes
 * the timing summary (`…timing.json`, write-once) and hands every file to the
 * evidence store.
 */
export async function finalizeRecording(input: FinalizeRecordingInput): Promise<FinalizedRecording> {
  const { evidence, sessionId, recordingId } = input;
  const log = await readTimingLog(await evidence.stagingPath(sessionId, timingLogName(recordingId)));
  const grouped = groupRecords(log.records);
  const allReports = [...grouped.reports.values()].flat();
  const clockOffsetMs = workerClockOffsetMs(allReports);
  const originUnixMs = grouped.originUnixMs ?? grouped.segments[0]?.startedUnixMs ?? 0;
  // The limiter bounds the processes; the segments themselves are summarized together.
  const segments = await Promise.all(
    grouped.segments.map((record) => summarizeSegment(input, record, grouped, originUnixMs, clockOffsetMs)),
  );
  const gaps = grouped.continuity ? monitoredGaps(grouped, originUnixMs) : computeGaps(segments);
  const verdict = judgeRecording({
    recovered: input.recovered,
    damagedLogLines: log.damagedLines,
    finalState: grouped.lastState,
    segments,
    gaps,
    failures: grouped.failures,
  });
  const summary: RecordingTimingSummary = {
    format: TIMING_FORMAT,
    sessionId,
    recordingId,
    originUnixMs,
    clockOffsetMs,
    complete: verdict.complete,
    incomplete: verdict.incomplete,
    problems: verdict.problems,
    recovered: input.recovered,
    damagedLogLines: log.damagedLines,
    segments,
    gaps,
  };
  await writeFile(
    await evidence.stagingPath(sessionId, timingSummaryName(recordingId)),
    `${JSON.stringify(summary, null, 2)}\n`,
    { flag: 'wx' },
  );
  const files = await handOverRecording(evidence, sessionId, recordingId, { copy: input.copyFiles === true });
  return {
    summary,
    files,
    evidence: {
      recordingId,
      complete: summary.complete,
      incomplete: [...summary.incomplete],
      problems: summary.problems.slice(0, 100),
      recovered: summary.recovered,
      timing: timingSummaryName(recordingId),
      files,
      segments: segments.map((segment) => ({
        file: segment.playableFile ?? segment.file,
        peerId: segment.peerId,
        source: segment.source,
        startMs: segment.startMs,
        endMs: segment.endMs,
        repaired: segment.repaired,
        ...(segment.width === null || segment.height === null
          ? {}
          : {
              width: segment.width,
              height: segment.height,
              frameRate: segment.frameRate,
              belowMinimum: segment.belowMinimum,
            }),
      })),
      gaps: gaps.slice(0, 100),
    },
  };
}

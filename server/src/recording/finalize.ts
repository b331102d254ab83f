import { stat, writeFile } from 'node:fs/promises';
import {
  TIMING_FORMAT,
  type EventData,
  type TimingGap,
  type TimingSegment,
  type TimingSummary,
} from '@aircounter/evidence';
import { AirError } from '@aircounter/protocol';
import type { Logger } from '../log.ts';
import { probeMedia, type ProbedStream } from './probe.ts';
import { recordingPrefix, repairedName, timingLogName, timingSummaryName } from './names.ts';
import { runProcess } from './run-process.ts';
import { readTimingLog, type TimingRecord } from './timing-log.ts';
import { anchorSegment, workerClockOffsetMs, type FirstPacket, type SenderReportSample } from './timing.ts';
import type { RecordingEvidence } from './types.ts';

export interface FinalizeRecordingInput {
  readonly sessionId: string;
  readonly recordingId: string;
  readonly evidence: RecordingEvidence;
  readonly ffmpegPath: string;
  readonly ffprobePath: string | undefined;
  /** Finalizing after a crash of the server: segments without an end record ended with it. */
  readonly recovered: boolean;
  readonly log: Logger;
}

export interface FinalizedRecording {
  readonly summary: TimingSummary;
  /** Names of the files handed to the evidence store. */
  readonly files: readonly string[];
  /** Data of the `recording.finalized` evidence event. */
  readonly evidence: EventData<'recording.finalized'>;
}

type SegmentRecord = Extract<TimingRecord, { type: 'segment' }>;
type EndRecord = Extract<TimingRecord, { type: 'segmentEnd' }>;

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

function groupRecords(records: readonly TimingRecord[]): {
  originUnixMs: number | undefined;
  segments: SegmentRecord[];
  firstPackets: Map<string, FirstPacket>;
  reports: Map<string, SenderReportSample[]>;
  ends: Map<string, EndRecord>;
} {
  let originUnixMs: number | undefined;
  const segments: SegmentRecord[] = [];
  const firstPackets = new Map<string, FirstPacket>();
  const reports = new Map<string, SenderReportSample[]>();
  const ends = new Map<string, EndRecord>();
  for (const record of records) {
    switch (record.type) {
      case 'recording':
        originUnixMs = record.originUnixMs;
        break;
      case 'segment':
        segments.push(record);
        break;
      case 'firstPacket':
        firstPackets.set(record.file, {
          rtpTimestamp: record.rtpTimestamp,
          sequenceNumber: record.sequenceNumber,
          arrivalUnixMs: record.arrivalUnixMs,
        });
        break;
      case 'senderReport': {
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
        break;
      case 'state':
        break;
    }
  }
  return { originUnixMs, segments, firstPackets, reports, ends };
}

/** Gaps between consecutive segments of each track (restart, rejoin, stall), on the session timeline. */
export function computeGaps(segments: readonly TimingSegment[]): TimingGap[] {
  const byTrack = new Map<string, TimingSegment[]>();
  for (const segment of segments) {
    if (segment.startMs === null || segment.endMs === null) continue;
    const list = byTrack.get(segment.trackKey) ?? [];
    list.push(segment);
    byTrack.set(segment.trackKey, list);
  }
  const gaps: TimingGap[] = [];
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
        reason: previous.end.reason,
      });
    }
  }
  return gaps.sort((a, b) => a.fromMs - b.fromMs);
}

async function summarizeSegment(
  input: FinalizeRecordingInput,
  record: SegmentRecord,
  grouped: ReturnType<typeof groupRecords>,
  originUnixMs: number,
  clockOffsetMs: number,
): Promise<TimingSegment> {
  const { evidence, sessionId, log } = input;
  const path = await evidence.stagingPath(sessionId, record.file);
  const endRecord = grouped.ends.get(record.file);
  const container = record.file.slice(record.file.lastIndexOf('.') + 1);
  // ffmpeg may write a header-only file for a stream that never sent a packet: nothing to play or repair.
  const empty = !grouped.firstPackets.has(record.file) || (await fileSize(path)) === 0;
  let playableFile: string | null = empty ? null : record.file;
  let repaired = false;
  let problem: string | null = null;
  if (playableFile !== null && endRecord?.clean !== true) {
    const name = repairedName(record.file);
    if (await repair(input.ffmpegPath, path, await evidence.stagingPath(sessionId, name), container)) {
      playableFile = name;
      repaired = true;
    } else {
      log.warn('could not repair a recorded file; kept as written', { sessionId, file: record.file });
    }
  }
  let streams: readonly ProbedStream[] = [];
  let durationMs: number | null = null;
  let packets: number | null = null;
  if (playableFile !== null && input.ffprobePath !== undefined) {
    try {
      const probe = await probeMedia(input.ffprobePath, await evidence.stagingPath(sessionId, playableFile));
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
  };
}

/** Hands a recording's staged files to the evidence store (moves, write-once), timing last. */
export async function handOverRecording(
  evidence: RecordingEvidence,
  sessionId: string,
  recordingId: string,
): Promise<string[]> {
  const prefix = `${recordingPrefix(recordingId)}.`;
  const last = [timingLogName(recordingId), timingSummaryName(recordingId)];
  const staged = (await evidence.listStaged(sessionId)).filter((name) => name.startsWith(prefix));
  const ordered = [...staged.filter((name) => !last.includes(name)), ...last.filter((name) => staged.includes(name))];
  for (const name of ordered) {
    await evidence.addFile(sessionId, name, { path: await evidence.stagingPath(sessionId, name), move: true });
  }
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
  const segments = await Promise.all(
    grouped.segments.map((record) => summarizeSegment(input, record, grouped, originUnixMs, clockOffsetMs)),
  );
  const gaps = computeGaps(segments);
  const summary: TimingSummary = {
    format: TIMING_FORMAT,
    sessionId,
    recordingId,
    originUnixMs,
    clockOffsetMs,
    complete:
      !input.recovered &&
      log.damagedLines === 0 &&
      segments.every((segment) => segment.end.clean && segment.problem === null),
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
  const files = await handOverRecording(evidence, sessionId, recordingId);
  return {
    summary,
    files,
    evidence: {
      recordingId,
      complete: summary.complete,
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
      })),
      gaps: gaps.slice(0, 100),
    },
  };
}

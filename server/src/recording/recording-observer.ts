import type { AnyEvidenceEvent } from '@aircounter/evidence';
import type { AirError } from '@aircounter/protocol';
import { isBelowMinimum, reasonOfCause } from './causes.ts';
import type { ContinuityEvents, ContinuityMonitor, CoverageGap } from './continuity.ts';
import type { LayerChange } from './layer-follower.ts';
import type { VideoQuality } from './probe.ts';
import type { TimingLog } from './timing-log.ts';
import type { FirstPacket, SenderReportSample } from './timing.ts';
import type { SegmentEnd, SegmentInfo, TrackObserver, TrackRecorder } from './track-recorder.ts';
import type { RecordingSettings } from './types.ts';

/** Evidence of sender reports: the first of each segment, then one in this many (the sidecar has all). */
const SENDER_REPORT_EVIDENCE_EVERY = 30;

/** A segment's packet counters, present only when the recorder could count them (the sidecar and the evidence agree). */
function packetCounts(end: SegmentEnd): { packetsLost?: number; packetsSent?: number } {
  return {
    ...(end.packetsLost === undefined ? {} : { packetsLost: end.packetsLost }),
    ...(end.packetsSent === undefined ? {} : { packetsSent: end.packetsSent }),
  };
}

/** What the observer writes to and asks of the recording it serves. */
export interface RecordingRecordsContext {
  readonly recordingId: string;
  readonly timing: TimingLog;
  readonly settings: RecordingSettings;
  /** The recording's continuity monitor (set once created; the observer only forwards to it). */
  readonly monitor: () => ContinuityMonitor | undefined;
  /** Appends to the session's evidence log, in call order. */
  evidence(event: AnyEvidenceEvent): void;
  /** Wall clock → media time of the session, ms. */
  mediaTime(unixMs: number): number;
  /** Whether the participant is still in the room (a producer closing then is `track-closed`, else `participant-left`). */
  participantPresent(peerId: string): boolean;
  /** Something people see changed: push the recording status. */
  publish(): void;
  trackClosed(track: TrackRecorder): void;
  trackFailed(track: TrackRecorder, error: AirError): void;
  warn(message: string, fields: Record<string, unknown>): void;
}

/**
 * Turns what track recorders report into timing records (the append-only
 * sidecar) and evidence events (the hash-chained log), and feeds the
 * continuity monitor.
 */
export function recordingObserver(context: RecordingRecordsContext): TrackObserver {
  const { recordingId, timing } = context;
  return {
    segmentStarted: (segment: SegmentInfo) => {
      timing.append({
        type: 'segment',
        file: segment.file,
        trackKey: segment.trackKey,
        segment: segment.segment,
        peerId: segment.peerId,
        role: segment.role,
        source: segment.source,
        kind: segment.kind,
        producerId: segment.producerId,
        codec: segment.codec,
        startedUnixMs: segment.startedUnixMs,
      });
      context.evidence({
        type: 'recording.segment.started',
        data: {
          recordingId,
          file: segment.file,
          peerId: segment.peerId,
          role: segment.role,
          source: segment.source,
          kind: segment.kind,
          segment: segment.segment,
          producerId: segment.producerId,
          codec: segment.codec.mimeType,
        },
      });
    },
    firstPacket: (segment: SegmentInfo, packet: FirstPacket) => {
      timing.append({ type: 'firstPacket', file: segment.file, ...packet });
      context.evidence({
        type: 'recording.segment.first-packet',
        mediaTimeMs: context.mediaTime(packet.arrivalUnixMs),
        data: { recordingId, file: segment.file, ...packet },
      });
      context.monitor()?.mediaArrived(segment.trackKey, packet.arrivalUnixMs);
    },
    senderReport: (segment: SegmentInfo, report: SenderReportSample, index: number) => {
      timing.append({ type: 'senderReport', file: segment.file, ...report });
      if (index === 1 || index % SENDER_REPORT_EVIDENCE_EVERY === 0) {
        context.evidence({
          type: 'recording.sender-report',
          mediaTimeMs: context.mediaTime(report.receivedUnixMs),
          data: { recordingId, file: segment.file, index, ...report },
        });
      }
    },
    segmentEnded: (segment: SegmentInfo, end: SegmentEnd) => {
      if (end.detail !== undefined) {
        // ffmpeg's own words (paths included) stay in the server log.
        context.warn('ffmpeg did not finish a segment cleanly', { file: segment.file, detail: end.detail });
      }
      timing.append({
        type: 'segmentEnd',
        file: segment.file,
        endedUnixMs: end.endedUnixMs,
        reason: end.reason,
        exitCode: end.exitCode,
        signal: end.signal,
        clean: end.clean,
        ...packetCounts(end),
        ...(end.lastPacketUnixMs === undefined ? {} : { lastPacketUnixMs: end.lastPacketUnixMs }),
        ...(end.sentFrameRate === undefined ? {} : { sentFrameRate: end.sentFrameRate }),
      });
      const interrupted = end.reason !== 'stopped';
      context.evidence({
        type: interrupted ? 'recording.segment.interrupted' : 'recording.segment.ended',
        mediaTimeMs: context.mediaTime(end.endedUnixMs),
        data: {
          recordingId,
          file: segment.file,
          peerId: segment.peerId,
          source: segment.source,
          reason: end.reason,
          exitCode: end.exitCode,
          signal: end.signal,
          clean: end.clean,
          ...packetCounts(end),
        },
      });
    },
    producerPaused: (track: TrackRecorder, paused: boolean) => {
      context.evidence({
        type: paused ? 'recording.track.paused' : 'recording.track.resumed',
        data: { recordingId, peerId: track.peerId, source: track.source },
      });
    },
    pipelineOpened: (track, probe) => {
      context
        .monitor()
        ?.attach({ trackKey: track.trackKey, peerId: track.peerId, role: track.role, source: track.source }, probe);
    },
    interrupted: (track, cause, atUnixMs) => {
      context.monitor()?.interrupt(track.trackKey, cause, atUnixMs, false);
    },
    layerChanged: (segment: SegmentInfo, change: LayerChange) => {
      const layer = {
        spatialLayer: change.spatialLayer ?? null,
        ...(change.temporalLayer === undefined ? {} : { temporalLayer: change.temporalLayer }),
        ...(change.rid === undefined ? {} : { rid: change.rid }),
        ...(change.bestArriving === undefined ? {} : { bestArriving: change.bestArriving }),
        ...(change.stalledForMs === undefined ? {} : { stalledForMs: change.stalledForMs }),
      };
      timing.append({ type: 'layer', file: segment.file, atUnixMs: change.atUnixMs, ...layer });
      context.evidence({
        type: 'recording.track.layer',
        mediaTimeMs: context.mediaTime(change.atUnixMs),
        data: { recordingId, file: segment.file, peerId: segment.peerId, source: segment.source, ...layer },
      });
    },
    quality: (segment: SegmentInfo, quality: VideoQuality) => {
      const belowMinimum = isBelowMinimum(context.settings, segment, quality);
      timing.append({ type: 'quality', file: segment.file, ...qualityFields(quality), belowMinimum });
      context.evidence({
        type: 'recording.track.quality',
        data: {
          recordingId,
          file: segment.file,
          peerId: segment.peerId,
          source: segment.source,
          ...qualityFields(quality),
          belowMinimum,
        },
      });
      context.monitor()?.setQuality(segment.trackKey, {
        width: quality.width,
        height: quality.height,
        frameRate: quality.frameRate,
        belowMinimum,
      });
    },
    producerClosing: (track: TrackRecorder, atUnixMs: number) => {
      const cause = context.participantPresent(track.peerId) ? 'track-closed' : 'participant-left';
      context.monitor()?.interrupt(track.trackKey, cause, atUnixMs, true);
    },
    producerClosed: (track: TrackRecorder) => context.trackClosed(track),
    failed: (track: TrackRecorder, error: AirError) => context.trackFailed(track, error),
  };
}

function qualityFields(quality: VideoQuality): { width: number; height: number; frameRate?: number } {
  return {
    width: quality.width,
    height: quality.height,
    ...(quality.frameRate === undefined ? {} : { frameRate: quality.frameRate }),
  };
}

/**
 * Turns the continuity monitor's gaps into timing records and evidence
 * events: `recording.coverage.lost` when a track stops being recorded,
 * `recording.gap` with its exact bounds and cause when it comes back (or the
 * recording ends). The same numbers go to both.
 */
export function continuityRecords(context: RecordingRecordsContext): ContinuityEvents {
  const { recordingId, timing } = context;
  return {
    gapOpened: (gap) => {
      timing.append({
        type: 'gapStart',
        trackKey: gap.trackKey,
        peerId: gap.peerId,
        role: gap.role,
        source: gap.source,
        cause: gap.cause,
        fromUnixMs: gap.fromUnixMs,
      });
      const fromMs = context.mediaTime(gap.fromUnixMs);
      context.evidence({
        type: 'recording.coverage.lost',
        mediaTimeMs: fromMs,
        data: { recordingId, peerId: gap.peerId, role: gap.role, source: gap.source, cause: gap.cause, fromMs },
      });
    },
    gapClosed: (gap: CoverageGap) => {
      timing.append({ type: 'gap', ...gap });
      const fromMs = context.mediaTime(gap.fromUnixMs);
      const toMs = context.mediaTime(gap.toUnixMs);
      context.evidence({
        type: 'recording.gap',
        mediaTimeMs: fromMs,
        data: {
          recordingId,
          peerId: gap.peerId,
          role: gap.role,
          source: gap.source,
          cause: gap.cause,
          reason: reasonOfCause(gap.cause),
          fromMs,
          toMs,
          durationMs: toMs - fromMs,
          open: gap.open,
        },
      });
    },
    changed: () => context.publish(),
    probeFailed: (trackKey, error) =>
      context.warn('cannot read the packet count of a recorded track', { trackKey, error }),
  };
}

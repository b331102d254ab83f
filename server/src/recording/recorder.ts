import type { AnyEvidenceEvent, EventData } from '@aircounter/evidence';
import {
  AirError,
  type ConsentState,
  type RecordingState,
  type RecordingStatus,
  type RequestData,
} from '@aircounter/protocol';
import type { Logger } from '../log.ts';
import type { Room, RoomEvents } from '../media/room.ts';
import { finalizeRecording } from './finalize.ts';
import type { FfmpegLocation } from './ffmpeg-path.ts';
import { newRecordingId, timingLogName } from './names.ts';
import type { RtpPortAllocator } from './ports.ts';
import { isRunning, RecordingStateMachine } from './state.ts';
import { TimingLog } from './timing-log.ts';
import type { FirstPacket, SenderReportSample } from './timing.ts';
import { TrackRecorder, type SegmentEnd, type SegmentInfo, type TrackObserver } from './track-recorder.ts';
import type { RecordingEvidence, RecordingSettings, RoomProducer } from './types.ts';

/** What every recording of the server shares. */
export interface RecorderContext {
  readonly evidence: RecordingEvidence;
  readonly ports: RtpPortAllocator;
  readonly settings: RecordingSettings;
  /** Resolves ffmpeg (and ffprobe) once; rejects with RECORDING_FAILED naming the fix. */
  readonly tools: () => Promise<{ readonly ffmpeg: FfmpegLocation; readonly ffprobe: string | undefined }>;
  readonly log: Logger;
}

type ConsentRecord =
  { readonly kind: 'explicit'; readonly peerId: string; readonly atUnixMs: number } | { readonly kind: 'external' };

/** Who started or stopped the recording, logged with the transition (`recording.state`). */
type StateActor = Pick<EventData<'recording.state'>, 'startedBy' | 'stoppedBy'>;

/** Evidence of sender reports: the first of each segment, then one in this many (the sidecar has all). */
const SENDER_REPORT_EVIDENCE_EVERY = 30;

interface ActiveRecording {
  readonly recordingId: string;
  readonly ffmpegPath: string;
  readonly timing: TimingLog;
  readonly tracks: Map<TrackRecorder, Promise<void>>;
  readonly unsubscribe: () => void;
  /** Per track key: when and why its last segment ended (for gap events). */
  readonly lastEnd: Map<string, { readonly endedUnixMs: number; readonly reason: string }>;
  failure: AirError | undefined;
}

/**
 * The recording of one session: consent, the state machine, one
 * {@link TrackRecorder} per producer, and the evidence and timing records.
 * Public operations are serialized, so a stop issued while the recording is
 * still starting runs once it is active.
 */
export class SessionRecorder {
  readonly #room: Room;
  readonly #context: RecorderContext;
  readonly #machine = new RecordingStateMachine();
  readonly #segmentCounters = new Map<string, number>();
  #consent: ConsentRecord | undefined;
  /** Declined or withdrawn by the customer: no recording until they consent again. */
  #refused: 'declined' | 'withdrawn' | undefined;
  #recordingId: string | undefined;
  #mediaOriginUnixMs: number | undefined;
  #active: ActiveRecording | undefined;
  #queue: Promise<void> = Promise.resolve();
  #evidenceChain: Promise<void> = Promise.resolve();
  #evidenceFailures = 0;

  constructor(room: Room, context: RecorderContext) {
    this.#room = room;
    this.#context = context;
    room.recordingStatus = this.status();
  }

  get sessionId(): string {
    return this.#room.sessionId;
  }

  get state(): RecordingState {
    return this.#machine.state;
  }

  /** Track recorders of the running recording (tests reach ffmpeg pids through them). */
  get tracks(): readonly TrackRecorder[] {
    return [...(this.#active?.tracks.keys() ?? [])];
  }

  status(): RecordingStatus {
    const reason = this.#machine.reason;
    return {
      state: this.#machine.state,
      ...(this.#recordingId === undefined ? {} : { recordingId: this.#recordingId }),
      since: this.#machine.since,
      consentGiven: this.#consentAllows(),
      consent: this.#consentState(),
      onDecline: this.#context.settings.consentDecline,
      ...(reason === undefined ? {} : { reason }),
    };
  }

  /** The customer consents to being recorded (logged as `consent.given`). */
  giveConsent(peerId: string, data: RequestData<'giveConsent'>): Promise<RecordingStatus> {
    return this.#serialize(async () => {
      const atUnixMs = Date.now();
      this.#consent = { kind: 'explicit', peerId, atUnixMs };
      this.#refused = undefined;
      this.#evidence({
        type: 'consent.given',
        data: {
          peerId,
          consentTextVersion: data.consentTextVersion,
          action: data.action,
          locale: data.locale,
          policy: this.#context.settings.consentPolicy,
        },
      });
      await this.#evidenceChain;
      this.#publish();
      return this.status();
    });
  }

  /**
   * The customer declines the recording (logged as `consent.declined`); a
   * running recording stops with reason `consent-declined`. Repeating it
   * changes nothing and logs nothing more.
   */
  declineConsent(peerId: string, data: RequestData<'declineConsent'>): Promise<RecordingStatus> {
    return this.#refuse('declined', peerId, {
      consentTextVersion: data.consentTextVersion,
      action: data.action,
      locale: data.locale,
    });
  }

  /**
   * The customer withdraws consent at any time (logged as `consent.withdrawn`);
   * a running recording stops at once with reason `consent-withdrawn`, its
   * files finalized and kept. Repeating it changes nothing.
   */
  withdrawConsent(peerId: string, data: RequestData<'withdrawConsent'>): Promise<RecordingStatus> {
    return this.#refuse('withdrawn', peerId, { action: data.action, locale: data.locale });
  }

  #refuse(
    refusal: 'declined' | 'withdrawn',
    peerId: string,
    data: { readonly action: string; readonly locale: string; readonly consentTextVersion?: string },
  ): Promise<RecordingStatus> {
    return this.#serialize(async () => {
      if (this.#refused === refusal && this.#consent === undefined) return this.status();
      const running = this.#machine.state === 'active';
      this.#consent = undefined;
      this.#refused = refusal;
      this.#evidence({
        type: `consent.${refusal}`,
        data: {
          peerId,
          ...data,
          policy: this.#context.settings.consentPolicy,
          onDecline: this.#context.settings.consentDecline,
          recordingId: running ? (this.#recordingId ?? null) : null,
        },
      });
      await this.#evidenceChain;
      if (running) await this.#finish('complete', `consent-${refusal}`, { stoppedBy: peerId });
      else this.#publish();
      return this.status();
    });
  }

  #consentAllows(): boolean {
    if (this.#refused !== undefined) return false;
    return this.#consent !== undefined || this.#context.settings.consentPolicy === 'external';
  }

  #consentState(): ConsentState {
    if (this.#refused !== undefined) return this.#refused;
    if (this.#consent?.kind === 'explicit') return 'given';
    return this.#context.settings.consentPolicy === 'external' ? 'external' : 'pending';
  }

  /** Starts recording every producer of the room; resolves when the recording is active. */
  start(byPeerId: string): Promise<RecordingStatus> {
    return this.#serialize(async () => {
      if (isRunning(this.#machine.state)) {
        throw new AirError('RECORDING_ALREADY_ACTIVE', `recording ${this.#recordingId ?? ''} is ${this.state}`);
      }
      if (this.#room.closed) throw new AirError('SESSION_ENDED', 'the session has ended');
      const policy = this.#context.settings.consentPolicy;
      if (this.#refused !== undefined) {
        throw new AirError('CONSENT_REQUIRED', `the customer ${this.#refused} consent to recording`);
      }
      if (policy === 'explicit' && this.#consent === undefined) {
        throw new AirError('CONSENT_REQUIRED', 'the customer has not consented to recording');
      }
      const recordingId = newRecordingId();
      this.#recordingId = recordingId;
      // Segment numbers count per recording (its files carry its id).
      this.#segmentCounters.clear();
      this.#transition('starting', undefined, { startedBy: byPeerId });
      if (this.#mediaOriginUnixMs === undefined) {
        // Media time 0 of the session: every track and every event sits on this one timeline.
        this.#mediaOriginUnixMs = this.#machine.since;
        this.#context.evidence.setMediaOrigin(this.sessionId, this.#mediaOriginUnixMs);
      }
      if (this.#consent === undefined) {
        this.#consent = { kind: 'external' };
        this.#evidence({ type: 'consent.external', data: { policy, startedBy: byPeerId, recordingId } });
      }
      // The consent (or its policy) is durable before a single packet is recorded.
      await this.#evidenceChain;
      try {
        await this.#begin(recordingId);
      } catch (error: unknown) {
        const failure =
          error instanceof AirError
            ? error
            : new AirError('RECORDING_FAILED', 'recording failed to start', { cause: error });
        await this.#finish('failed', failure.message);
        throw failure;
      }
      this.#transition('active');
      await this.#evidenceChain;
      return this.status();
    });
  }

  /** Stops on request (agent); resolves when every file is finalized and handed to the evidence store. */
  stop(byPeerId: string): Promise<RecordingStatus> {
    return this.#serialize(async () => {
      if (this.#machine.state !== 'active') {
        throw new AirError('RECORDING_NOT_ACTIVE', `no active recording (state ${this.state})`);
      }
      await this.#finish('complete', undefined, { stoppedBy: byPeerId });
      return this.status();
    });
  }

  /**
   * Ends a running recording that nobody asked to stop (session ended, server
   * shutting down, worker died). Files written so far are finalized and kept.
   */
  end(finalState: 'complete' | 'aborted' | 'failed', reason: string): Promise<RecordingStatus> {
    return this.#serialize(async () => {
      if (this.#machine.state === 'active') await this.#finish(finalState, reason);
      return this.status();
    });
  }

  /**
   * Resolves once queued operations and evidence writes are done (for shutdown
   * and before the session's package is sealed), including operations queued
   * while waiting (a room's `closed` listeners may queue the end after a caller
   * started waiting).
   */
  async settled(): Promise<void> {
    for (;;) {
      const queue = this.#queue;
      const evidence = this.#evidenceChain;
      await queue;
      await evidence;
      if (queue === this.#queue && evidence === this.#evidenceChain) return;
    }
  }

  #serialize<T>(work: () => Promise<T>): Promise<T> {
    const run = this.#queue.then(work);
    this.#queue = run.then(
      () => undefined,
      () => undefined,
    );
    return run;
  }

  async #begin(recordingId: string): Promise<void> {
    const { evidence } = this.#context;
    const tools = await this.#context.tools();
    const timing = await TimingLog.create(await evidence.stagingPath(this.sessionId, timingLogName(recordingId)));
    timing.append({
      type: 'recording',
      recordingId,
      sessionId: this.sessionId,
      originUnixMs: this.#mediaOriginUnixMs ?? this.#machine.since,
      consentPolicy: this.#context.settings.consentPolicy,
      ffmpeg: `${tools.ffmpeg.source}:${tools.ffmpeg.path}`,
    });
    timing.append({ type: 'state', state: 'starting', atUnixMs: this.#machine.since });
    const onProducerAdded = (event: RoomEvents['producerAdded'][0]): void => {
      if (this.#active?.recordingId === recordingId && !this.#room.closed) this.#addTrack(event);
    };
    const onClosed = ({ reason, code }: RoomEvents['closed'][0]): void => {
      const finalState = code === undefined || code === 'SESSION_ENDED' ? 'complete' : 'failed';
      const state = reason === 'server-shutdown' ? 'aborted' : finalState;
      this.end(state, `session-${reason}`).catch((error: unknown) =>
        this.#context.log.error('recording did not end cleanly', { error, sessionId: this.sessionId }),
      );
    };
    this.#room.on('producerAdded', onProducerAdded);
    this.#room.on('closed', onClosed);
    const active: ActiveRecording = {
      recordingId,
      ffmpegPath: tools.ffmpeg.path,
      timing,
      tracks: new Map(),
      lastEnd: new Map(),
      failure: undefined,
      unsubscribe: () => {
        this.#room.off('producerAdded', onProducerAdded);
        this.#room.off('closed', onClosed);
      },
    };
    this.#active = active;
    for (const peer of this.#room.peers.values()) {
      for (const { producer, source } of peer.producers.values()) {
        this.#addTrack({ peerId: peer.id, role: peer.role, producer, source });
      }
    }
    const results = await Promise.allSettled(active.tracks.values());
    const rejected = results.find((result) => result.status === 'rejected');
    if (rejected) throw rejected.reason;
  }

  #addTrack(spec: RoomProducer): void {
    const active = this.#active;
    if (!active || spec.producer.closed) return;
    // A producer is recorded once, however it was announced (present at the start, or added).
    for (const track of active.tracks.keys()) if (track.producer.id === spec.producer.id) return;
    const context = this.#context;
    const track = new TrackRecorder(spec, {
      sessionId: this.sessionId,
      recordingId: active.recordingId,
      router: this.#room.router,
      evidence: context.evidence,
      ports: context.ports,
      settings: context.settings,
      ffmpegPath: active.ffmpegPath,
      nextSegment: (trackKey) => {
        const next = (this.#segmentCounters.get(trackKey) ?? 0) + 1;
        this.#segmentCounters.set(trackKey, next);
        return next;
      },
      observer: this.#observer(active),
      log: context.log.child({ sessionId: this.sessionId, peerId: spec.peerId, source: spec.source }),
    });
    const started = track.start().catch((error: unknown) => {
      const failure =
        error instanceof AirError ? error : new AirError('RECORDING_FAILED', 'track failed to start', { cause: error });
      this.#onTrackFailed(active, track, failure);
      throw failure;
    });
    active.tracks.set(track, started);
    // Late tracks (added while active) report failure through #onTrackFailed; the start call awaits the first ones.
    started.catch((error: unknown) =>
      context.log.debug('track start failure already reported', { error, sessionId: this.sessionId }),
    );
  }

  #observer(active: ActiveRecording): TrackObserver {
    const mediaTime = (unixMs: number): number => Math.max(0, unixMs - (this.#mediaOriginUnixMs ?? unixMs));
    return {
      segmentStarted: (segment: SegmentInfo) => {
        active.timing.append({
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
        this.#evidence({
          type: 'recording.segment.started',
          data: {
            recordingId: active.recordingId,
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
        active.timing.append({ type: 'firstPacket', file: segment.file, ...packet });
        this.#evidence({
          type: 'recording.segment.first-packet',
          mediaTimeMs: mediaTime(packet.arrivalUnixMs),
          data: { recordingId: active.recordingId, file: segment.file, ...packet },
        });
        const previous = active.lastEnd.get(segment.trackKey);
        if (previous !== undefined) {
          active.lastEnd.delete(segment.trackKey);
          this.#evidence({
            type: 'recording.gap',
            mediaTimeMs: mediaTime(previous.endedUnixMs),
            data: {
              recordingId: active.recordingId,
              peerId: segment.peerId,
              source: segment.source,
              fromMs: mediaTime(previous.endedUnixMs),
              toMs: mediaTime(packet.arrivalUnixMs),
              reason: previous.reason,
              // Exact bounds (from file durations and sender reports) are in the timing sidecar.
              approximate: true,
            },
          });
        }
      },
      senderReport: (segment: SegmentInfo, report: SenderReportSample, index: number) => {
        active.timing.append({ type: 'senderReport', file: segment.file, ...report });
        if (index === 1 || index % SENDER_REPORT_EVIDENCE_EVERY === 0) {
          this.#evidence({
            type: 'recording.sender-report',
            mediaTimeMs: mediaTime(report.receivedUnixMs),
            data: { recordingId: active.recordingId, file: segment.file, index, ...report },
          });
        }
      },
      segmentEnded: (segment: SegmentInfo, end: SegmentEnd) => {
        active.timing.append({
          type: 'segmentEnd',
          file: segment.file,
          endedUnixMs: end.endedUnixMs,
          reason: end.reason,
          exitCode: end.exitCode,
          signal: end.signal,
          clean: end.clean,
          ...(end.packetsLost === undefined ? {} : { packetsLost: end.packetsLost }),
        });
        const interrupted = end.reason !== 'stopped';
        if (interrupted) active.lastEnd.set(segment.trackKey, { endedUnixMs: end.endedUnixMs, reason: end.reason });
        this.#evidence({
          type: interrupted ? 'recording.segment.interrupted' : 'recording.segment.ended',
          mediaTimeMs: mediaTime(end.endedUnixMs),
          data: {
            recordingId: active.recordingId,
            file: segment.file,
            peerId: segment.peerId,
            source: segment.source,
            reason: end.reason,
            exitCode: end.exitCode,
            signal: end.signal,
            clean: end.clean,
            ...(end.packetsLost === undefined ? {} : { packetsLost: end.packetsLost }),
          },
        });
      },
      producerPaused: (track: TrackRecorder, paused: boolean) => {
        this.#evidence({
          type: paused ? 'recording.track.paused' : 'recording.track.resumed',
          data: { recordingId: active.recordingId, peerId: track.peerId, source: track.source },
        });
      },
      producerClosed: (track: TrackRecorder) => {
        active.tracks.delete(track);
      },
      failed: (track: TrackRecorder, error: AirError) => this.#onTrackFailed(active, track, error),
    };
  }

  /** A track that cannot be recorded makes the recording fail: an audit recording is whole or flagged. */
  #onTrackFailed(active: ActiveRecording, track: TrackRecorder, error: AirError): void {
    this.#context.log.error('track recording failed', { error, sessionId: this.sessionId, trackKey: track.trackKey });
    this.#evidence({
      type: 'recording.track.failed',
      data: { recordingId: active.recordingId, peerId: track.peerId, source: track.source, error: error.message },
    });
    if (active.failure !== undefined) return;
    active.failure = error;
    // While starting, start() itself reports the failure; once active, end the recording as failed.
    if (this.#machine.state === 'active') {
      this.end('failed', error.message).catch((endError: unknown) =>
        this.#context.log.error('recording did not end cleanly', { error: endError, sessionId: this.sessionId }),
      );
    }
  }

  /** ending → stop every track → finalize files and timing → the final state. */
  async #finish(
    finalState: 'complete' | 'aborted' | 'failed',
    reason: string | undefined,
    data: StateActor = {},
  ): Promise<void> {
    const active = this.#active;
    if (this.#machine.state === 'active') this.#transition('ending', reason, data);
    let outcome: { state: 'complete' | 'aborted' | 'failed'; reason: string | undefined } = {
      state: finalState,
      reason,
    };
    if (active) {
      active.unsubscribe();
      // A track may still be starting: let it settle before stopping it.
      await Promise.allSettled(active.tracks.values());
      await Promise.allSettled([...active.tracks.keys()].map((track) => track.stop('stopped')));
      if (active.failure !== undefined && outcome.state !== 'failed') {
        outcome = { state: 'failed', reason: active.failure.message };
      }
      try {
        active.timing.append({
          type: 'state',
          state: outcome.state,
          atUnixMs: Date.now(),
          ...optionalReason(outcome.reason),
        });
        await active.timing.close();
        await this.#evidenceChain;
        const tools = await this.#context.tools();
        const summary = await finalizeRecording({
          sessionId: this.sessionId,
          recordingId: active.recordingId,
          evidence: this.#context.evidence,
          ffmpegPath: tools.ffmpeg.path,
          ffprobePath: tools.ffprobe,
          recovered: false,
          log: this.#context.log,
        });
        this.#evidence({ type: 'recording.finalized', data: summary.evidence });
      } catch (error: unknown) {
        this.#context.log.error('recording finalization failed', { error, sessionId: this.sessionId });
        outcome = {
          state: 'failed',
          reason: `finalization failed: ${error instanceof Error ? error.message : String(error)}`,
        };
      }
      this.#active = undefined;
    }
    this.#transition(outcome.state, outcome.reason);
    await this.#evidenceChain;
  }

  #transition(to: RecordingState, reason?: string, data: StateActor = {}): void {
    const change = this.#machine.transition(to, reason);
    this.#active?.timing.append({ type: 'state', state: to, atUnixMs: change.since, ...optionalReason(reason) });
    this.#evidence({
      type: 'recording.state',
      data: {
        recordingId: this.#recordingId ?? null,
        from: change.from,
        state: to,
        ...optionalReason(reason),
        ...data,
      },
    });
    this.#publish();
  }

  /** Keeps the room's copy current (sent to peers who join later) and tells everyone now. */
  #publish(): void {
    const status = this.status();
    this.#room.recordingStatus = status;
    if (!this.#room.closed) this.#room.broadcast('recordingStatus', status);
  }

  /** Appends evidence in call order; a write failure is logged and counted, never dropped silently. */
  #evidence(event: AnyEvidenceEvent): void {
    this.#evidenceChain = this.#evidenceChain.then(async () => {
      try {
        await this.#context.evidence.append(this.sessionId, event);
      } catch (error: unknown) {
        this.#evidenceFailures += 1;
        this.#context.log.error('evidence append failed', {
          error,
          sessionId: this.sessionId,
          type: event.type,
          failures: this.#evidenceFailures,
        });
      }
    });
  }
}

function optionalReason(reason: string | undefined): { reason?: string } {
  return reason === undefined ? {} : { reason };
}

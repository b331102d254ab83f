import type { AnyEvidenceEvent, EventData } from '@aircounter/evidence';
import {
  AirError,
  SerialQueue,
  type ConsentState,
  type IncompleteReason,
  type RecordingReason,
  type RecordingState,
  type RecordingStatus,
  type RequestData,
  type TrackCoverage,
} from '@aircounter/protocol';
import type { Logger } from '../log.ts';
import type { Room, RoomEvents } from '../media/room.ts';
import { ContinuityMonitor } from './continuity.ts';
import { finalizeRecording } from './finalize.ts';
import type { FfmpegLocation } from './ffmpeg-path.ts';
import type { ConcurrencyLimiter } from './limiter.ts';
import type { RecordedFileReader } from './recorded-file-readers.ts';
import { newRecordingId, timingLogName } from './names.ts';
import type { RtpPortAllocator } from './ports.ts';
import { probeVideoQuality } from './probe.ts';
import { continuityRecords, recordingObserver, type RecordingRecordsContext } from './recording-observer.ts';
import { WindowBudget } from './restart-policy.ts';
import { isRunning, isTerminal, RecordingStateMachine } from './state.ts';
import { TimingLog } from './timing-log.ts';
import { trackKeyOf, TrackRecorder } from './track-recorder.ts';
import type { IntentStopReason, Interruption, RecordingIntent } from '../store/recording-intents-repository.ts';
import type { RecordingEvidence, RecordingIntents, RecordingSettings, RoomProducer } from './types.ts';

/** What every recording of the server shares. */
export interface RecorderContext {
  readonly evidence: RecordingEvidence;
  readonly ports: RtpPortAllocator;
  readonly settings: RecordingSettings;
  /** Resolves ffmpeg (and ffprobe) once; rejects with RECORDING_FAILED naming the fix. */
  readonly tools: () => Promise<{ readonly ffmpeg: FfmpegLocation; readonly ffprobe: string | undefined }>;
  /** Bounds the repair and ffprobe processes of the whole server. */
  readonly limiter: ConcurrencyLimiter;
  /** Reads finished files for their summaries (the server's reader threads); by default in this thread. */
  readonly readFile?: RecordedFileReader;
  readonly log: Logger;
  /** Told every status the recorder publishes to the room (e.g. journeys interrupt a step on a gap). */
  readonly published?: (room: Room, status: RecordingStatus) => void;
  /** Whether the session's recording is wanted, durably (absent: a recording does not outlive the process). */
  readonly intents?: RecordingIntents;
}

type ConsentRecord = RecordingIntent['consent'];

/** Who started or stopped the recording, logged with the transition (`recording.state`). */
type StateActor = Pick<EventData<'recording.state'>, 'startedBy' | 'stoppedBy'>;

/** Room roles whose camera and microphone a recording is expected to hold. */
const RECORDED_ROLES: readonly string[] = ['customer', 'agent'];
const EXPECTED_SOURCES = ['camera', 'microphone'] as const;

/** Why a recording that ended is no longer wanted (a shutdown keeps it wanted: it resumes after the restart). */
function stopReasonOf(
  finalState: 'complete' | 'aborted' | 'failed',
  reason: RecordingReason | undefined,
): IntentStopReason {
  if (reason === 'consent-declined' || reason === 'consent-withdrawn' || reason === 'session-ended') return reason;
  if (reason === undefined && finalState === 'complete') return 'stopped';
  return 'failed';
}

/** Why a room closed → the typed reason people see. */
function reasonOfRoomClose(reason: string): RecordingReason {
  if (reason === 'server-shutdown') return 'server-shutdown';
  if (reason === 'worker-died') return 'worker-died';
  return 'session-ended';
}

interface ActiveRecording {
  readonly recordingId: string;
  readonly ffmpegPath: string;
  readonly ffprobePath: string | undefined;
  readonly timing: TimingLog;
  readonly tracks: Map<TrackRecorder, Promise<'recording' | 'closed'>>;
  readonly monitor: ContinuityMonitor;
  /** Track starts per participant (produce/close cycles are bounded). */
  readonly startBudgets: Map<string, WindowBudget>;
  /** Producers refused for a limit, by producer id: retried when the limit allows. */
  readonly deferred: Map<string, RoomProducer>;
  retryTimer: ReturnType<typeof setTimeout> | undefined;
  readonly startedUnixMs: number;
  /** What its track observers and continuity monitor write to. */
  readonly records: RecordingRecordsContext;
  readonly unsubscribe: () => void;
}

/** How a finished recording turned out (kept for the status and for sealing the package). */
export interface RecordingOutcome {
  readonly recordingId: string;
  readonly state: 'complete' | 'failed' | 'aborted';
  readonly complete: boolean;
  readonly incomplete: readonly IncompleteReason[];
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
  #outcome: RecordingOutcome | undefined;
  /** Public operations, one at a time. */
  readonly #queue = new SerialQueue();
  /** Evidence appends, in call order. */
  readonly #evidenceQueue = new SerialQueue();
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
    const state = this.#machine.state;
    const outcome = isTerminal(state) ? this.#outcome : undefined;
    return {
      state,
      ...(this.#recordingId === undefined ? {} : { recordingId: this.#recordingId }),
      since: this.#machine.since,
      consentGiven: this.#consentAllows(),
      consent: this.#consentState(),
      onDecline: this.#context.settings.consentDecline,
      ...(reason === undefined ? {} : { reason }),
      ...(outcome === undefined ? {} : { complete: outcome.complete, incomplete: [...outcome.incomplete] }),
      ...(state === 'active' && this.#active ? { coverage: this.#coverage(this.#active) } : {}),
    };
  }

  /** How the last recording turned out (undefined while none has finished). */
  get outcome(): RecordingOutcome | undefined {
    return this.#outcome;
  }

  /**
   * Live coverage: every track the monitor follows, and for each participant
   * who should be recorded, the camera and microphone never published.
   */
  #coverage(active: ActiveRecording): TrackCoverage[] {
    const mediaTime = (unixMs: number): number | null =>
      this.#mediaOriginUnixMs === undefined ? null : Math.max(0, unixMs - this.#mediaOriginUnixMs);
    const coverage = active.monitor.coverage(mediaTime);
    const followed = new Set(active.monitor.trackKeys);
    for (const peer of this.#room.peers.values()) {
      if (!RECORDED_ROLES.includes(peer.role)) continue;
      for (const source of EXPECTED_SOURCES) {
        if (followed.has(trackKeyOf(peer.id, source))) continue;
        coverage.push({
          peerId: peer.id,
          role: peer.role,
          source,
          recorded: false,
          since: active.startedUnixMs,
          sinceMediaTimeMs: mediaTime(active.startedUnixMs),
          cause: 'not-published',
        });
      }
    }
    return coverage;
  }

  /**
   * Resolves true once the producer's track is recorded (its ffmpeg listens),
   * false when no recording is running or the track was not admitted. A
   * server-side sender (speech) waits for it before its first packet, so the
   * recording holds the audio from its first word.
   */
  async whenRecording(producerId: string): Promise<boolean> {
    const active = this.#active;
    if (!active) return false;
    for (const [track, started] of active.tracks) {
      if (track.producer.id !== producerId) continue;
      // A failed start was reported by #onTrackFailed already; here it only means "not recorded".
      const result = await started.catch(() => 'failed' as const);
      return result === 'recording';
    }
    return false;
  }

  /** The customer consents to being recorded (logged as `consent.given`). */
  giveConsent(peerId: string, data: RequestData<'giveConsent'>): Promise<RecordingStatus> {
    return this.#queue.run(async () => {
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
      await this.#evidenceQueue.drained();
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
    return this.#queue.run(async () => {
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
      await this.#evidenceQueue.drained();
      if (running) await this.#finish('complete', `consent-${refusal}`, { stoppedBy: peerId });
      else {
        // Nothing runs (e.g. a recording waiting to resume after a restart): it must not resume now.
        await this.#rememberStop(`consent-${refusal}`, { stoppedBy: peerId });
        this.#publish();
      }
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
    return this.#queue.run(async () => {
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
      this.#outcome = undefined;
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
      await this.#evidenceQueue.drained();
      try {
        await this.#begin(recordingId);
      } catch (error: unknown) {
        const failure = AirError.from(error, 'RECORDING_FAILED', { message: 'recording failed to start' });
        this.#context.log.error('recording failed to start', { error, sessionId: this.sessionId, recordingId });
        await this.#finish('failed', 'recorder-unavailable');
        throw failure;
      }
      this.#transition('active');
      await this.#evidenceQueue.drained();
      await this.#rememberStart(recordingId, byPeerId);
      return this.status();
    });
  }

  /**
   * After a restart: the recording that was running when the server stopped
   * goes on, without anyone asking, as a new recording (the next part, its
   * own files) on the same session timeline, with the consent it had. Every
   * track recorded before the stop is a gap (`server-restart`) from its last
   * written media until the first packet of its new segment. Does nothing
   * when a recording runs, the session ended, consent was refused since, or
   * the intent changed (stopped, or resumed by another node).
   */
  resume(intent: RecordingIntent): Promise<RecordingStatus> {
    return this.#queue.run(async () => {
      const intents = this.#context.intents;
      const interruption = intent.interruption;
      if (intents === undefined || !intent.wanted || interruption === undefined) return this.status();
      if (isRunning(this.#machine.state) || this.#room.closed || this.#refused !== undefined) return this.status();
      const recordingId = newRecordingId();
      const resumed = await intents.resumed(this.sessionId, intent.revision, recordingId);
      if (resumed === undefined) {
        this.#context.log.info('recording not resumed: its intent changed', { sessionId: this.sessionId });
        return this.status();
      }
      this.#recordingId = recordingId;
      this.#outcome = undefined;
      this.#segmentCounters.clear();
      this.#consent ??= intent.consent;
      this.#mediaOriginUnixMs = intent.mediaOriginUnixMs;
      this.#context.evidence.setMediaOrigin(this.sessionId, intent.mediaOriginUnixMs);
      this.#transition('starting', undefined, { startedBy: intent.startedBy });
      await this.#evidenceQueue.drained();
      try {
        await this.#begin(recordingId, interruption);
      } catch (error: unknown) {
        this.#context.log.error('recording failed to resume', { error, sessionId: this.sessionId, recordingId });
        await this.#finish('failed', 'recorder-unavailable');
        return this.status();
      }
      this.#transition('active');
      await this.#evidenceQueue.drained();
      this.#context.log.info('recording resumed after a restart', {
        sessionId: this.sessionId,
        recordingId,
        part: resumed.part,
        interruptedBy: interruption.kind,
      });
      return this.status();
    });
  }

  /** The recording is wanted from now: a restart of the server resumes it. */
  async #rememberStart(recordingId: string, startedBy: string): Promise<void> {
    const intents = this.#context.intents;
    if (intents === undefined || this.#consent === undefined || this.#mediaOriginUnixMs === undefined) return;
    try {
      await intents.started({
        sessionId: this.sessionId,
        recordingId,
        startedBy,
        startedAtUnixMs: this.#machine.since,
        consent: this.#consent,
        mediaOriginUnixMs: this.#mediaOriginUnixMs,
      });
    } catch (error: unknown) {
      // The recording runs; only its resume after a restart is lost (the agent can start it again).
      this.#context.log.error('recording intent not stored', { error, sessionId: this.sessionId, recordingId });
    }
  }

  /** Nobody wants the recording any more (stop, refusal, the session's end): no resume after a restart. */
  async #rememberStop(
    reason: IntentStopReason,
    options: { readonly recordingId?: string; readonly stoppedBy?: string },
  ): Promise<void> {
    try {
      await this.#context.intents?.stopped(this.sessionId, reason, options);
    } catch (error: unknown) {
      this.#context.log.error('recording stop not stored', { error, sessionId: this.sessionId, reason });
    }
  }

  /** The server is stopping under the running recording: it is still wanted, and resumes after the restart. */
  async #rememberInterruption(recordingId: string, interruption: Interruption): Promise<void> {
    try {
      await this.#context.intents?.interrupted(this.sessionId, recordingId, interruption);
    } catch (error: unknown) {
      this.#context.log.error('recording interruption not stored', { error, sessionId: this.sessionId });
    }
  }

  /** Stops on request (agent); resolves when every file is finalized and handed to the evidence store. */
  stop(byPeerId: string): Promise<RecordingStatus> {
    return this.#queue.run(async () => {
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
  end(finalState: 'complete' | 'aborted' | 'failed', reason: RecordingReason): Promise<RecordingStatus> {
    return this.#queue.run(async () => {
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
    do {
      await this.#queue.settled();
      await this.#evidenceQueue.settled();
    } while (!this.#queue.idle || !this.#evidenceQueue.idle);
  }

  async #begin(recordingId: string, resumed?: Interruption): Promise<void> {
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
      continuity: true,
    });
    timing.append({ type: 'state', state: 'starting', atUnixMs: this.#machine.since });
    const onProducerAdded = (event: RoomEvents['producerAdded'][0]): void => {
      if (this.#active?.recordingId === recordingId && !this.#room.closed) this.#addTrack(event);
    };
    const onClosed = ({ reason, code }: RoomEvents['closed'][0]): void => {
      // The room's media is gone from now: nothing after this instant is an interruption.
      this.#active?.monitor.stop(Date.now());
      const finalState = code === undefined || code === 'SESSION_ENDED' ? 'complete' : 'failed';
      const state = reason === 'server-shutdown' ? 'aborted' : finalState;
      this.end(state, reasonOfRoomClose(reason)).catch((error: unknown) =>
        this.#context.log.error('recording did not end cleanly', { error, sessionId: this.sessionId }),
      );
    };
    // Who is in the room changes the coverage people see (a participant not publishing yet).
    const onPeersChanged = (): void => {
      if (this.#machine.state === 'active') this.#publish();
    };
    this.#room.on('producerAdded', onProducerAdded);
    this.#room.on('closed', onClosed);
    this.#room.on('peerJoined', onPeersChanged);
    this.#room.on('peerLeft', onPeersChanged);
    // The records' callbacks need the recording they belong to, which needs them: filled in below.
    const own: { active?: ActiveRecording } = {};
    const records: RecordingRecordsContext = {
      recordingId,
      timing,
      settings: this.#context.settings,
      monitor: () => own.active?.monitor,
      evidence: (event) => this.#evidence(event),
      mediaTime: (unixMs: number) => Math.max(0, unixMs - (this.#mediaOriginUnixMs ?? unixMs)),
      participantPresent: (peerId) => this.#room.peers.has(peerId),
      publish: () => {
        if (this.#machine.state === 'active') this.#publish();
      },
      trackClosed: (track) => {
        if (own.active) this.#onTrackClosed(own.active, track);
      },
      trackFailed: (track, error) => {
        if (own.active) this.#onTrackFailed(own.active, track, error);
      },
      warn: (message, fields) => this.#context.log.warn(message, { sessionId: this.sessionId, ...fields }),
    };
    const { settings } = this.#context;
    const active: ActiveRecording = {
      recordingId,
      ffmpegPath: tools.ffmpeg.path,
      ffprobePath: tools.ffprobe,
      timing,
      tracks: new Map(),
      monitor: new ContinuityMonitor(
        { stallGapMs: settings.stallGapMs, pollMs: settings.monitorIntervalMs },
        continuityRecords(records),
      ),
      startBudgets: new Map(),
      deferred: new Map(),
      retryTimer: undefined,
      startedUnixMs: Date.now(),
      records,
      unsubscribe: () => {
        this.#room.off('producerAdded', onProducerAdded);
        this.#room.off('closed', onClosed);
        this.#room.off('peerJoined', onPeersChanged);
        this.#room.off('peerLeft', onPeersChanged);
      },
    };
    own.active = active;
    this.#active = active;
    // Speech is the server's own sender: it speaks again when asked, its silence is no gap.
    for (const track of (resumed?.tracks ?? []).filter((entry) => entry.role !== 'server')) {
      // Not recorded since the server stopped: the gap closes with the first packet of the track's new segment.
      active.monitor.carryOver(
        {
          trackKey: trackKeyOf(track.peerId, track.source),
          peerId: track.peerId,
          role: track.role,
          source: track.source,
        },
        'server-restart',
        track.lastMediaUnixMs,
      );
    }
    active.monitor.start();
    for (const peer of this.#room.peers.values()) {
      for (const { producer, source } of peer.producers.values()) {
        this.#addTrack({ peerId: peer.id, role: peer.role, producer, source });
      }
    }
    const results = await Promise.allSettled(active.tracks.values());
    const rejected = results.find((result) => result.status === 'rejected');
    if (rejected) {
      // ffmpeg's words and file paths go to the server log, not to the agent.
      this.#context.log.error('a track recorder could not start', {
        error: rejected.reason,
        sessionId: this.sessionId,
      });
      throw new AirError('RECORDING_FAILED', 'a track recorder could not start (details are in the server log)');
    }
  }

  #addTrack(spec: RoomProducer): void {
    const active = this.#active;
    if (!active || spec.producer.closed) return;
    // A producer is recorded once, however it was announced (present at the start, or added).
    for (const track of active.tracks.keys()) if (track.producer.id === spec.producer.id) return;
    if (!this.#admit(active, spec)) return;
    active.deferred.delete(spec.producer.id);
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
      probeQuality: async (file) => {
        const ffprobe = active.ffprobePath;
        if (ffprobe === undefined) return undefined;
        const path = await context.evidence.stagingPath(this.sessionId, file);
        return context.limiter.run(() => probeVideoQuality(ffprobe, path));
      },
      observer: recordingObserver(active.records),
      log: context.log.child({ sessionId: this.sessionId, peerId: spec.peerId, source: spec.source }),
    });
    const started = track.start().then(
      (result) => {
        // Closed while starting: the track ended before it was recorded, which is no failure.
        if (result === 'closed') this.#onTrackClosed(active, track);
        return result;
      },
      (error: unknown) => {
        const failure = AirError.from(error, 'RECORDING_FAILED', { message: 'track failed to start' });
        this.#onTrackFailed(active, track, failure);
        throw failure;
      },
    );
    active.tracks.set(track, started);
    // Late tracks (added while active) report failure through #onTrackFailed; the start call awaits the first ones.
    started.catch((error: unknown) =>
      context.log.debug('track start failure already reported', { error, sessionId: this.sessionId }),
    );
  }

  /**
   * Whether another track of this participant may start now: within the
   * participant's budget of track starts and the session's cap on ffmpeg
   * processes. A refused producer is logged (server log and evidence), its
   * track shows as not recorded, and it is retried when the limit allows.
   */
  #admit(active: ActiveRecording, spec: RoomProducer): boolean {
    const { settings } = this.#context;
    let budget = active.startBudgets.get(spec.peerId);
    if (budget === undefined) {
      budget = new WindowBudget({ max: settings.maxTrackStarts, windowMs: settings.trackStartWindowMs });
      active.startBudgets.set(spec.peerId, budget);
    }
    const running = [...active.tracks.keys()].length;
    let limit: 'maxFfmpegPerSession' | 'maxTrackStarts' | undefined;
    if (running >= settings.maxFfmpegPerSession) limit = 'maxFfmpegPerSession';
    else if (!budget.tryTake()) limit = 'maxTrackStarts';
    if (limit === undefined) return true;
    const firstRefusal = !active.deferred.has(spec.producer.id);
    active.deferred.set(spec.producer.id, spec);
    if (firstRefusal) {
      this.#context.log.warn('recording limit reached; track deferred', {
        sessionId: this.sessionId,
        peerId: spec.peerId,
        source: spec.source,
        limit,
      });
      this.#evidence({
        type: 'recording.track.refused',
        data: {
          recordingId: active.recordingId,
          peerId: spec.peerId,
          source: spec.source,
          producerId: spec.producer.id,
          code: 'RATE_LIMITED',
          limit,
        },
      });
    }
    // A full session waits for a track to end (#onTrackClosed retries); a spent budget for its window.
    if (limit === 'maxTrackStarts') this.#scheduleRetry(active, budget.waitMs());
    return false;
  }

  #scheduleRetry(active: ActiveRecording, delayMs: number): void {
    if (active.retryTimer !== undefined) return;
    active.retryTimer = setTimeout(() => {
      active.retryTimer = undefined;
      this.#retryDeferred(active);
    }, delayMs + 10);
    active.retryTimer.unref();
  }

  #retryDeferred(active: ActiveRecording): void {
    if (this.#active !== active || this.#machine.state !== 'active' || this.#room.closed) return;
    for (const spec of [...active.deferred.values()]) {
      if (spec.producer.closed) active.deferred.delete(spec.producer.id);
      else this.#addTrack(spec);
    }
  }

  /** A track's producer is gone and its recorder finished: forget it, and let a deferred track take its place. */
  #onTrackClosed(active: ActiveRecording, track: TrackRecorder): void {
    active.tracks.delete(track);
    if (active.deferred.size > 0) this.#retryDeferred(active);
  }

  /**
   * A track that cannot be recorded (its ffmpeg kept crashing, its pipeline
   * broke): the track is not recorded from now on (a gap, and the package is
   * incomplete), but the recording of everyone else goes on. While the
   * recording is starting, start() itself reports the failure.
   */
  #onTrackFailed(active: ActiveRecording, track: TrackRecorder, error: AirError): void {
    this.#context.log.error('track recording failed', { error, sessionId: this.sessionId, trackKey: track.trackKey });
    const atUnixMs = Date.now();
    active.timing.append({
      type: 'trackFailed',
      trackKey: track.trackKey,
      peerId: track.peerId,
      role: track.role,
      source: track.source,
      code: error.code,
      atUnixMs,
    });
    this.#evidence({
      type: 'recording.track.failed',
      data: { recordingId: active.recordingId, peerId: track.peerId, source: track.source, code: error.code },
    });
    active.monitor.interrupt(track.trackKey, 'recorder-restart', atUnixMs, true);
    active.tracks.delete(track);
    track
      .stop('failed')
      .catch((stopError: unknown) =>
        this.#context.log.warn('failed track did not stop cleanly', { error: stopError, trackKey: track.trackKey }),
      );
  }

  /** ending → stop every track → finalize files and timing → the final state. */
  async #finish(
    finalState: 'complete' | 'aborted' | 'failed',
    reason: RecordingReason | undefined,
    data: StateActor = {},
  ): Promise<void> {
    const active = this.#active;
    const endedAt = Date.now();
    // A shutdown stops the recording, not the wish to record: what was being recorded at this instant resumes.
    const interruption: Interruption | undefined =
      reason === 'server-shutdown' && active
        ? {
            kind: 'server-shutdown',
            atUnixMs: endedAt,
            // Every followed track; one already interrupted (the room closing under it) was last written then.
            tracks: active.monitor
              .coverage(() => null)
              .map((track) => ({
                peerId: track.peerId,
                role: track.role,
                source: track.source,
                lastMediaUnixMs: track.recorded ? endedAt : Math.min(track.since, endedAt),
              })),
          }
        : undefined;
    // The recording's end: gaps still open end here, and stopping ffmpeg is no interruption.
    active?.monitor.stop(endedAt);
    if (this.#machine.state === 'active') this.#transition('ending', reason, data);
    let outcome: { state: 'complete' | 'aborted' | 'failed'; reason: RecordingReason | undefined } = {
      state: finalState,
      reason,
    };
    let verdict: { complete: boolean; incomplete: readonly IncompleteReason[] } = {
      complete: false,
      incomplete: ['recording-failed'],
    };
    if (active) {
      active.unsubscribe();
      if (active.retryTimer !== undefined) clearTimeout(active.retryTimer);
      // A track may still be starting: let it settle before stopping it.
      await Promise.allSettled(active.tracks.values());
      await Promise.allSettled([...active.tracks.keys()].map((track) => track.stop('stopped')));
      try {
        active.timing.append({
          type: 'state',
          state: outcome.state,
          atUnixMs: Date.now(),
          ...optionalReason(outcome.reason),
        });
        await active.timing.close();
        await this.#evidenceQueue.drained();
        const tools = await this.#context.tools();
        const finalized = await finalizeRecording({
          sessionId: this.sessionId,
          recordingId: active.recordingId,
          evidence: this.#context.evidence,
          ffmpegPath: tools.ffmpeg.path,
          recovered: false,
          log: this.#context.log,
          limiter: this.#context.limiter,
          minCustomerHeight: this.#context.settings.minCustomerHeight,
          ...(this.#context.readFile ? { readFile: this.#context.readFile } : {}),
        });
        verdict = finalized.summary;
        this.#evidence({ type: 'recording.finalized', data: finalized.evidence });
      } catch (error: unknown) {
        this.#context.log.error('recording finalization failed', { error, sessionId: this.sessionId });
        outcome = { state: 'failed', reason: 'finalization-failed' };
      }
      this.#active = undefined;
    }
    this.#outcome = {
      recordingId: this.#recordingId ?? '',
      state: outcome.state,
      complete: verdict.complete,
      incomplete: verdict.incomplete,
    };
    this.#transition(outcome.state, outcome.reason);
    await this.#evidenceQueue.drained();
    const recordingId = this.#recordingId;
    if (recordingId === undefined) return;
    if (interruption !== undefined) await this.#rememberInterruption(recordingId, interruption);
    else {
      await this.#rememberStop(stopReasonOf(outcome.state, outcome.reason), {
        recordingId,
        ...(data.stoppedBy === undefined ? {} : { stoppedBy: data.stoppedBy }),
      });
    }
  }

  #transition(to: RecordingState, reason?: RecordingReason, data: StateActor = {}): void {
    const change = this.#machine.transition(to, reason);
    this.#active?.timing.append({ type: 'state', state: to, atUnixMs: change.since, ...optionalReason(reason) });
    this.#evidence({
      type: 'recording.state',
      data: {
        recordingId: this.#recordingId ?? null,
        from: change.from,
        state: to,
        ...optionalReason(reason),
        ...(isTerminal(to) && this.#outcome !== undefined
          ? { complete: this.#outcome.complete, incomplete: [...this.#outcome.incomplete] }
          : {}),
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
    this.#context.published?.(this.#room, status);
  }

  /** Appends evidence in call order; a write failure is logged and counted, never dropped silently. */
  #evidence(event: AnyEvidenceEvent): void {
    void this.#evidenceQueue.run(async () => {
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

function optionalReason(reason: RecordingReason | undefined): { reason?: RecordingReason } {
  return reason === undefined ? {} : { reason };
}

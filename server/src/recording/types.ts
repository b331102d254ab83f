import type { EventType, EvidenceEvent } from '@aircounter/evidence';
import type { ConsentDeclineOutcome, MediaSource, Role } from '@aircounter/protocol';
import type { types } from 'mediasoup';
import type { RecordingIntentRepository } from '../store/recording-intents-repository.ts';

/** Who may have consented: the customer in the room, or a flow that took consent elsewhere. */
export const CONSENT_POLICIES = ['explicit', 'external'] as const;
export type ConsentPolicy = (typeof CONSENT_POLICIES)[number];

/** The recording part of the server configuration (config.ts `recording`). */
export interface RecordingSettings {
  /**
   * `explicit`: recording starts only after the customer's `giveConsent`.
   * `external`: the bank takes consent outside AirCounter (e.g. a signed form);
   * the start is logged as `consent.external` and the customer is still told.
   */
  readonly consentPolicy: ConsentPolicy;
  /**
   * What follows when the customer declines or withdraws consent:
   * `continue-unrecorded` (the call goes on, nothing is recorded) or `end`
   * (the session ends for everyone with reason `consent-declined` / `consent-withdrawn`).
   */
  readonly consentDecline: ConsentDeclineOutcome;
  /** AIR_FFMPEG_PATH; resolved with ffmpeg-static and PATH as fallbacks. */
  readonly ffmpegPath: string | undefined;
  readonly ffprobePath: string | undefined;
  /** UDP range for ffmpeg's RTP/RTCP ports, disjoint from mediasoup's rtcMinPort..rtcMaxPort. */
  readonly portMin: number;
  readonly portMax: number;
  /** Longest Matroska cluster, ms: what a kill -9 of ffmpeg can lose at most. */
  readonly clusterMs: number;
  /**
   * Seconds without a packet after which ffmpeg closes its file (a new segment
   * starts when media flows again). Also bounds how long an ffmpeg orphaned by a
   * crash of the server keeps running.
   */
  readonly stallTimeoutS: number;
  /** Time ffmpeg gets to finish a file before it is killed, ms. */
  readonly stopGraceMs: number;
  /** ffmpeg restarts allowed per track within `restartWindowMs` before the recording fails. */
  readonly maxRestarts: number;
  readonly restartWindowMs: number;
  /** A track without a packet for longer than this is not being recorded: a gap (AIR_RECORDING_STALL_GAP_MS). */
  readonly stallGapMs: number;
  /** How often the continuity monitor reads packet counts, ms (AIR_RECORDING_MONITOR_INTERVAL_MS). */
  readonly monitorIntervalMs: number;
  /**
   * Shortest side (px) a customer's camera recording must have; below it the
   * track is flagged `belowMinimum` live and in the package (AIR_RECORDING_MIN_CUSTOMER_HEIGHT).
   */
  readonly minCustomerHeight: number;
  /**
   * Track recordings one participant may start within `trackStartWindowMs`
   * (produce/close cycles); beyond it new tracks of that participant wait
   * (AIR_RECORDING_MAX_TRACK_STARTS, AIR_RECORDING_TRACK_START_WINDOW_S).
   */
  readonly maxTrackStarts: number;
  readonly trackStartWindowMs: number;
  /** Recorder ffmpeg processes one session may run at once (AIR_RECORDING_MAX_FFMPEG_PER_SESSION). */
  readonly maxFfmpegPerSession: number;
  /** Repair and ffprobe processes the server runs at once (AIR_RECORDING_FINALIZE_CONCURRENCY). */
  readonly finalizeConcurrency: number;
}

export const DEFAULT_RECORDING_SETTINGS: RecordingSettings = {
  consentPolicy: 'explicit',
  consentDecline: 'continue-unrecorded',
  ffmpegPath: undefined,
  ffprobePath: undefined,
  portMin: 50000,
  portMax: 50999,
  clusterMs: 250,
  stallTimeoutS: 30,
  stopGraceMs: 5000,
  maxRestarts: 5,
  restartWindowMs: 60_000,
  stallGapMs: 2000,
  monitorIntervalMs: 250,
  minCustomerHeight: 480,
  maxTrackStarts: 20,
  trackStartWindowMs: 60_000,
  maxFfmpegPerSession: 16,
  finalizeConcurrency: 2,
};

/**
 * What the recorder needs from the evidence store; `EvidenceService` provides it.
 * Files are written into the session's staging area and handed over (moved,
 * write-once) when the recording is finalized.
 */
export interface RecordingEvidence {
  /** Appends an event of `EVENTS` (@aircounter/evidence) to the session's hash-chained log. */
  append<K extends EventType>(sessionId: string, event: EvidenceEvent<K>): Promise<unknown>;
  setMediaOrigin(sessionId: string, epochMs: number): void;
  stagingPath(sessionId: string, name: string): Promise<string>;
  listStaged(sessionId: string): Promise<string[]>;
  /** Hands files over together; their events are logged in the order given. */
  addFiles(
    sessionId: string,
    files: readonly { readonly name: string; readonly source: { readonly path: string; readonly move?: boolean } }[],
  ): Promise<unknown>;
}

/** A producer as the room reports it. */
export interface RoomProducer {
  readonly peerId: string;
  readonly role: Role;
  readonly source: MediaSource;
  readonly producer: types.Producer;
}

/**
 * Where the recorder keeps whether a session's recording is wanted, so that a
 * recording running when the server stopped resumes after the restart
 * (`Store.recordingIntents`).
 */
export type RecordingIntents = Pick<
  RecordingIntentRepository,
  'get' | 'started' | 'interrupted' | 'resumed' | 'stopped'
>;

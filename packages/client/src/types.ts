import type { AirError, AuthorizationView, ErrorCode, MediaSource, RecordingStatus, Role } from '@aircounter/protocol';
import type { HandlerFactory } from 'mediasoup-client/types';
import type { Authorization } from './authorization.ts';
import type { Liveness, LivenessDecidedNotice } from './liveness.ts';
import type { WebSocketFactory } from './signaling/socket.ts';
import type { Journey } from './journey.ts';
import type { Documents } from './documents.ts';

/** Lifecycle of a session as the page sees it. `ended` and `error` are final. */
export type SessionState = 'connecting' | 'connected' | 'reconnecting' | 'ended' | 'error';

/** Media a participant publishes from a device (screen share is not part of this API yet). */
export type DeviceSource = Extract<MediaSource, 'camera' | 'microphone'>;

/** Connection quality of one participant's media, from the SFU's scores. */
export type ConnectionQuality = 'good' | 'fair' | 'poor' | 'lost';

export interface ClientOptions {
  /** Base URL of the AirCounter server (`https:`/`wss:`); the signaling path `/signaling` is appended. */
  readonly serverUrl: string;
  /**
   * Returns a fresh join token from the bank's back end. Called before the
   * first connection and again before every reconnection attempt, so that a
   * short-lived token never blocks a recovery.
   */
  readonly getToken: (request: TokenRequest) => Promise<string> | string;
  /** Per-request timeout (default 10 s). */
  readonly requestTimeoutMs?: number;
  readonly reconnect?: ReconnectOptions;
  /** Replaces `navigator.mediaDevices` (tests, custom capture). */
  readonly mediaDevices?: MediaDevicesLike;
  /** Replaces the WebSocket constructor (hosts without a global `WebSocket`). */
  readonly createWebSocket?: WebSocketFactory;
  /** mediasoup-client handler factory; by default the browser is detected. */
  readonly handlerFactory?: HandlerFactory;
  /**
   * `relay` sends and receives media only through the TURN servers the server
   * hands out in its join answer (the server may also require it). Default
   * `all`: direct paths when they work, TURN when they do not.
   */
  readonly iceTransportPolicy?: 'all' | 'relay';
}

export interface TokenRequest {
  readonly sessionId: string;
  /** `join` for the first connection, `reconnect` for a recovery attempt. */
  readonly reason: 'join' | 'reconnect';
}

export interface ReconnectOptions {
  /** Attempts before giving up with `CONNECTION_LOST` (default 8). */
  readonly maxAttempts?: number;
  /** Delay before the first attempt (default 500 ms); doubles each attempt. */
  readonly initialDelayMs?: number;
  /** Upper bound of one delay (default 8 s). */
  readonly maxDelayMs?: number;
}

export type MediaDevicesLike = Pick<MediaDevices, 'getUserMedia' | 'enumerateDevices'>;

/** A device the page may choose; `label` is empty until the user granted access once. */
export interface DeviceInfo {
  readonly deviceId: string;
  readonly label: string;
  readonly source: DeviceSource;
}

/** `true` (default device), `false` (do not publish) or a device to use. */
export type DeviceChoice = boolean | { readonly deviceId: string };

export interface JoinOptions {
  readonly sessionId: string;
  /** Shown to the others; the server falls back to the token's name. */
  readonly displayName?: string;
  /** Camera to publish (default: the default camera). */
  readonly camera?: DeviceChoice;
  /** Microphone to publish (default: the default microphone). */
  readonly microphone?: DeviceChoice;
}

/** The headless SDK's entry point. */
export interface Client {
  /** Acquires camera and microphone, connects and joins; resolves when connected. Rejects with an {@link AirError}. */
  join(options: JoinOptions): Promise<Session>;
  /** Cameras and microphones of this device. */
  listDevices(): Promise<DeviceInfo[]>;
}

export interface SelfInfo {
  readonly peerId: string;
  readonly role: Role;
  readonly displayName: string;
}

/** Another participant of the session. */
export interface Participant {
  readonly peerId: string;
  readonly role: Role;
  readonly displayName: string;
  /** Tracks received from this participant, one per source. */
  readonly tracks: readonly RemoteTrack[];
  /** `undefined` until the first score arrives. */
  readonly quality: ConnectionQuality | undefined;
}

/** A track received from another participant. */
export interface RemoteTrack {
  readonly peerId: string;
  readonly producerId: string;
  readonly source: MediaSource;
  readonly kind: 'audio' | 'video';
  readonly track: MediaStreamTrack;
  /** The sender muted it (paused its producer). */
  readonly muted: boolean;
}

export interface SessionEvents {
  state: { readonly state: SessionState; readonly previous: SessionState };
  participantJoined: Participant;
  participantLeft: { readonly participant: Participant; readonly reason: string };
  /**
   * Another connection now speaks for a participant (it reconnected, or
   * someone else holding its identity did): worth a look at the video.
   */
  participantReconnected: Participant;
  trackAdded: RemoteTrack;
  trackRemoved: RemoteTrack;
  /** A remote sender muted or unmuted a track. */
  trackMuted: RemoteTrack;
  /** The local camera or microphone track was replaced (device switch). */
  localTrack: { readonly source: DeviceSource; readonly track: MediaStreamTrack };
  /** The local camera or microphone was muted or unmuted. */
  muteChanged: { readonly source: DeviceSource; readonly muted: boolean };
  quality: { readonly peerId: string; readonly quality: ConnectionQuality; readonly score: number };
  recording: RecordingStatus;
  /** The server decided a participant's liveness check (signed decision). */
  livenessDecided: LivenessDecidedNotice;
  /** Agents: an authorization request of the session changed (raised, voted on, escalated, closed). */
  authorizationUpdated: AuthorizationView;
  /** Something failed. `recoverable` errors leave the session usable. */
  error: AirError;
  /** The session is over for this page (left, ended by the server, or a fatal error). */
  ended: { readonly reason: string; readonly code?: ErrorCode };
}

export interface GiveConsentOptions {
  /** Version id of the consent text the customer was shown. */
  readonly consentTextVersion: string;
  /** What the customer did, e.g. `button:accept`. */
  readonly action: string;
  /** Locale the text was shown in. */
  readonly locale: string;
}

export interface DeclineConsentOptions {
  /** Version id of the consent text the customer was shown. */
  readonly consentTextVersion: string;
  /** What the customer did, e.g. `button:decline`. */
  readonly action: string;
  readonly locale: string;
}

export interface WithdrawConsentOptions {
  /** What the customer did, e.g. `button:withdraw`. */
  readonly action: string;
  readonly locale: string;
}

/** Recording control and status of the session (the server records; the page asks). */
export interface Recording {
  readonly status: RecordingStatus;
  /** Agent: asks the server to record; resolves when the recording is active. */
  start(): Promise<RecordingStatus>;
  /** Agent: asks the server to stop; resolves when the recording is complete. */
  stop(): Promise<RecordingStatus>;
  /** Customer: records the consent the customer gave. */
  giveConsent(options: GiveConsentOptions): Promise<RecordingStatus>;
  /**
   * Customer: declines the recording. The session then continues unrecorded
   * or ends (`ended {reason: 'consent-declined'}`), as the bank configured
   * (`status.onDecline`).
   */
  declineConsent(options: DeclineConsentOptions): Promise<RecordingStatus>;
  /**
   * Customer: withdraws consent at any time; a running recording stops with
   * reason `consent-withdrawn`. Then as for a decline.
   */
  withdrawConsent(options: WithdrawConsentOptions): Promise<RecordingStatus>;
}

/**
 * Steps of a connection attempt, in the order they usually happen. The
 * receive-side media phases wait for another participant's media, so they
 * include the time until someone else publishes.
 */
export type JoinPhase =
  /** Camera and microphone opened (first join only: a reconnection keeps its tracks). */
  | 'devicesOpened'
  | 'tokenObtained'
  | 'socketOpen'
  /** Router capabilities received and mediasoup-client's device loaded. */
  | 'deviceLoaded'
  | 'joinAnswered'
  /** ICE and DTLS of the send transport connected. */
  | 'sendTransportConnected'
  | 'recvTransportConnected'
  /** The send transport's stats first show RTP packets sent. */
  | 'firstRtpSent'
  | 'firstRtpReceived'
  /** A remote video track's stats first show a decoded frame. */
  | 'firstFrameDecoded';

/** When each phase of the latest connection attempt happened; a reconnection starts a new timeline. */
export interface JoinTimeline {
  readonly reason: 'join' | 'reconnect';
  /** `performance.now()` when the attempt started (the page's time origin). */
  readonly startedAt: number;
  /** ms since `startedAt`; a phase is missing until it happened. */
  readonly phases: Readonly<Partial<Record<JoinPhase, number>>>;
}

export type Unsubscribe = () => void;

/** A joined session. */
export interface Session {
  readonly sessionId: string;
  readonly self: SelfInfo;
  readonly state: SessionState;
  /** The other participants, by join order. */
  readonly participants: readonly Participant[];
  /** This page's camera and microphone tracks (also when muted). */
  readonly localTracks: Readonly<Partial<Record<DeviceSource, MediaStreamTrack>>>;
  readonly recording: Recording;
  /** Customer: active liveness challenge–response with the server. */
  readonly liveness: Liveness;
  /** The session's scripted journey (双录): its definition, state, typed events and step actions. */
  readonly journey: Journey;
  /** The documents to be signed (面签): list, bytes, pages shown, "I have read and agree". */
  readonly documents: Documents;
  /** Agent: stills, authorization requests and their cancellation (docs/authorization.md). */
  readonly authorization: Authorization;
  on<K extends keyof SessionEvents>(event: K, listener: (data: SessionEvents[K]) => void): Unsubscribe;
  off<K extends keyof SessionEvents>(event: K, listener: (data: SessionEvents[K]) => void): void;
  isMuted(source: DeviceSource): boolean;
  /** Mutes or unmutes the camera or microphone (the others see it paused). */
  setMuted(source: DeviceSource, muted: boolean): Promise<void>;
  /** Switches to another camera or microphone without renegotiating. */
  switchDevice(source: DeviceSource, deviceId: string): Promise<void>;
  /**
   * Phases of the latest connection attempt (also written as User Timing
   * measures `aircounter:join:<phase>`). Optional so that stand-ins for a
   * session need not provide it.
   */
  readonly joinTimeline?: JoinTimeline;
  /** Leaves the session and stops the camera and microphone. Idempotent. */
  leave(): Promise<void>;
}

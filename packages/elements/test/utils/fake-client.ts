// A fake of the @aircounter/client API for element tests: the elements are
// isolated from signaling on purpose (the client has its own tests and the
// end-to-end suite joins them). Local tracks are real getUserMedia tracks
// from Chromium's fake camera and microphone; remote tracks come from a
// canvas and an AudioContext.
import type {
  Client,
  DeviceInfo,
  DeviceSource,
  Documents,
  JoinOptions,
  Journey,
  Authorization,
  Liveness,
  Participant,
  Recording,
  RecordingStatus,
  RemoteTrack,
  SelfInfo,
  Session,
  SessionEvents,
  SessionState,
  Unsubscribe,
} from '@aircounter/client';
import { AirError, type Role } from '@aircounter/protocol';

type Listener = (data: never) => void;

export async function realLocalTracks(): Promise<Record<DeviceSource, MediaStreamTrack>> {
  const stream = await navigator.mediaDevices.getUserMedia({ video: true, audio: true });
  const camera = stream.getVideoTracks()[0];
  const microphone = stream.getAudioTracks()[0];
  if (!camera || !microphone) throw new Error('the fake camera/microphone gave no tracks');
  return { camera, microphone };
}

export function syntheticRemoteTracks(): { video: MediaStreamTrack; audio: MediaStreamTrack } {
  const canvas = document.createElement('canvas');
  canvas.width = 64;
  canvas.height = 36;
  canvas.getContext('2d')?.fillRect(0, 0, 64, 36);
  const video = canvas.captureStream(5).getVideoTracks()[0];
  const audioContext = new AudioContext();
  const audio = audioContext.createMediaStreamDestination().stream.getAudioTracks()[0];
  if (!video || !audio) throw new Error('no synthetic tracks');
  return { video, audio };
}

/**
 * The session's recording as a test drives it: `setStatus()` plays a server
 * notification; the calls resolve with the next status the test queued with
 * `answer()` (or reject with the error given to `fail()`).
 */
export class FakeRecording implements Recording {
  readonly calls: { method: string; args: unknown[] }[] = [];
  #status: RecordingStatus = { state: 'idle', since: 0, consentGiven: false };
  readonly #emit: (status: RecordingStatus) => void;
  #next: RecordingStatus | AirError | undefined;

  constructor(emit: (status: RecordingStatus) => void) {
    this.#emit = emit;
  }

  get status(): RecordingStatus {
    return this.#status;
  }

  /** A `recordingStatus` notification from the server. */
  setStatus(status: RecordingStatus): void {
    this.#status = status;
    this.#emit(status);
  }

  /** The outcome of the next call. */
  answer(outcome: RecordingStatus | AirError): void {
    this.#next = outcome;
  }

  start(): Promise<RecordingStatus> {
    return this.#call('start', []);
  }

  stop(): Promise<RecordingStatus> {
    return this.#call('stop', []);
  }

  giveConsent(options: unknown): Promise<RecordingStatus> {
    return this.#call('giveConsent', [options]);
  }

  declineConsent(options: unknown): Promise<RecordingStatus> {
    return this.#call('declineConsent', [options]);
  }

  withdrawConsent(options: unknown): Promise<RecordingStatus> {
    return this.#call('withdrawConsent', [options]);
  }

  async #call(method: string, args: unknown[]): Promise<RecordingStatus> {
    this.calls.push({ method, args });
    await Promise.resolve();
    const next = this.#next;
    this.#next = undefined;
    if (next instanceof AirError) throw next;
    if (next) this.setStatus(next);
    return this.#status;
  }
}

function fakeJourneyWithout(): Journey {
  const none = (): Promise<never> => Promise.reject(new AirError('JOURNEY_NOT_FOUND', 'this session has no journey'));
  return {
    definition: undefined,
    state: undefined,
    load: none,
    start: none,
    complete: none,
    answer: none,
    submitQuestionnaire: none,
    override: none,
    attest: none,
    skip: none,
    playAgain: none,
    startGesture: none,
    submitGesture: none,
    submitVoice: none,
    gesturePort: () => ({ start: none, submit: none }),
    on: () => () => undefined,
    off: () => undefined,
  };
}

export class FakeSession implements Session {
  readonly sessionId: string;
  readonly self: SelfInfo;
  readonly localTracks: Partial<Record<DeviceSource, MediaStreamTrack>>;
  readonly calls: { method: string; args: unknown[] }[] = [];
  readonly liveness: Liveness = {
    start: () => Promise.reject(new AirError('UNKNOWN_METHOD', 'not faked')),
    submit: () => Promise.reject(new AirError('UNKNOWN_METHOD', 'not faked')),
  };
  readonly authorization: Authorization = {
    takeStill: () => Promise.reject(new AirError('UNKNOWN_METHOD', 'not faked')),
    request: () => Promise.reject(new AirError('UNKNOWN_METHOD', 'not faked')),
    cancel: () => Promise.reject(new AirError('UNKNOWN_METHOD', 'not faked')),
  };
  /** Documents are the page's business (<air-document-viewer> takes bytes, not a session). */
  readonly documents: Documents = {
    list: () => Promise.reject(new AirError('UNKNOWN_METHOD', 'not faked')),
    fetch: () => Promise.reject(new AirError('UNKNOWN_METHOD', 'not faked')),
    reportPage: () => Promise.reject(new AirError('UNKNOWN_METHOD', 'not faked')),
    confirmRead: () => Promise.reject(new AirError('UNKNOWN_METHOD', 'not faked')),
    leadPage: () => Promise.reject(new AirError('UNKNOWN_METHOD', 'not faked')),
    relayStroke: () => Promise.reject(new AirError('UNKNOWN_METHOD', 'not faked')),
    submitSignature: () => Promise.reject(new AirError('UNKNOWN_METHOD', 'not faked')),
    requestRedo: () => Promise.reject(new AirError('UNKNOWN_METHOD', 'not faked')),
    attest: () => Promise.reject(new AirError('UNKNOWN_METHOD', 'not faked')),
    on: () => () => undefined,
    off: () => undefined,
  };
  readonly recording: FakeRecording;
  /** Journeys are driven by their own element tests; a session without one refuses like the server. */
  readonly journey: Journey = fakeJourneyWithout();
  state: SessionState = 'connected';
  /** When set, setMuted rejects with it. */
  failMuteWith: AirError | undefined;
  readonly #listeners = new Map<string, Set<Listener>>();
  readonly #participants = new Map<string, Participant>();
  readonly #muted: Record<DeviceSource, boolean> = { camera: false, microphone: false };

  constructor(sessionId: string, tracks: Partial<Record<DeviceSource, MediaStreamTrack>>, self?: Partial<SelfInfo>) {
    this.sessionId = sessionId;
    this.localTracks = tracks;
    this.self = { peerId: 'customer-1', role: 'customer', displayName: 'Ada', ...self };
    this.recording = new FakeRecording((status) => this.emit('recording', status));
  }

  get participants(): readonly Participant[] {
    return [...this.#participants.values()];
  }

  on<K extends keyof SessionEvents>(event: K, listener: (data: SessionEvents[K]) => void): Unsubscribe {
    let set = this.#listeners.get(event);
    if (!set) this.#listeners.set(event, (set = new Set()));
    set.add(listener as Listener);
    return () => this.off(event, listener);
  }

  off<K extends keyof SessionEvents>(event: K, listener: (data: SessionEvents[K]) => void): void {
    this.#listeners.get(event)?.delete(listener as Listener);
  }

  listenerCount(): number {
    return [...this.#listeners.values()].reduce((sum, set) => sum + set.size, 0);
  }

  emit<K extends keyof SessionEvents>(event: K, data: SessionEvents[K]): void {
    for (const listener of [...(this.#listeners.get(event) ?? [])]) (listener as (d: SessionEvents[K]) => void)(data);
  }

  isMuted(source: DeviceSource): boolean {
    return this.#muted[source];
  }

  async setMuted(source: DeviceSource, muted: boolean): Promise<void> {
    this.calls.push({ method: 'setMuted', args: [source, muted] });
    if (this.failMuteWith) throw this.failMuteWith;
    const track = this.localTracks[source];
    if (track) track.enabled = !muted;
    this.#muted[source] = muted;
    this.emit('muteChanged', { source, muted });
  }

  async switchDevice(source: DeviceSource, deviceId: string): Promise<void> {
    this.calls.push({ method: 'switchDevice', args: [source, deviceId] });
  }

  async leave(): Promise<void> {
    this.calls.push({ method: 'leave', args: [] });
    await Promise.resolve();
    if (this.state === 'ended' || this.state === 'error') return;
    for (const track of Object.values(this.localTracks)) track.stop();
    this.setState('ended');
    this.emit('ended', { reason: 'left' });
  }

  /** The session ends as the client reports it (ended by the server, lost, or a fatal error). */
  end(state: 'ended' | 'error', ended: SessionEvents['ended'], error?: AirError): void {
    for (const track of Object.values(this.localTracks)) track.stop();
    if (error) this.emit('error', error);
    this.setState(state);
    this.emit('ended', ended);
  }

  setState(state: SessionState): void {
    const previous = this.state;
    this.state = state;
    this.emit('state', { state, previous });
  }

  /** Another participant joins with a camera and a microphone. */
  addParticipant(peerId: string, displayName: string, role: Role = 'agent'): Participant {
    const { video, audio } = syntheticRemoteTracks();
    const tracks: RemoteTrack[] = [
      { peerId, producerId: `${peerId}-cam`, source: 'camera', kind: 'video', track: video, muted: false },
      { peerId, producerId: `${peerId}-mic`, source: 'microphone', kind: 'audio', track: audio, muted: false },
    ];
    const participant: Participant = { peerId, displayName, role, tracks, quality: undefined };
    this.#participants.set(peerId, participant);
    this.emit('participantJoined', participant);
    for (const track of tracks) this.emit('trackAdded', track);
    return participant;
  }

  setQuality(peerId: string, quality: Participant['quality'], score: number): void {
    const participant = this.#participants.get(peerId);
    if (!participant || !quality) return;
    this.#participants.set(peerId, { ...participant, quality });
    this.emit('quality', { peerId, quality, score });
  }

  muteRemote(peerId: string, source: DeviceSource, muted: boolean): void {
    const participant = this.#participants.get(peerId);
    if (!participant) return;
    const tracks = participant.tracks.map((t) => (t.source === source ? { ...t, muted } : t));
    this.#participants.set(peerId, { ...participant, tracks });
    const changed = tracks.find((t) => t.source === source);
    if (changed) this.emit('trackMuted', changed);
  }

  removeParticipant(peerId: string, reason = 'left'): void {
    const participant = this.#participants.get(peerId);
    if (!participant) return;
    this.#participants.delete(peerId);
    for (const track of participant.tracks) {
      track.track.stop();
      this.emit('trackRemoved', track);
    }
    this.emit('participantLeft', { participant, reason });
  }
}

/** A client whose join resolves (or rejects) when the test says so. */
export class FakeClient implements Client {
  readonly joins: JoinOptions[] = [];
  readonly sessions: FakeSession[] = [];
  #pending: { resolve: () => void; reject: (error: unknown) => void } | undefined;
  /** When true, join() waits for `completeJoin()` / `failJoin()`. */
  manual = false;

  async join(options: JoinOptions): Promise<Session> {
    this.joins.push(options);
    const session = new FakeSession(options.sessionId, await realLocalTracks());
    this.sessions.push(session);
    if (this.manual) {
      await new Promise<void>((resolve, reject) => (this.#pending = { resolve, reject }));
    }
    return session;
  }

  completeJoin(): void {
    this.#pending?.resolve();
  }

  failJoin(error: unknown): void {
    for (const session of this.sessions) for (const track of Object.values(session.localTracks)) track.stop();
    this.#pending?.reject(error);
  }

  async listDevices(): Promise<DeviceInfo[]> {
    return [];
  }
}

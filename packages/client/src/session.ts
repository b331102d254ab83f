import {
  AirError,
  parseRequest,
  SerialQueue,
  type MethodName,
  type PeerInfo,
  type RequestData,
  type ResponseData,
} from '@aircounter/protocol';
import { Device } from 'mediasoup-client';
import type { ConnectionState, HandlerFactory, RtpCapabilities, Transport } from 'mediasoup-client/types';
import { TypedEmitter } from './emitter.ts';
import { JourneyController } from './journey.ts';
import { DocumentsController } from './documents.ts';
import { createAuthorization, type Authorization } from './authorization.ts';
import { JoinTimelineRecorder } from './join-timeline.ts';
import { createLiveness, type Liveness } from './liveness.ts';
import { acquireTracks } from './media/devices.ts';
import { FirstMediaWatcher } from './media/first-media.ts';
import { IceMonitor } from './media/ice-monitor.ts';
import { Publisher } from './media/publisher.ts';
import { effectiveScore } from './media/quality.ts';
import { Subscriber } from './media/subscriber.ts';
import { createTransport, type IceOptions } from './media/transports.ts';
import { reconnect } from './reconnect/reconnect-loop.ts';
import { ParticipantRoster, type ParticipantRecord } from './participants.ts';
import { RecordingController } from './recording.ts';
import type { Signaling } from './signaling/signaling.ts';
import { SignalingSocket, type Notification, type SignalingClose, type WebSocketFactory } from './signaling/socket.ts';
import { signalingUrlOfToken } from './signaling/token-route.ts';
import type {
  DeviceChoice,
  DeviceSource,
  JoinOptions,
  JoinTimeline,
  MediaDevicesLike,
  Participant,
  ReconnectOptions,
  SelfInfo,
  Session,
  SessionEvents,
  SessionState,
  TokenRequest,
  Unsubscribe,
} from './types.ts';

/** Everything a session needs from its client. */
export interface SessionContext {
  readonly signalingUrl: string;
  readonly getToken: (request: TokenRequest) => Promise<string> | string;
  readonly mediaDevices: () => MediaDevicesLike;
  readonly requestTimeoutMs: number | undefined;
  readonly reconnect: Required<ReconnectOptions>;
  readonly createWebSocket: WebSocketFactory | undefined;
  readonly handlerFactory: HandlerFactory | undefined;
  /** The page's ICE policy (`relay`: TURN only); the server's `relay` wins over `all`. */
  readonly iceTransportPolicy: 'all' | 'relay';
}

/** `leave` is a courtesy to the others; do not keep a user waiting for it. */
const LEAVE_TIMEOUT_MS = 2_000;

/**
 * Several nodes: a first join refused with SESSION_ON_OTHER_NODE (the session
 * moved after the token was issued) is tried again at once with a fresh token,
 * this many times. Reconnections follow moves through their own attempts.
 */
const MAX_NODE_HOPS = 2;

const PLACEHOLDER_SELF: SelfInfo = { peerId: '', role: 'customer', displayName: '' };

/**
 * One joined session: signaling, the mediasoup transports, local and remote
 * media, and recovery from transient failures.
 *
 * All signaling-driven work (the join sequence and every notification) runs
 * through one serial queue, so a `producerAdded` that arrives while the
 * receive transport is still being created waits for it.
 */
export class LiveSession implements Session {
  readonly sessionId: string;
  readonly recording: RecordingController;
  readonly liveness: Liveness;
  readonly journey: JourneyController;
  /** The documents to be signed (面签, docs/signing.md). */
  readonly documents: DocumentsController;
  /** Agent: stills, authorization requests and their cancellation (docs/authorization.md). */
  readonly authorization: Authorization;
  readonly #context: SessionContext;
  readonly #join: JoinOptions;
  readonly #events = new TypedEmitter<SessionEvents>();
  readonly #signaling: Signaling = { request: (method, data) => this.#request(method, data) };
  readonly #participants = new ParticipantRoster();
  readonly #local: Partial<Record<DeviceSource, MediaStreamTrack>> = {};
  readonly #muted: Record<DeviceSource, boolean> = { camera: false, microphone: false };
  readonly #stop = new AbortController();
  #self: SelfInfo = PLACEHOLDER_SELF;
  #state: SessionState = 'connecting';
  #socket: SignalingSocket | undefined;
  #device: Device | undefined;
  #sendTransport: Transport | undefined;
  #recvTransport: Transport | undefined;
  #publisher: Publisher | undefined;
  #subscriber: Subscriber | undefined;
  #ice: IceMonitor | undefined;
  /** Phases of the latest connection attempt; replaced by each (re)connection attempt. */
  #timeline = new JoinTimelineRecorder('join');
  #firstMedia: FirstMediaWatcher | undefined;
  /** Incremented per connection attempt; work of an older attempt is dropped. */
  #generation = 0;
  /** The generation whose join completed: only its socket's close triggers recovery. */
  #established = 0;
  readonly #queue = new SerialQueue();
  #leaving: Promise<void> | undefined;
  /** Settles when the camera and microphone of the first join are open (or failed to open). */
  #devicesOpened: Promise<void> = Promise.resolve();
  #recovering = false;

  constructor(context: SessionContext, join: JoinOptions) {
    this.#context = context;
    this.#join = join;
    this.sessionId = join.sessionId;
    this.recording = new RecordingController(this.#signaling, (status) => this.#events.emit('recording', status));
    this.liveness = createLiveness(this.#signaling);
    this.journey = new JourneyController(this.#signaling);
    this.documents = new DocumentsController(this.#signaling);
    this.authorization = createAuthorization(this.#signaling);
  }

  get self(): SelfInfo {
    return this.#self;
  }

  get state(): SessionState {
    return this.#state;
  }

  get participants(): readonly Participant[] {
    return this.#participants.records().map((record) => this.#snapshot(record));
  }

  get joinTimeline(): JoinTimeline {
    return this.#timeline.snapshot();
  }

  get localTracks(): Readonly<Partial<Record<DeviceSource, MediaStreamTrack>>> {
    return { ...this.#local };
  }

  on<K extends keyof SessionEvents>(event: K, listener: (data: SessionEvents[K]) => void): Unsubscribe {
    return this.#events.on(event, listener);
  }

  off<K extends keyof SessionEvents>(event: K, listener: (data: SessionEvents[K]) => void): void {
    this.#events.off(event, listener);
  }

  isMuted(source: DeviceSource): boolean {
    return this.#muted[source];
  }

  /** Opens the devices, connects and joins. On failure everything is released and the error rethrown. */
  async start(): Promise<void> {
    try {
      // Opening the devices is often the slowest step of a join; token, socket
      // and device loading need no camera, so they run meanwhile. The join
      // request itself waits for the devices (#setUp): the others never see a
      // participant whose camera then fails to open.
      this.#devicesOpened = this.#openDevices();
      await Promise.all([this.#devicesOpened, this.#connectFollowingMoves(this.#timeline)]);
      this.#setState('connected');
    } catch (error) {
      const airError = AirError.from(error, 'INTERNAL', 'join');
      this.#finish('error', { reason: 'join-failed', code: airError.code }, airError, false);
      throw airError;
    }
  }

  async #openDevices(): Promise<void> {
    const tracks = await acquireTracks(this.#context.mediaDevices(), {
      camera: this.#join.camera ?? true,
      microphone: this.#join.microphone ?? true,
    });
    if (this.#stop.signal.aborted) {
      // The join failed or was left while the devices opened: nobody else will stop them.
      for (const track of Object.values(tracks)) track.stop();
      throw new AirError('CONNECTION_LOST', 'left before joining');
    }
    Object.assign(this.#local, tracks);
    this.#timeline.mark('devicesOpened');
  }

  async setMuted(source: DeviceSource, muted: boolean): Promise<void> {
    const track = this.#local[source];
    if (!track) throw new AirError('DEVICE_UNAVAILABLE', `no ${source} in this session`);
    if (this.#muted[source] === muted) return;
    this.#muted[source] = muted;
    track.enabled = !muted;
    const producer = this.#publisher?.get(source);
    if (producer) {
      if (muted) producer.pause();
      else producer.resume();
    }
    this.#events.emit('muteChanged', { source, muted });
    // The local effect (no media leaves the page) is immediate; telling the
    // server lets the others show the muted state. While reconnecting there is
    // nobody to tell: the producer is re-created with `paused` as it is then.
    if (producer && this.#state === 'connected') {
      await this.#request(muted ? 'pauseProducer' : 'resumeProducer', { producerId: producer.id });
    }
  }

  async switchDevice(source: DeviceSource, deviceId: string): Promise<void> {
    const old = this.#local[source];
    if (!old) throw new AirError('DEVICE_UNAVAILABLE', `no ${source} in this session`);
    const choices: Record<DeviceSource, DeviceChoice> = { camera: false, microphone: false };
    choices[source] = { deviceId };
    const track = (await acquireTracks(this.#context.mediaDevices(), choices))[source];
    if (!track) throw new AirError('DEVICE_UNAVAILABLE', `device ${deviceId} gave no ${source} track`);
    if (this.#stop.signal.aborted) {
      track.stop();
      return;
    }
    track.enabled = !this.#muted[source];
    await this.#publisher?.get(source)?.replaceTrack({ track });
    this.#local[source] = track;
    old.stop();
    this.#events.emit('localTrack', { source, track });
  }

  leave(): Promise<void> {
    this.#leaving ??= this.#leave();
    return this.#leaving;
  }

  async #leave(): Promise<void> {
    if (this.#isFinal()) return;
    this.#stop.abort();
    const socket = this.#socket;
    if (socket && !socket.closed && this.#established === this.#generation) {
      try {
        await socket.request('leave', {}, { timeoutMs: LEAVE_TIMEOUT_MS });
      } catch (error) {
        // Leaving works without the server's answer (it also notices the
        // closed socket); only an unexpected refusal is worth reporting.
        const airError = AirError.from(error, 'INTERNAL', 'leave');
        if (!['CONNECTION_LOST', 'TIMEOUT', 'NOT_JOINED'].includes(airError.code)) this.#events.emit('error', airError);
      }
    }
    this.#finish('ended', { reason: 'left' });
  }

  // ---- connection ----

  async #request<M extends MethodName>(method: M, data: RequestData<M>): Promise<ResponseData<M>> {
    const socket = this.#socket;
    if (!socket || socket.closed) throw new AirError('CONNECTION_LOST', `${method}: not connected`);
    return socket.request(method, data);
  }

  /** The first connection, once more per node hop when the session moved (see MAX_NODE_HOPS). */
  async #connectFollowingMoves(timeline: JoinTimelineRecorder): Promise<void> {
    for (let hop = 0; ; hop++) {
      try {
        await this.#connect('join', timeline);
        return;
      } catch (error) {
        const airError = AirError.from(error, 'INTERNAL', 'join');
        if (airError.code !== 'SESSION_ON_OTHER_NODE' || hop >= MAX_NODE_HOPS || this.#stop.signal.aborted) {
          throw airError;
        }
      }
    }
  }

  /** One connection attempt: token → socket → join → transports → produce → consume. */
  async #connect(reason: TokenRequest['reason'], timeline = new JoinTimelineRecorder(reason)): Promise<void> {
    const generation = ++this.#generation;
    this.#timeline = timeline;
    const token = await this.#context.getToken({ sessionId: this.sessionId, reason });
    timeline.mark('tokenObtained');
    // Naming the session lets the server refuse a token for another one at once (AUTH_WRONG_SESSION).
    // Several nodes: the token names the node hosting the session now.
    const url = new URL(signalingUrlOfToken(token, this.#context.signalingUrl) ?? this.#context.signalingUrl);
    url.searchParams.set('sessionId', this.sessionId);
    const socketOptions = {
      url: url.href,
      token,
      ...(this.#context.requestTimeoutMs ? { requestTimeoutMs: this.#context.requestTimeoutMs } : {}),
      ...(this.#context.createWebSocket ? { createWebSocket: this.#context.createWebSocket } : {}),
    };
    const socket = await SignalingSocket.open(socketOptions);
    timeline.mark('socketOpen');
    if (this.#stop.signal.aborted) {
      socket.close();
      throw new AirError('CONNECTION_LOST', 'left while connecting');
    }
    this.#socket = socket;
    socket.events.on('notification', (notification) => {
      this.#queue.run(() => this.#onNotification(notification, generation));
    });
    socket.events.on('protocolError', (error) => this.#events.emit('error', error));
    socket.events.on('close', (close) => this.#onSocketClose(close, generation));
    try {
      await this.#queue.run(() => this.#setUp(generation, timeline));
    } catch (error) {
      socket.close();
      throw error;
    }
    this.#established = generation;
  }

  async #setUp(generation: number, timeline: JoinTimelineRecorder): Promise<void> {
    const { rtpCapabilities } = await this.#request('getRouterRtpCapabilities', {});
    const device = await this.#loadDevice(rtpCapabilities as RtpCapabilities);
    timeline.mark('deviceLoaded');
    await this.#devicesOpened;
    // Parsing converts mediasoup-client's capability type to the protocol's (and checks its bounds).
    const joinRequest = parseRequest('join', {
      rtpCapabilities: device.recvRtpCapabilities,
      ...(this.#join.displayName ? { displayName: this.#join.displayName } : {}),
    });
    const joined = await this.#request('join', joinRequest);
    if (joined.sessionId !== this.sessionId) {
      throw new AirError('AUTH_WRONG_SESSION', `token is for another session than ${this.sessionId}`);
    }
    timeline.mark('joinAnswered');
    this.#self = joined.self;
    this.recording.update(joined.recording);

    const ice = this.#iceMonitor(generation);
    this.#ice = ice;
    const firstMedia = new FirstMediaWatcher(timeline);
    this.#firstMedia = firstMedia;
    const onState = (transport: Transport, state: ConnectionState): void => {
      if (state === 'connected') timeline.mark(`${transport.direction}TransportConnected`);
      ice.onState(transport, state);
    };
    const iceOptions: IceOptions = {
      iceServers: joined.iceServers ?? [],
      iceTransportPolicy:
        joined.iceTransportPolicy === 'relay' || this.#context.iceTransportPolicy === 'relay' ? 'relay' : 'all',
    };
    const sources = (['camera', 'microphone'] as const).filter((source) => this.#local[source]);
    // Both transports in one round trip; whichever was created is kept (and closed by the teardown) if the other fails.
    const [recv, send] = await Promise.allSettled([
      createTransport(this.#signaling, device, 'recv', onState, iceOptions),
      sources.length > 0 ? createTransport(this.#signaling, device, 'send', onState, iceOptions) : undefined,
    ]);
    if (recv.status === 'fulfilled') this.#recvTransport = recv.value;
    if (send.status === 'fulfilled') this.#sendTransport = send.value;
    if (recv.status === 'rejected') throw recv.reason;
    if (send.status === 'rejected') throw send.reason;
    this.#subscriber = new Subscriber(this.#signaling, recv.value);
    // Receiving does not wait for publishing: the others' pictures arrive while this side's media starts.
    await Promise.all([this.#syncPeers(joined.peers, generation), this.#publishAll(sources, device, firstMedia)]);
  }

  async #publishAll(sources: readonly DeviceSource[], device: Device, firstMedia: FirstMediaWatcher): Promise<void> {
    const transport = this.#sendTransport;
    if (!transport) return;
    this.#publisher = new Publisher(device, transport);
    for (const source of sources) {
      const track = this.#local[source];
      if (track) await this.#publisher.publish(source, track, this.#muted[source]);
    }
    firstMedia.watch(transport);
  }

  async #loadDevice(routerRtpCapabilities: RtpCapabilities): Promise<Device> {
    if (this.#device) return this.#device;
    let device: Device;
    try {
      const handlerFactory = this.#context.handlerFactory;
      device = handlerFactory ? new Device({ handlerFactory }) : await Device.factory();
    } catch (error) {
      throw new AirError('DEVICE_UNAVAILABLE', 'this browser cannot do WebRTC with the server', { cause: error });
    }
    await device.load({ routerRtpCapabilities });
    this.#device = device;
    return device;
  }

  /** Brings the participant list in line with the server's after a (re)join. */
  async #syncPeers(peers: readonly PeerInfo[], generation: number): Promise<void> {
    const present = new Set(peers.map((peer) => peer.peerId));
    for (const peerId of this.#participants.peerIds()) {
      if (!present.has(peerId)) this.#removeParticipant(peerId, 'left');
    }
    for (const peer of peers) {
      this.#addParticipant(peer);
    }
    // All at once: a picture does not wait for another stream's three round trips (#consume reports its own errors).
    await Promise.all(
      peers.flatMap((peer) => peer.producers.map((producer) => this.#consume(producer.producerId, generation))),
    );
  }

  #onSocketClose(close: SignalingClose, generation: number): void {
    if (generation !== this.#established || generation !== this.#generation || this.#isFinal()) return;
    const error = close.error;
    if (!error) return; // this side closed it
    if (error.code === 'SESSION_ENDED') {
      this.#finish('ended', { reason: 'session-ended', code: error.code }, error);
    } else if (!error.recoverable) {
      this.#finish('error', { reason: 'error', code: error.code }, error);
    } else {
      void this.#recover();
    }
  }

  /**
   * Reconnects after a transient failure: a fresh token and socket each
   * attempt, then the same join sequence with the same local tracks. The
   * server keeps the peer's place for a grace period, so the others see a
   * short gap in media, not a participant leaving.
   */
  async #recover(): Promise<void> {
    if (this.#recovering) return;
    this.#recovering = true;
    try {
      await this.#reconnectLoop();
    } finally {
      this.#recovering = false;
    }
  }

  async #reconnectLoop(): Promise<void> {
    this.#setState('reconnecting');
    this.#established = 0;
    this.#socket?.close();
    this.#tearDownMedia();
    const outcome = await reconnect({
      options: this.#context.reconnect,
      signal: this.#stop.signal,
      stopped: () => this.#isFinal(),
      connect: () => this.#connect('reconnect'),
      cleanUp: () => this.#tearDownMedia(),
    });
    if (outcome.kind === 'connected') this.#setState('connected');
    else if (outcome.kind === 'failed') {
      const { state, error } = outcome;
      this.#finish(state, { reason: state === 'ended' ? 'session-ended' : 'error', code: error.code }, error);
    }
  }

  #iceMonitor(generation: number): IceMonitor {
    const current = (): boolean => generation === this.#generation && !this.#isFinal();
    return new IceMonitor({
      restart: async (transport) => {
        const { iceParameters } = await this.#request('restartIce', { transportId: transport.id });
        await transport.restartIce({ iceParameters });
      },
      troubled: () => {
        if (current() && this.#state === 'connected') this.#setState('reconnecting');
      },
      recovered: () => {
        if (current() && this.#state === 'reconnecting' && this.#established === generation) {
          this.#setState('connected');
        }
      },
      restartFailed: (error) => {
        if (!current()) return;
        // Signaling is down too, or the server lost the transport: start over.
        this.#events.emit('error', AirError.from(error, 'INTERNAL', 'restartIce'));
        if (this.#established === generation) void this.#recover();
      },
    });
  }

  // ---- notifications ----

  async #onNotification(notification: Notification, generation: number): Promise<void> {
    if (generation !== this.#generation || this.#isFinal()) return;
    switch (notification.method) {
      case 'peerJoined':
        this.#addParticipant(notification.data.peer);
        for (const producer of notification.data.peer.producers) await this.#consume(producer.producerId, generation);
        return;
      case 'peerLeft':
        this.#removeParticipant(notification.data.peerId, notification.data.reason);
        return;
      case 'peerReconnected': {
        const record = this.#participants.records().find((r) => r.peerId === notification.data.peerId);
        if (record) this.#events.emit('participantReconnected', this.#snapshot(record));
        return;
      }
      case 'producerAdded':
        if (!this.#participants.has(notification.data.peerId)) {
          this.#events.emit('error', new AirError('MALFORMED_MESSAGE', 'producer of an unknown participant'));
          return;
        }
        await this.#consume(notification.data.producerId, generation);
        return;
      case 'producerClosed':
        this.#removeTrack(notification.data.producerId);
        return;
      case 'consumerClosed': {
        const remote = this.#subscriber?.byConsumer(notification.data.consumerId);
        if (remote) this.#removeTrack(remote.producerId);
        return;
      }
      case 'producerPaused':
      case 'producerResumed': {
        const remote = this.#subscriber?.setMuted(
          notification.data.producerId,
          notification.method === 'producerPaused',
        );
        if (remote) this.#events.emit('trackMuted', remote);
        return;
      }
      case 'consumerScore':
        this.#updateScore(
          notification.data.consumerId,
          effectiveScore(notification.data.score, notification.data.producerScore),
        );
        return;
      case 'recordingStatus':
        this.recording.update(notification.data);
        return;
      case 'livenessDecided':
        this.#events.emit('livenessDecided', notification.data);
        return;
      case 'journeyChanged':
        this.journey.update(notification.data);
        return;
      case 'authorizationUpdated':
        this.#events.emit('authorizationUpdated', notification.data);
        return;
      case 'documentAdded':
        this.documents.added(notification.data);
        return;
      case 'documentPageLed':
        this.documents.pageLed(notification.data);
        return;
      case 'signatureStroke':
        this.documents.notify('signatureStroke', notification.data);
        return;
      case 'signatureSubmitted':
        this.documents.notify('signatureSubmitted', notification.data);
        return;
      case 'signatureRedoRequested':
        this.documents.notify('signatureRedoRequested', notification.data);
        return;
      case 'signatureAttested':
        this.documents.notify('signatureAttested', notification.data);
        return;
      case 'sessionEnded':
        this.#finish('ended', { reason: notification.data.reason, code: notification.data.code ?? 'SESSION_ENDED' });
        return;
      case 'consumerPaused':
      case 'consumerResumed':
      case 'consumerLayersChanged':
        // Simulcast layer switches and server-side pauses need no action here.
        return;
    }
  }

  async #consume(producerId: string, generation: number): Promise<void> {
    const subscriber = this.#subscriber;
    if (!subscriber || subscriber.has(producerId)) return;
    try {
      const remote = await subscriber.consume(producerId);
      if (generation !== this.#generation || this.#isFinal()) return;
      if (this.#recvTransport && remote.kind === 'video') this.#firstMedia?.watch(this.#recvTransport);
      this.#events.emit('trackAdded', remote);
    } catch (error) {
      if (generation !== this.#generation || this.#isFinal()) return;
      // One stream that cannot be received must not fail the whole session.
      this.#events.emit('error', AirError.from(error, 'INTERNAL', 'consume'));
    }
  }

  #removeTrack(producerId: string): void {
    const removed = this.#subscriber?.remove(producerId);
    if (!removed) return;
    this.#participants.forgetTrack(removed.peerId, removed.producerId);
    this.#events.emit('trackRemoved', removed);
  }

  #addParticipant(peer: PeerInfo): void {
    if (peer.peerId === this.#self.peerId) return;
    const record = this.#participants.add(peer);
    if (record) this.#events.emit('participantJoined', this.#snapshot(record));
  }

  #removeParticipant(peerId: string, reason: string): void {
    if (!this.#participants.has(peerId)) return;
    for (const removed of this.#subscriber?.removePeer(peerId) ?? []) this.#events.emit('trackRemoved', removed);
    const record = this.#participants.remove(peerId);
    if (record) this.#events.emit('participantLeft', { participant: this.#snapshot(record), reason });
  }

  #updateScore(consumerId: string, score: number): void {
    const remote = this.#subscriber?.byConsumer(consumerId);
    const changed = remote && this.#participants.score(remote.peerId, remote.producerId, score);
    if (changed) this.#events.emit('quality', { peerId: remote.peerId, ...changed });
  }

  #snapshot(record: ParticipantRecord): Participant {
    return {
      peerId: record.peerId,
      role: record.role,
      displayName: record.displayName,
      tracks: this.#subscriber?.tracksOf(record.peerId) ?? [],
      quality: record.quality,
    };
  }

  // ---- teardown ----

  /** Closes transports (keeping local tracks); remote tracks end. */
  #tearDownMedia(): void {
    this.#ice?.stop();
    this.#ice = undefined;
    this.#firstMedia?.stop();
    this.#firstMedia = undefined;
    for (const removed of this.#subscriber?.removeAll() ?? []) this.#events.emit('trackRemoved', removed);
    this.#publisher?.closeAll();
    this.#sendTransport?.close();
    this.#recvTransport?.close();
    this.#publisher = undefined;
    this.#subscriber = undefined;
    this.#sendTransport = undefined;
    this.#recvTransport = undefined;
  }

  #isFinal(): boolean {
    return this.#state === 'ended' || this.#state === 'error';
  }

  /** Ends the session for good: media, devices, socket; then the final state and events. */
  #finish(state: 'ended' | 'error', ended: SessionEvents['ended'], error?: AirError, announceEnd = true): void {
    if (this.#isFinal()) return;
    this.#stop.abort();
    this.#tearDownMedia();
    this.#socket?.close();
    for (const track of Object.values(this.#local)) track.stop();
    this.recording.dispose(error ?? new AirError('SESSION_ENDED', ended.reason));
    if (error) this.#events.emit('error', error);
    this.#setState(state);
    if (announceEnd) this.#events.emit('ended', ended);
  }

  #setState(state: SessionState): void {
    if (state === this.#state) return;
    const previous = this.#state;
    this.#state = state;
    this.#events.emit('state', { state, previous });
  }
}

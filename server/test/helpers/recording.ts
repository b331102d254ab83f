import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { NotificationData, NotificationName } from '@aircounter/protocol';
import { createWorker, type types } from 'mediasoup';
import { afterAll, beforeAll } from 'vitest';
import { ensureSyncClip, type SyncClip } from '../../../tests/fixtures/sync-clip.ts';
import { beepOnsetsMs, flashOnsetsMs, pairPulses, type PulsePair } from '../../../tests/fixtures/sync-measure.ts';
import type { LiveRole } from '../../src/auth/tokens.ts';
import { EvidenceService } from '../../src/evidence/evidence-service.ts';
import { LocalWormStore } from '../../src/evidence/local-worm-store.ts';
import { SigningKeyRing } from '../../src/evidence/signing-keys.ts';
import type { LogLevel, VideoCodec } from '../../src/config.ts';
import { createLogger, silentLogger } from '../../src/log.ts';
import { routerMediaCodecs } from '../../src/media/codecs.ts';
import type { PeerLink } from '../../src/media/link.ts';
import { Peer } from '../../src/media/peer.ts';
import { Room } from '../../src/media/room.ts';
import type { RecordingTimingSummary as TimingSummary } from '../../src/recording/finalize.ts';
import { RecordingService } from '../../src/recording/service.ts';
import { DEFAULT_RECORDING_SETTINGS, type RecordingSettings } from '../../src/recording/types.ts';

/** A peer link that keeps what the room pushed to the peer. */
export class RecordingLink implements PeerLink {
  open = true;
  readonly notifications: { name: NotificationName; data: unknown }[] = [];

  notify<N extends NotificationName>(name: N, data: NotificationData<N>): void {
    this.notifications.push({ name, data });
  }

  end(): void {
    this.open = false;
  }

  /**
   * The recording states the peer was told, in order. A status that repeats
   * the state (a coverage update while active) is not a new state.
   */
  recordingStates(): string[] {
    return this.notifications
      .filter((entry) => entry.name === 'recordingStatus')
      .map((entry) => (entry.data as NotificationData<'recordingStatus'>).state)
      .filter((state, index, states) => index === 0 || states[index - 1] !== state);
  }
}

export interface MediaHarness {
  readonly worker: types.Worker;
  close(): void;
}

export async function startMedia(): Promise<MediaHarness> {
  const worker = await createWorker({ logLevel: 'warn', rtcMinPort: 40000, rtcMaxPort: 49999 });
  return { worker, close: () => worker.close() };
}

/** A room on a router of its own (closing the room closes its router, as in the server). */
export async function newRoom(
  media: MediaHarness,
  sessionId = `rec-${randomBytes(4).toString('hex')}`,
  videoCodecs: readonly VideoCodec[] = ['VP8'],
): Promise<Room> {
  const router = await media.worker.createRouter({ mediaCodecs: routerMediaCodecs(videoCodecs) });
  return new Room({ sessionId, router, workerPid: media.worker.pid, log: silentLogger });
}

export function joinPeer(room: Room, peerId: string, role: LiveRole): { peer: Peer; link: RecordingLink } {
  const link = new RecordingLink();
  const peer = new Peer({
    id: peerId,
    role,
    displayName: `${role} ${peerId}`,
    rtpCapabilities: room.router.rtpCapabilities,
    link,
  });
  room.addPeer(peer);
  return { peer, link };
}

/**
 * A participant's camera and microphone played from a clip by ffmpeg into two
 * PlainTransport producers (codec copy, real time, with RTCP sender reports as
 * a browser sends them).
 */
export interface ClipFeed {
  readonly audio: types.Producer;
  readonly video: types.Producer;
  readonly process: ChildProcess;
  /** Wall-clock ms when ffmpeg was spawned. */
  readonly startedAt: number;
  /**
   * When the first audio packet (clip time 0) reached the server, in the worker's
   * clock (ms): the instant the worker stamped it, free of Node's event-loop delay.
   */
  firstAudioWorkerMs(): Promise<number>;
  /** Stops ffmpeg and closes the producers (as when a participant leaves). */
  stop(): Promise<void>;
}

let nextSsrc = 10_000_000 + Math.floor(Math.random() * 1_000_000);

async function plainProducerTransport(router: types.Router): Promise<types.PlainTransport> {
  return router.createPlainTransport({
    listenInfo: { protocol: 'udp', ip: '127.0.0.1' },
    rtcpMux: false,
    comedia: true,
  });
}

/** The clip's video codec as the producer declares it (default VP8). */
export interface FeedVideoCodec {
  readonly mimeType: string;
  readonly parameters?: Record<string, string | number>;
}

const VP8_FEED: FeedVideoCodec = { mimeType: 'video/VP8' };

/** How a clip is played: looped, by another ffmpeg, with another video codec. */
export interface FeedOptions {
  readonly loop?: boolean;
  readonly ffmpeg?: string;
  readonly videoCodec?: FeedVideoCodec;
}

export async function feedClip(router: types.Router, clipFile: string, options: FeedOptions = {}): Promise<ClipFeed> {
  const audioTransport = await plainProducerTransport(router);
  const videoTransport = await plainProducerTransport(router);
  const audioSsrc = (nextSsrc += 2);
  const videoSsrc = audioSsrc + 1;
  const audio = await audioTransport.produce({
    kind: 'audio',
    rtpParameters: {
      codecs: [{ mimeType: 'audio/opus', clockRate: 48000, channels: 2, payloadType: 100 }],
      encodings: [{ ssrc: audioSsrc }],
    },
  });
  const video = await videoTransport.produce({
    kind: 'video',
    rtpParameters: {
      codecs: [{ ...(options.videoCodec ?? VP8_FEED), clockRate: 90000, payloadType: 101 }],
      encodings: [{ ssrc: videoSsrc }],
    },
  });
  // The first audio packet's arrival, traced once (tracing every packet would cost the server CPU).
  const firstAudio = new Promise<number>((resolve, reject) => {
    audio.once('trace', (trace) => {
      resolve(trace.timestamp);
      audio.enableTraceEvent([]).catch(reject);
    });
  });
  await audio.enableTraceEvent(['rtp']);
  const target = (transport: types.PlainTransport): string => {
    const rtcpPort = transport.rtcpTuple?.localPort;
    return `rtp://127.0.0.1:${transport.tuple.localPort}?rtcpport=${String(rtcpPort)}&pkt_size=1200`;
  };
  const child = spawn(
    options.ffmpeg ?? 'ffmpeg',
    [
      '-hide_banner',
      '-nostdin',
      '-loglevel',
      'error',
      '-re',
      ...(options.loop === true ? ['-stream_loop', '-1'] : []),
      '-i',
      clipFile,
      '-map',
      '0:v:0',
      '-c',
      'copy',
      '-f',
      'rtp',
      '-ssrc',
      String(videoSsrc),
      '-payload_type',
      '101',
      target(videoTransport),
      '-map',
      '0:a:0',
      '-c',
      'copy',
      '-f',
      'rtp',
      '-ssrc',
      String(audioSsrc),
      '-payload_type',
      '100',
      target(audioTransport),
    ],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  const startedAt = Date.now();
  const exited = new Promise<void>((resolve) => child.once('close', () => resolve()));
  return {
    audio,
    video,
    process: child,
    startedAt,
    firstAudioWorkerMs: () => firstAudio,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await exited;
      audioTransport.close();
      videoTransport.close();
    },
  };
}

export function publish(room: Room, peer: Peer, feed: ClipFeed): void {
  room.addProducer(peer, feed.audio, 'microphone');
  room.addProducer(peer, feed.video, 'camera');
}

export interface EvidenceHarness {
  readonly root: string;
  readonly evidence: EvidenceService;
  readonly store: LocalWormStore;
  /** Path of a file handed to the store. */
  filePath(sessionId: string, name: string): string;
  remove(): Promise<void>;
}

export async function openEvidence(root?: string): Promise<EvidenceHarness> {
  const dir = root ?? (await mkdtemp(join(tmpdir(), 'aircounter-recording-')));
  const store = new LocalWormStore(join(dir, 'evidence'));
  const keys = await SigningKeyRing.load({ keyFile: join(dir, 'keys', 'signing.pem'), generateIfMissing: true });
  const evidence = new EvidenceService({ store, keys, stagingDir: join(dir, 'evidence', 'staging') });
  return {
    root: dir,
    evidence,
    store,
    filePath: (sessionId, name) => join(store.sessionDir(sessionId), name),
    remove: () => rm(dir, { recursive: true, force: true }),
  };
}

/** Recording settings for tests; each vitest worker gets its own port block (the allocator also copes with overlaps). */
export function recordingSettings(overrides: Partial<RecordingSettings> = {}): RecordingSettings {
  const block = Number(process.env['VITEST_POOL_ID'] ?? '0') % 8;
  const portMin = 51000 + block * 500;
  return { ...DEFAULT_RECORDING_SETTINGS, portMin, portMax: portMin + 499, ...overrides };
}

/** Logs of the recorder in tests: silent unless AIR_TEST_LOG_LEVEL asks for them (on stderr). */
export const testLog = createLogger({
  level: (process.env['AIR_TEST_LOG_LEVEL'] ?? 'silent') as LogLevel,
  write: (line) => process.stderr.write(line),
});

export function newRecordingService(
  evidence: EvidenceService,
  overrides: Partial<RecordingSettings> = {},
): RecordingService {
  return new RecordingService({ evidence, settings: recordingSettings(overrides), log: testLog });
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Polls `check` until it returns a value (not undefined) or the time is up. */
export async function waitFor<T>(check: () => T | undefined | Promise<T | undefined>, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const value = await check();
    if (value !== undefined) return value;
    await sleep(100);
  }
  throw new Error(`condition not met within ${timeoutMs} ms`);
}

/** The timing sidecar of a finalized recording, from the evidence store. */
export async function readTiming(
  store: EvidenceHarness,
  sessionId: string,
  recordingId: string,
): Promise<TimingSummary> {
  const text = await readFile(store.filePath(sessionId, `recording-${recordingId}.timing.json`), 'utf8');
  return JSON.parse(text) as TimingSummary;
}

/**
 * Audio–video offsets of one participant on the session timeline: every flash
 * of every video segment and every beep of every audio segment, each placed at
 * `segment.startMs + pts`, paired flash to nearest beep.
 */
export async function avOffsets(
  store: Pick<EvidenceHarness, 'filePath'>,
  timing: TimingSummary,
  peerId: string,
): Promise<PulsePair[]> {
  const onTimeline = async (kind: 'audio' | 'video'): Promise<number[]> => {
    const times: number[] = [];
    for (const segment of timing.segments) {
      if (segment.peerId !== peerId || segment.kind !== kind) continue;
      if (segment.playableFile === null || segment.startMs === null) continue;
      const file = store.filePath(timing.sessionId, segment.playableFile);
      const onsets = kind === 'video' ? await flashOnsetsMs(file) : await beepOnsetsMs(file);
      const startMs = segment.startMs;
      // The end of a file in silence also reads as a silence end: keep onsets inside the file.
      const durationMs = segment.durationMs ?? Infinity;
      times.push(...onsets.filter((at) => at < durationMs - 20).map((at) => startMs + at));
    }
    return times;
  };
  return pairPulses(await onTimeline('video'), await onTimeline('audio'), 500);
}

export interface RecordingHarness {
  readonly media: MediaHarness;
  readonly store: EvidenceHarness;
  readonly clip: SyncClip;
  /** Feeds pushed here are stopped after the file's tests. */
  readonly feeds: ClipFeed[];
  /** A room on a router of its own (see `newRoom`) whose session the evidence store has opened. */
  openRoom(videoCodecs?: readonly VideoCodec[]): Promise<Room>;
  /** Plays the harness clip (or `clipFile`) into the room's router; the feed is stopped after the file's tests. */
  feed(room: Room, options?: FeedOptions & { readonly clipFile?: string }): Promise<ClipFeed>;
  /** A recording service writing to the harness's evidence store. */
  recorder(overrides?: Partial<RecordingSettings>): RecordingService;
}

/**
 * Registers the set-up every recording suite shares: a mediasoup worker, an
 * evidence store in a temporary directory and the flash/beep clip; all torn
 * down after the file. Read the fields inside tests (they exist once
 * `beforeAll` ran).
 */
export function useRecordingHarness(clipOptions: {
  durationS: number;
  width?: number;
  height?: number;
}): RecordingHarness {
  let media: MediaHarness | undefined;
  let store: EvidenceHarness | undefined;
  let clip: SyncClip | undefined;
  const feeds: ClipFeed[] = [];
  const ready = <T>(value: T | undefined, name: string): T => {
    if (value === undefined) throw new Error(`recording harness: ${name} is used before beforeAll ran`);
    return value;
  };
  beforeAll(async () => {
    clip = await ensureSyncClip(clipOptions);
    media = await startMedia();
    store = await openEvidence();
  });
  afterAll(async () => {
    await Promise.all(feeds.map((feed) => feed.stop()));
    media?.close();
    await store?.remove();
  });
  const harness: RecordingHarness = {
    get media() {
      return ready(media, 'media');
    },
    get store() {
      return ready(store, 'store');
    },
    get clip() {
      return ready(clip, 'clip');
    },
    feeds,
    async openRoom(videoCodecs) {
      const room = await newRoom(harness.media, undefined, videoCodecs);
      await harness.store.evidence.openSession(room.sessionId);
      return room;
    },
    async feed(room, { clipFile, ...options } = {}) {
      const started = await feedClip(room.router, clipFile ?? harness.clip.webm ?? '', options);
      feeds.push(started);
      return started;
    },
    recorder: (overrides) => newRecordingService(harness.store.evidence, overrides),
  };
  return harness;
}

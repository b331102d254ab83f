import { writeFile } from 'node:fs/promises';
import { AirError, SerialQueue, type CoverageCause, type MediaSource, type Role } from '@aircounter/protocol';
import type { types } from 'mediasoup';
import type { Logger } from '../log.ts';
import type { PacketProbe } from './continuity.ts';
import { FfmpegRecording, type FfmpegExit } from './ffmpeg.ts';
import { LayerFollower, type LayerChange } from './layer-follower.ts';
import { segmentBase } from './names.ts';
import type { VideoQuality } from './probe.ts';
import type { RtpPortAllocator } from './ports.ts';
import { WindowBudget } from './restart-policy.ts';
import { buildRecordingSdp, containerFor } from './sdp.ts';
import type { CodecInfo, SegmentEndReason } from './timing-log.ts';
import { rtpDelta, type FirstPacket, type SenderReportSample } from './timing.ts';
import { closeTrackPipeline, highestLayers, openTrackPipeline, type TrackPipeline } from './track-pipeline.ts';
import type { RecordingEvidence, RecordingSettings, RoomProducer } from './types.ts';

/** One file of one track: what was recorded, from which producer, with which codec. */
export interface SegmentInfo {
  readonly file: string;
  readonly sdpFile: string;
  readonly trackKey: string;
  readonly segment: number;
  readonly peerId: string;
  readonly role: Role;
  readonly source: MediaSource;
  readonly kind: types.MediaKind;
  readonly producerId: string;
  readonly codec: CodecInfo;
  readonly startedUnixMs: number;
}

export interface SegmentEnd {
  readonly reason: SegmentEndReason;
  readonly endedUnixMs: number;
  readonly exitCode: number | null;
  readonly signal: string | null;
  readonly clean: boolean;
  readonly packetsLost?: number;
  readonly detail?: string;
  /** RTP packets mediasoup sent to this segment's ffmpeg (what was sent, to check against what was written). */
  readonly packetsSent?: number;
  /** When the recorder last saw the packet count grow (wall clock), if it did. */
  readonly lastPacketUnixMs?: number;
  /** Frame rate sent, sampled from RTP timestamps after the first packet (video only). */
  readonly sentFrameRate?: number;
}

/** What a track recorder reports to its recording (which turns it into evidence and timing records). */
export interface TrackObserver {
  segmentStarted(segment: SegmentInfo): void;
  firstPacket(segment: SegmentInfo, packet: FirstPacket): void;
  senderReport(segment: SegmentInfo, report: SenderReportSample, index: number): void;
  segmentEnded(segment: SegmentInfo, end: SegmentEnd): void;
  producerPaused(track: TrackRecorder, paused: boolean): void;
  /** A segment's consumer was resumed: packets reaching the recorder can be counted through `probe`. */
  pipelineOpened(track: TrackRecorder, probe: PacketProbe): void;
  /** The track is certainly not recorded from `atUnixMs` (ffmpeg is being restarted). */
  interrupted(track: TrackRecorder, cause: CoverageCause, atUnixMs: number): void;
  /** The simulcast layer written to the segment's file changed (video with several encodings). */
  layerChanged(segment: SegmentInfo, change: LayerChange): void;
  /** Resolution and frame rate measured on the segment's file while it is written (video). */
  quality(segment: SegmentInfo, quality: VideoQuality): void;
  /** The producer closed at `atUnixMs` (participant stopped publishing or left); its segment is ending. */
  producerClosing(track: TrackRecorder, atUnixMs: number): void;
  /** The producer is gone and the track has finished. Called at most once per track. */
  producerClosed(track: TrackRecorder): void;
  /** The track cannot be recorded any more (restart budget spent, pipeline broken). */
  failed(track: TrackRecorder, error: AirError): void;
}

export interface TrackRecorderDeps {
  readonly sessionId: string;
  readonly recordingId: string;
  readonly router: types.Router;
  readonly evidence: Pick<RecordingEvidence, 'stagingPath'>;
  readonly ffmpegPath: string;
  readonly ports: RtpPortAllocator;
  readonly settings: RecordingSettings;
  /** The next free segment number of a track key (numbers continue across rejoins). */
  readonly nextSegment: (trackKey: string) => number;
  /** Measures a segment file being written (through the server's process limiter). */
  readonly probeQuality: (file: string) => Promise<VideoQuality | undefined>;
  readonly observer: TrackObserver;
  readonly log: Logger;
}

/** Distinct RTP timestamps seen while sampling: one per video frame. */
interface FrameSample {
  readonly timestamps: Set<number>;
  first: number;
  last: number;
  frameRate: number | undefined;
  done: boolean;
}

interface LiveSegment {
  readonly info: SegmentInfo;
  readonly ffmpeg: FfmpegRecording;
  /** Packets sent to the consumer before this segment started (the count is per consumer). */
  readonly packetsBefore: number;
  firstPacket: FirstPacket | undefined;
  sample: FrameSample | undefined;
  reports: number;
  /** Set once the segment's end has been handled (by a stop or by the exit watcher). */
  ended: boolean;
}

/** Attempts at a fresh pipeline when ffmpeg could not bind the ports it was given. */
const PORT_ATTEMPTS = 3;
/** After BYE, how long ffmpeg gets before a SIGINT. */
const BYE_GRACE_MS = 2000;
/** How often a stalled track checks whether its producer receives media again. */
const MEDIA_POLL_MS = 1000;
/** How long after a segment's first packet RTP timestamps are sampled to learn the frame rate sent. */
const FRAME_SAMPLE_MS = 2000;
/** How long after a video segment's first packet its file is measured (size and frame rate so far). */
const QUALITY_PROBE_DELAY_MS = 2500;

export function trackKeyOf(peerId: string, source: MediaSource): string {
  return `${peerId}/${source}`;
}

function rtpOf(info: Record<string, unknown>): { timestamp: number; sequenceNumber: number } | undefined {
  const packet = info['rtpPacket'];
  if (typeof packet !== 'object' || packet === null) return undefined;
  const timestamp: unknown = Reflect.get(packet, 'timestamp');
  const sequenceNumber: unknown = Reflect.get(packet, 'sequenceNumber');
  if (typeof timestamp !== 'number' || typeof sequenceNumber !== 'number') return undefined;
  return { timestamp, sequenceNumber };
}

/**
 * Records one producer: PlainTransport → paused consumer → ffmpeg (codec copy
 * into WebM/Matroska), one file per segment. A new segment starts when ffmpeg
 * dies (restart, within a budget); everything else (pauses, layer switches)
 * stays in the same file because ffmpeg timestamps from RTP.
 */
export class TrackRecorder {
  readonly peerId: string;
  readonly role: Role;
  readonly source: MediaSource;
  readonly producer: types.Producer;
  readonly trackKey: string;
  readonly #deps: TrackRecorderDeps;
  #pipeline: TrackPipeline | undefined;
  #current: LiveSegment | undefined;
  readonly #queue = new SerialQueue();
  #stopping = false;
  #finished = false;
  #closedReported = false;
  readonly #restarts: WindowBudget;
  /** RTP packets the current consumer has sent, as last read, and when that count last grew. */
  #packetCount = 0;
  #lastPacketUnixMs: number | undefined;
  /** The growth before the last one: a stall the last growth ended lies between the two. */
  #previousPacketUnixMs: number | undefined;
  /** The probe of the current pipeline (one per consumer: its count is cumulative). */
  #packetProbe: PacketProbe | undefined;
  /** Keeps a simulcast consumer on the best layer that arrives (none for other consumers). */
  #layers: LayerFollower | undefined;

  constructor(spec: RoomProducer, deps: TrackRecorderDeps) {
    this.peerId = spec.peerId;
    this.role = spec.role;
    this.source = spec.source;
    this.producer = spec.producer;
    this.trackKey = trackKeyOf(spec.peerId, spec.source);
    this.#deps = deps;
    this.#restarts = new WindowBudget({ max: deps.settings.maxRestarts, windowMs: deps.settings.restartWindowMs });
  }

  get kind(): types.MediaKind {
    return this.producer.kind;
  }

  /** The running ffmpeg's pid (tests kill it to prove the restart). */
  get ffmpegPid(): number | undefined {
    return this.#current?.ffmpeg.pid;
  }

  /**
   * Delivery figures: RTP packets mediasoup sent to ffmpeg (since the track
   * started), and packets the current ffmpeg found missing (sequence gaps it
   * logs). For monitoring and the bench.
   */
  async stats(): Promise<{ readonly sent: number; readonly missedByRecorder: number }> {
    const pipeline = this.#pipeline;
    if (!pipeline || pipeline.consumer.closed) return { sent: 0, missedByRecorder: 0 };
    return { sent: await this.#readPacketCount(), missedByRecorder: this.#current?.ffmpeg.missedPackets ?? 0 };
  }

  /**
   * Builds the pipeline and starts the first segment; resolves `recording`
   * once ffmpeg listens and media flows, or `closed` when the producer closed
   * meanwhile (whatever was started is ended and released: a participant
   * closing a track at any moment never makes it a failure).
   */
  start(): Promise<'recording' | 'closed'> {
    return this.#enqueue(async () => {
      try {
        await this.#openPipeline();
        await this.#startSegment();
        return 'recording' as const;
      } catch (error: unknown) {
        if (!this.producer.closed) throw error;
        this.#deps.log.info('producer closed while its recording was starting', { trackKey: this.trackKey });
        this.#stopping = true;
        await this.#endSegment('producer-closed');
        await this.#closePipeline();
        this.#finished = true;
        return 'closed' as const;
      }
    });
  }

  /** Finishes the current file and releases everything. Idempotent. */
  stop(reason: SegmentEndReason = 'stopped'): Promise<void> {
    this.#stopping = true;
    return this.#enqueue(async () => {
      await this.#endSegment(reason);
      await this.#closePipeline();
      this.#finished = true;
    });
  }

  /** The continuity monitor's view of this track: packets sent to the recorder so far, and the pause flag. */
  #probe(): PacketProbe {
    return { packets: () => this.#readPacketCount(), paused: () => this.producer.paused };
  }

  /** Packets the consumer has sent (cumulative); the last known count once it is gone. */
  async #readPacketCount(): Promise<number> {
    const consumer = this.#pipeline?.consumer;
    if (!consumer || consumer.closed) return this.#packetCount;
    let count: number;
    try {
      count = (await consumer.getStats())
        .filter((stat) => stat.type === 'outbound-rtp')
        .reduce((sum, stat) => sum + stat.packetCount, 0);
    } catch (error: unknown) {
      // Closed between the check and the request: the last count stands.
      if (consumer.closed || this.producer.closed) return this.#packetCount;
      throw error;
    }
    if (consumer !== this.#pipeline?.consumer) return this.#packetCount;
    if (count > this.#packetCount) {
      this.#packetCount = count;
      this.#previousPacketUnixMs = this.#lastPacketUnixMs;
      this.#lastPacketUnixMs = Date.now();
    }
    return this.#packetCount;
  }

  /** The queue survives a failed step; the caller still gets the failure. */
  #enqueue<T>(work: () => Promise<T>): Promise<T> {
    return this.#queue.run(work);
  }

  async #openPipeline(): Promise<void> {
    const pipeline = await openTrackPipeline({
      router: this.#deps.router,
      ports: this.#deps.ports,
      producer: this.producer,
      trackKey: this.trackKey,
      onSenderReport: (report, receivedUnixMs) => this.#onSenderReport(report, receivedUnixMs),
    });
    this.#pipeline = pipeline;
    this.#packetCount = 0;
    this.#packetProbe = this.#probe();
    this.#watchConsumer(pipeline.consumer);
    this.#followLayers(pipeline.consumer);
  }

  #followLayers(consumer: types.Consumer): void {
    const preferred = highestLayers(this.producer);
    if (consumer.type !== 'simulcast' || preferred === undefined) return;
    const follower = new LayerFollower({
      consumer,
      producer: this.producer,
      preferred,
      onChange: (change) => this.#onLayerChange(change),
      log: this.#deps.log.child({ trackKey: this.trackKey }),
      lastPacketUnixMs: () => this.#lastPacketUnixMs,
      previousPacketUnixMs: () => this.#previousPacketUnixMs,
    });
    consumer.on('layerschange', (layers) => follower.layersChanged(layers));
    this.#layers = follower;
    follower.start();
  }

  #onLayerChange(change: LayerChange): void {
    const segment = this.#current;
    if (!segment || segment.ended) return;
    this.#deps.observer.layerChanged(segment.info, change);
  }

  #watchConsumer(consumer: types.Consumer): void {
    const stopTracing = (): void => {
      if (consumer.closed) return;
      consumer.enableTraceEvent([]).catch((error: unknown) => this.#deps.log.warn('cannot stop tracing', { error }));
    };
    consumer.on('trace', (trace) => {
      const segment = this.#current;
      if (trace.type !== 'rtp' || !segment || segment.ended) return;
      const rtp = rtpOf(trace.info);
      if (!rtp) return;
      if (segment.firstPacket === undefined) {
        segment.firstPacket = {
          rtpTimestamp: rtp.timestamp,
          sequenceNumber: rtp.sequenceNumber,
          arrivalUnixMs: Date.now(),
        };
        this.#deps.observer.firstPacket(segment.info, segment.firstPacket);
        if (consumer.kind !== 'video') {
          // One packet is all the timeline needs; tracing every packet would cost CPU.
          stopTracing();
          return;
        }
        // Video: a short sample of RTP timestamps (one per frame) tells the frame rate sent.
        segment.sample = {
          timestamps: new Set([rtp.timestamp]),
          first: rtp.timestamp,
          last: rtp.timestamp,
          frameRate: undefined,
          done: false,
        };
        const sample = segment.sample;
        setTimeout(() => {
          this.#finishSample(sample);
          stopTracing();
        }, FRAME_SAMPLE_MS).unref();
        this.#scheduleQualityProbe(segment);
        return;
      }
      const sample = segment.sample;
      if (sample === undefined || sample.done) return;
      sample.timestamps.add(rtp.timestamp);
      if (rtpDelta(rtp.timestamp, sample.last) > 0) sample.last = rtp.timestamp;
    });
    consumer.on('producerpause', () => this.#deps.observer.producerPaused(this, true));
    consumer.on('producerresume', () => {
      this.#deps.observer.producerPaused(this, false);
      if (consumer.kind === 'video' && !consumer.closed) {
        consumer.requestKeyFrame().catch((error: unknown) => this.#deps.log.warn('keyframe request failed', { error }));
      }
    });
    consumer.on('producerclose', () => {
      if (this.#stopping) return;
      this.#stopping = true;
      this.#deps.observer.producerClosing(this, Date.now());
      void this.#enqueue(async () => {
        await this.#endSegment('producer-closed');
        await this.#closePipeline();
        this.#finished = true;
      }).then(
        () => this.#reportClosed(),
        (error: unknown) => {
          this.#deps.log.warn('ending the segment of a closed producer failed', { trackKey: this.trackKey, error });
          this.#reportClosed();
        },
      );
    });
  }

  #reportClosed(): void {
    if (this.#closedReported) return;
    this.#closedReported = true;
    this.#deps.observer.producerClosed(this);
  }

  #finishSample(sample: FrameSample): void {
    if (sample.done) return;
    sample.done = true;
    const spanS = rtpDelta(sample.last, sample.first) / 90_000;
    // Distinct timestamps after the first, over the media time they span.
    if (sample.timestamps.size >= 2 && spanS > 0) {
      sample.frameRate = Math.round(((sample.timestamps.size - 1) / spanS) * 10) / 10;
    }
  }

  #scheduleQualityProbe(segment: LiveSegment): void {
    setTimeout(() => {
      if (segment.ended) return;
      this.#deps
        .probeQuality(segment.info.file)
        .then((quality) => {
          if (quality !== undefined && !segment.ended) this.#deps.observer.quality(segment.info, quality);
        })
        .catch((error: unknown) =>
          this.#deps.log.warn('cannot measure a segment being recorded', { trackKey: this.trackKey, error }),
        );
    }, QUALITY_PROBE_DELAY_MS).unref();
  }

  async #closePipeline(): Promise<void> {
    const pipeline = this.#pipeline;
    if (!pipeline) return;
    // The last count stands for the segment that just ended.
    await this.#readPacketCount().catch(() => this.#packetCount);
    this.#pipeline = undefined;
    this.#layers?.stop();
    this.#layers = undefined;
    await closeTrackPipeline(pipeline);
  }

  async #startSegment(attempt = 1): Promise<void> {
    const pipeline = this.#pipeline;
    if (!pipeline) throw new AirError('RECORDING_FAILED', `no pipeline for ${this.trackKey}`);
    const { consumer, lease } = pipeline;
    const codec = consumer.rtpParameters.codecs[0];
    if (!codec) throw new AirError('RECORDING_FAILED', `consumer of ${this.trackKey} has no codec`);
    const { sessionId, recordingId, evidence, settings } = this.#deps;
    const segment = this.#deps.nextSegment(this.trackKey);
    const base = segmentBase(recordingId, this.peerId, this.source, segment);
    const file = `${base}.${containerFor(codec)}`;
    const sdpFile = `${base}.sdp`;
    const sdpPath = await evidence.stagingPath(sessionId, sdpFile);
    await writeFile(sdpPath, buildRecordingSdp({ kind: consumer.kind, codec, rtpPort: lease.rtpPort }), { flag: 'wx' });
    const ffmpeg = FfmpegRecording.start({
      ffmpegPath: this.#deps.ffmpegPath,
      sdpPath,
      outputPath: await evidence.stagingPath(sessionId, file),
      container: containerFor(codec),
      rtpPort: lease.rtpPort,
      stallTimeoutS: settings.stallTimeoutS,
      clusterMs: settings.clusterMs,
    });
    try {
      await ffmpeg.ready();
    } catch (error: unknown) {
      const exit = ffmpeg.hasExited ? await ffmpeg.exited : undefined;
      if (exit && /Address already in use|bind failed/i.test(exit.stderrTail) && attempt < PORT_ATTEMPTS) {
        // Another process took the port between our test and ffmpeg's bind: new ports, new pipeline.
        this.#deps.log.warn('recording port taken; retrying with new ports', { trackKey: this.trackKey });
        await this.#closePipeline();
        await this.#openPipeline();
        return this.#startSegment(attempt + 1);
      }
      throw error;
    }
    const info: SegmentInfo = {
      file,
      sdpFile,
      trackKey: this.trackKey,
      segment,
      peerId: this.peerId,
      role: this.role,
      source: this.source,
      kind: consumer.kind,
      producerId: this.producer.id,
      codec: {
        mimeType: codec.mimeType,
        clockRate: codec.clockRate,
        payloadType: codec.payloadType,
        ...(codec.channels === undefined ? {} : { channels: codec.channels }),
      },
      startedUnixMs: Date.now(),
    };
    const live: LiveSegment = {
      info,
      ffmpeg,
      packetsBefore: await this.#readPacketCount(),
      firstPacket: undefined,
      sample: undefined,
      reports: 0,
      ended: false,
    };
    this.#current = live;
    this.#deps.observer.segmentStarted(info);
    ffmpeg.exited
      .then((exit) => this.#enqueue(() => this.#onExit(live, exit)))
      .catch((error: unknown) => this.#fail(error));
    // The new file reports the layer it starts on.
    this.#layers?.segmentStarted();
    // Trace the first packet ffmpeg gets: its RTP timestamp is the file's pts 0.
    await consumer.enableTraceEvent(['rtp']);
    await consumer.resume();
    // Media is expected from now (not while ffmpeg was still starting, however long that took).
    if (this.#packetProbe !== undefined) this.#deps.observer.pipelineOpened(this, this.#packetProbe);
    if (consumer.kind === 'video') await consumer.requestKeyFrame();
  }

  /** Ends the current segment on purpose: BYE → ffmpeg writes the trailer and exits. */
  async #endSegment(reason: SegmentEndReason): Promise<void> {
    const live = this.#current;
    if (!live || live.ended) return;
    live.ended = true;
    await this.#readPacketCount().catch(() => this.#packetCount);
    const exit = await live.ffmpeg.stop({ byeGraceMs: BYE_GRACE_MS, graceMs: this.#deps.settings.stopGraceMs });
    this.#finishSegment(live, exit, reason);
  }

  #finishSegment(live: LiveSegment, exit: FfmpegExit, reason: SegmentEndReason): void {
    if (this.#current === live) this.#current = undefined;
    if (live.sample !== undefined) this.#finishSample(live.sample);
    const lastPacket = this.#lastPacketUnixMs;
    this.#deps.observer.segmentEnded(live.info, {
      reason,
      endedUnixMs: Date.now(),
      exitCode: exit.code,
      signal: exit.signal,
      clean: exit.clean,
      packetsLost: live.ffmpeg.missedPackets,
      packetsSent: Math.max(0, this.#packetCount - live.packetsBefore),
      ...(lastPacket === undefined || live.firstPacket === undefined || lastPacket < live.firstPacket.arrivalUnixMs
        ? {}
        : { lastPacketUnixMs: lastPacket }),
      ...(live.sample?.frameRate === undefined ? {} : { sentFrameRate: live.sample.frameRate }),
      ...(exit.clean ? {} : { detail: exit.stderrTail.slice(-500) }),
    });
  }

  /**
   * ffmpeg exited without being asked. Status 0 means it closed the file after
   * the stall timeout (no packet for that long: the participant paused or lost
   * the network): a new segment starts when media flows again. Anything else
   * is a crash: record it and restart into a new segment at once, within a
   * budget of restarts per window.
   */
  async #onExit(live: LiveSegment, exit: FfmpegExit): Promise<void> {
    if (live.ended) return;
    live.ended = true;
    const stalled = exit.code === 0 && exit.signal === null;
    this.#finishSegment(live, exit, stalled ? (this.producer.paused ? 'paused' : 'stalled') : 'ffmpeg-crashed');
    if (this.#stopping || this.#finished) return;
    const pipeline = this.#pipeline;
    if (!pipeline || pipeline.consumer.closed) return;
    // A crash interrupts the track for certain, however short the restart (a stall is already a gap).
    if (!stalled) this.#deps.observer.interrupted(this, 'recorder-restart', Date.now());
    if (!stalled && !this.#restarts.tryTake()) {
      this.#fail(
        new AirError(
          'RECORDING_FAILED',
          `ffmpeg for ${this.trackKey} died more than ${this.#deps.settings.maxRestarts} times within ${this.#deps.settings.restartWindowMs} ms`,
        ),
      );
      return;
    }
    this.#deps.log.warn('ffmpeg exited; a new segment follows', {
      trackKey: this.trackKey,
      code: exit.code,
      signal: exit.signal,
      stalled,
    });
    try {
      // Nothing may flow while no ffmpeg listens: the next file must start at its first packet.
      await pipeline.consumer.pause();
      if (stalled && !(await this.#mediaFlowsAgain())) return;
      if (this.#stopping) return;
      await this.#startSegment();
    } catch (error: unknown) {
      this.#fail(error);
    }
  }

  /** Waits until the producer receives packets again; false if the track stopped meanwhile. */
  async #mediaFlowsAgain(): Promise<boolean> {
    const received = async (): Promise<number> =>
      (await this.producer.getStats()).reduce((sum, stat) => sum + stat.byteCount, 0);
    const baseline = await received();
    while (!this.#stopping && !this.producer.closed) {
      await new Promise((resolve) => setTimeout(resolve, MEDIA_POLL_MS));
      if (this.#stopping || this.producer.closed) return false;
      if ((await received()) > baseline) return true;
    }
    return false;
  }

  #onSenderReport(
    report: { ntpUnixMs: number; rtpTimestamp: number; packetCount: number; octetCount: number },
    receivedUnixMs: number,
  ): void {
    const live = this.#current;
    if (!live || live.ended) return;
    live.reports += 1;
    this.#deps.observer.senderReport(
      live.info,
      {
        receivedUnixMs,
        ntpUnixMs: report.ntpUnixMs,
        rtpTimestamp: report.rtpTimestamp,
        packetCount: report.packetCount,
        octetCount: report.octetCount,
      },
      live.reports,
    );
  }

  #fail(error: unknown): void {
    // A producer that closed (or a stop under way) explains any error of its pipeline: not a failure.
    if (this.producer.closed || this.#stopping) {
      this.#deps.log.debug('error of a track that is ending', { trackKey: this.trackKey, error });
      return;
    }
    const airError = AirError.from(error, 'RECORDING_FAILED', { message: `recording of ${this.trackKey} failed` });
    this.#deps.observer.failed(this, airError);
  }
}

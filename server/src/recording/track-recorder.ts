import { writeFile } from 'node:fs/promises';
import { AirError, SerialQueue, type MediaSource, type Role } from '@aircounter/protocol';
import type { types } from 'mediasoup';
import type { Logger } from '../log.ts';
import { FfmpegRecording, type FfmpegExit } from './ffmpeg.ts';
import { segmentBase } from './names.ts';
import type { PortLease, RtpPortAllocator } from './ports.ts';
import { RtcpListener } from './rtcp.ts';
import { buildRecordingSdp, containerFor } from './sdp.ts';
import type { CodecInfo, SegmentEndReason } from './timing-log.ts';
import type { FirstPacket, SenderReportSample } from './timing.ts';
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
}

/** What a track recorder reports to its recording (which turns it into evidence and timing records). */
export interface TrackObserver {
  segmentStarted(segment: SegmentInfo): void;
  firstPacket(segment: SegmentInfo, packet: FirstPacket): void;
  senderReport(segment: SegmentInfo, report: SenderReportSample, index: number): void;
  segmentEnded(segment: SegmentInfo, end: SegmentEnd): void;
  producerPaused(track: TrackRecorder, paused: boolean): void;
  /** The producer is gone (participant stopped publishing or left); the track has finished. */
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
  readonly observer: TrackObserver;
  readonly log: Logger;
}

interface Pipeline {
  readonly transport: types.PlainTransport;
  readonly consumer: types.Consumer;
  readonly rtcp: RtcpListener;
  readonly lease: PortLease;
}

interface LiveSegment {
  readonly info: SegmentInfo;
  readonly ffmpeg: FfmpegRecording;
  firstPacket: FirstPacket | undefined;
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
 * The capabilities the recording consumer announces: the router's codecs of
 * this kind without RTX, no RTCP feedback (ffmpeg neither NACKs nor sends PLI)
 * and no header extensions (ffmpeg would skip them anyway).
 */
function recordingCapabilities(router: types.Router, kind: types.MediaKind): types.RtpCapabilities {
  const codecs = (router.rtpCapabilities.codecs ?? [])
    .filter((codec) => codec.kind === kind && !/\/rtx$/i.test(codec.mimeType))
    .map((codec) => ({ ...codec, rtcpFeedback: [] }));
  return { codecs, headerExtensions: [] };
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
  #pipeline: Pipeline | undefined;
  #current: LiveSegment | undefined;
  /** start and stop, one at a time (a failed step does not block the next). */
  readonly #queue = new SerialQueue();
  #stopping = false;
  #finished = false;
  readonly #restarts: number[] = [];

  constructor(spec: RoomProducer, deps: TrackRecorderDeps) {
    this.peerId = spec.peerId;
    this.role = spec.role;
    this.source = spec.source;
    this.producer = spec.producer;
    this.trackKey = trackKeyOf(spec.peerId, spec.source);
    this.#deps = deps;
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
    const sent = (await pipeline.consumer.getStats())
      .filter((stat) => stat.type === 'outbound-rtp')
      .reduce((sum, stat) => sum + stat.packetCount, 0);
    return { sent, missedByRecorder: this.#current?.ffmpeg.missedPackets ?? 0 };
  }

  /** Builds the pipeline and starts the first segment; resolves once ffmpeg listens and media flows. */
  start(): Promise<void> {
    return this.#queue.run(async () => {
      await this.#openPipeline();
      await this.#startSegment();
    });
  }

  /** Finishes the current file and releases everything. Idempotent. */
  stop(reason: SegmentEndReason = 'stopped'): Promise<void> {
    this.#stopping = true;
    return this.#queue.run(async () => {
      await this.#endSegment(reason);
      await this.#closePipeline();
      this.#finished = true;
    });
  }

  async #openPipeline(): Promise<void> {
    const { router, ports } = this.#deps;
    const created: { transport?: types.PlainTransport; rtcp?: RtcpListener; lease?: PortLease } = {};
    try {
      created.transport = await router.createPlainTransport({
        listenInfo: { protocol: 'udp', ip: '127.0.0.1' },
        rtcpMux: false,
        comedia: false,
      });
      created.rtcp = await RtcpListener.open({
        onSenderReport: (report, receivedUnixMs) => this.#onSenderReport(report, receivedUnixMs),
      });
      created.lease = await ports.allocate();
      await created.transport.connect({ ip: '127.0.0.1', port: created.lease.rtpPort, rtcpPort: created.rtcp.port });
      const consumer = await created.transport.consume({
        producerId: this.producer.id,
        rtpCapabilities: recordingCapabilities(router, this.producer.kind),
        paused: true,
      });
      this.#pipeline = { transport: created.transport, consumer, rtcp: created.rtcp, lease: created.lease };
      this.#watchConsumer(consumer);
    } catch (error: unknown) {
      created.transport?.close();
      created.lease?.release();
      await created.rtcp?.close();
      throw AirError.from(error, 'RECORDING_FAILED', { message: `cannot set up recording of ${this.trackKey}` });
    }
  }

  #watchConsumer(consumer: types.Consumer): void {
    consumer.on('trace', (trace) => {
      const segment = this.#current;
      if (trace.type !== 'rtp' || !segment || segment.firstPacket || segment.ended) return;
      const rtp = rtpOf(trace.info);
      if (!rtp) return;
      segment.firstPacket = {
        rtpTimestamp: rtp.timestamp,
        sequenceNumber: rtp.sequenceNumber,
        arrivalUnixMs: Date.now(),
      };
      this.#deps.observer.firstPacket(segment.info, segment.firstPacket);
      // One packet is all the timeline needs; tracing every packet would cost CPU.
      consumer.enableTraceEvent([]).catch((error: unknown) => this.#deps.log.warn('cannot stop tracing', { error }));
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
      void this.#queue
        .run(async () => {
          await this.#endSegment('producer-closed');
          await this.#closePipeline();
          this.#finished = true;
        })
        .then(
          () => this.#deps.observer.producerClosed(this),
          (error: unknown) => this.#fail(error),
        );
    });
  }

  async #closePipeline(): Promise<void> {
    const pipeline = this.#pipeline;
    if (!pipeline) return;
    this.#pipeline = undefined;
    pipeline.transport.close();
    pipeline.lease.release();
    await pipeline.rtcp.close();
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
      firstPacket: undefined,
      reports: 0,
      ended: false,
    };
    this.#current = live;
    this.#deps.observer.segmentStarted(info);
    ffmpeg.exited
      .then((exit) => this.#queue.run(() => this.#onExit(live, exit)))
      .catch((error: unknown) => this.#fail(error));
    // Trace the first packet ffmpeg gets: its RTP timestamp is the file's pts 0.
    await consumer.enableTraceEvent(['rtp']);
    await consumer.resume();
    if (consumer.kind === 'video') await consumer.requestKeyFrame();
  }

  /** Ends the current segment on purpose: BYE → ffmpeg writes the trailer and exits. */
  async #endSegment(reason: SegmentEndReason): Promise<void> {
    const live = this.#current;
    if (!live || live.ended) return;
    live.ended = true;
    const exit = await live.ffmpeg.stop({ byeGraceMs: BYE_GRACE_MS, graceMs: this.#deps.settings.stopGraceMs });
    this.#finishSegment(live, exit, reason);
  }

  #finishSegment(live: LiveSegment, exit: FfmpegExit, reason: SegmentEndReason): void {
    if (this.#current === live) this.#current = undefined;
    this.#deps.observer.segmentEnded(live.info, {
      reason,
      endedUnixMs: Date.now(),
      exitCode: exit.code,
      signal: exit.signal,
      clean: exit.clean,
      packetsLost: live.ffmpeg.missedPackets,
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
    if (!stalled && !this.#withinRestartBudget()) {
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

  #withinRestartBudget(): boolean {
    const now = Date.now();
    this.#restarts.push(now);
    while ((this.#restarts[0] ?? now) < now - this.#deps.settings.restartWindowMs) this.#restarts.shift();
    return this.#restarts.length <= this.#deps.settings.maxRestarts;
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
    const airError = AirError.from(error, 'RECORDING_FAILED', { message: `recording of ${this.trackKey} failed` });
    this.#deps.observer.failed(this, airError);
  }
}

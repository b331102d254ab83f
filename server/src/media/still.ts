import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ArtifactRef } from '@aircounter/evidence';
import { AirError, errorMessage } from '@aircounter/protocol';
import type { types } from 'mediasoup';
import { addArtifact } from '../evidence/artifacts.ts';
import type { EvidenceService } from '../evidence/evidence-service.ts';
import { inspectJpeg } from '../liveness/jpeg-header.ts';
import type { Logger } from '../log.ts';
import type { RecordingService } from '../recording/service.ts';
import { runProcess } from '../recording/run-process.ts';
import { buildRecordingSdp } from '../recording/sdp.ts';
import { highestLayers, recordingCapabilities } from '../recording/track-pipeline.ts';
import type { Room } from './room.ts';

export interface StillSettings {
  /** Stills one session may keep (`AIR_STILL_MAX_PER_SESSION`); more: STILL_LIMIT_REACHED. */
  readonly maxPerSession: number;
  /** Longest one still may take, from the consumer's creation to the JPEG (`AIR_STILL_TIMEOUT_MS`). */
  readonly timeoutMs: number;
}

export const DEFAULT_STILL_SETTINGS: StillSettings = { maxPerSession: 20, timeoutMs: 10_000 };

/** A still kept in the session's evidence. */
export interface Still {
  readonly artifact: ArtifactRef;
  readonly peerId: string;
  readonly width: number;
  readonly height: number;
}

export interface StillGrabberOptions {
  readonly evidence: EvidenceService;
  /** The recorder's RTP port range, ffmpeg and process limiter: stills share them with recordings. */
  readonly recording: Pick<RecordingService, 'ports' | 'limiter' | 'tools'>;
  readonly settings: StillSettings;
  readonly log: Logger;
}

/** How often the consumer asks the sender for a keyframe while ffmpeg waits for one. */
const KEYFRAME_REQUEST_INTERVAL_MS = 400;
const STILL_PREFIX = 'still-';

/**
 * Takes a JPEG still from a participant's live camera, on the server: the
 * picture an authorizer or an auditor sees is what the server received, not
 * what a page chose to upload.
 *
 * One still = a temporary consumer on a loopback PlainTransport sending the
 * best layer to an ffmpeg that decodes the first whole frame to JPEG. The
 * consumer asks for a keyframe until ffmpeg has one (the first request may
 * reach the sender before ffmpeg listens). ffmpeg runs through the recorder's
 * limiter and is killed after `timeoutMs`; the consumer, transport, port pair
 * and temporary files are released whatever happens.
 *
 * Bounded per session: stills kept in the evidence plus stills being taken
 * never exceed `maxPerSession`.
 */
export class StillGrabber {
  readonly #options: StillGrabberOptions;
  /** Stills being taken, per session (live work of this node, like the consumers themselves). */
  readonly #pending = new Map<string, number>();

  constructor(options: StillGrabberOptions) {
    this.#options = options;
  }

  /** Takes a still of `peerId`'s camera and keeps it as a `still` artifact of the room's session. */
  async take(room: Room, peerId: string): Promise<Still> {
    const producer = room.peers.get(peerId)?.producerFor('camera')?.producer;
    if (producer === undefined || producer.closed || producer.kind !== 'video') {
      throw new AirError('STILL_FAILED', 'the participant has no live camera');
    }
    const sessionId = room.sessionId;
    const pending = this.#pending.get(sessionId) ?? 0;
    this.#pending.set(sessionId, pending + 1);
    try {
      const kept = await this.#keptStills(sessionId);
      if (kept + pending >= this.#options.settings.maxPerSession) {
        this.#options.log.warn('still refused: per-session limit reached', {
          sessionId,
          limit: this.#options.settings.maxPerSession,
        });
        throw new AirError(
          'STILL_LIMIT_REACHED',
          `a session keeps at most ${this.#options.settings.maxPerSession} stills`,
        );
      }
      let jpeg: Uint8Array;
      try {
        jpeg = await this.#options.recording.limiter.run(() => this.#grab(room.router, producer));
      } catch (error: unknown) {
        this.#options.log.warn('still failed', { sessionId, peerId, error: errorMessage(error) });
        throw error;
      }
      const size = jpegSize(jpeg);
      const artifact = await addArtifact(this.#options.evidence, sessionId, {
        kind: 'still',
        mediaType: 'image/jpeg',
        bytes: jpeg,
      });
      this.#options.log.info('still taken', { sessionId, peerId, sha256: artifact.sha256, ...size });
      return { artifact, peerId, ...size };
    } finally {
      const left = (this.#pending.get(sessionId) ?? 1) - 1;
      if (left === 0) this.#pending.delete(sessionId);
      else this.#pending.set(sessionId, left);
    }
  }

  async #keptStills(sessionId: string): Promise<number> {
    const files = await this.#options.evidence.store.list(sessionId);
    return files.filter((file) => file.name.startsWith(STILL_PREFIX)).length;
  }

  /** The JPEG bytes of one decoded frame of `producer`. */
  async #grab(router: types.Router, producer: types.Producer): Promise<Uint8Array> {
    const { recording, settings } = this.#options;
    const ffmpeg = (await recording.tools()).ffmpeg.path;
    const dir = await mkdtemp(join(tmpdir(), 'aircounter-still-'));
    const lease = await recording.ports.allocate();
    let transport: types.PlainTransport | undefined;
    let keyframes: NodeJS.Timeout | undefined;
    try {
      transport = await router.createPlainTransport({
        listenInfo: { protocol: 'udp', ip: '127.0.0.1' },
        rtcpMux: false,
        comedia: false,
      });
      await transport.connect({ ip: '127.0.0.1', port: lease.rtpPort, rtcpPort: lease.rtcpPort });
      const preferredLayers = highestLayers(producer);
      const consumer = await transport.consume({
        producerId: producer.id,
        rtpCapabilities: recordingCapabilities(router, 'video'),
        paused: true,
        ...(preferredLayers === undefined ? {} : { preferredLayers }),
      });
      const codec = consumer.rtpParameters.codecs[0];
      if (codec === undefined) throw new AirError('STILL_FAILED', 'the camera sends no codec the server decodes');
      const sdpPath = join(dir, 'still.sdp');
      const outputPath = join(dir, 'still.jpg');
      await writeFile(sdpPath, buildRecordingSdp({ kind: 'video', codec, rtpPort: lease.rtpPort }));
      const run = runProcess(ffmpeg, stillArgs(sdpPath, outputPath), settings.timeoutMs);
      await consumer.resume();
      const askKeyframe = (): void => {
        consumer.requestKeyFrame().catch((error: unknown) => {
          this.#options.log.debug('still keyframe request failed', { error: errorMessage(error) });
        });
      };
      askKeyframe();
      keyframes = setInterval(askKeyframe, KEYFRAME_REQUEST_INTERVAL_MS);
      const result = await run;
      if (result.signal !== null) {
        throw new AirError('STILL_FAILED', `no decodable frame within ${settings.timeoutMs} ms`);
      }
      if (result.code !== 0) {
        throw new AirError('STILL_FAILED', `ffmpeg could not decode a frame: ${result.stderr.trim().slice(-300)}`);
      }
      return new Uint8Array(await readFile(outputPath));
    } catch (error: unknown) {
      throw AirError.from(error, 'STILL_FAILED', 'still');
    } finally {
      clearInterval(keyframes);
      transport?.close();
      lease.release();
      await rm(dir, { recursive: true, force: true });
    }
  }
}

/**
 * ffmpeg reads the one-stream SDP (loopback only, as the recorder's), decodes
 * the first whole frame and writes it as a JPEG at the size it was sent.
 * `-n`: the output name is new in a fresh directory, never overwritten.
 */
export function stillArgs(sdpPath: string, outputPath: string): string[] {
  return [
    '-hide_banner',
    '-nostdin',
    '-loglevel',
    'error',
    '-protocol_whitelist',
    'file,udp,rtp',
    '-localaddr',
    '127.0.0.1',
    '-i',
    sdpPath,
    '-map',
    '0:v:0',
    '-frames:v',
    '1',
    '-c:v',
    'mjpeg',
    '-q:v',
    '3',
    '-f',
    'image2',
    '-update',
    '1',
    '-n',
    outputPath,
  ];
}

function jpegSize(jpeg: Uint8Array): { width: number; height: number } {
  try {
    const { width, height } = inspectJpeg(jpeg);
    return { width, height };
  } catch (error: unknown) {
    throw new AirError('STILL_FAILED', `ffmpeg wrote no usable JPEG: ${errorMessage(error)}`, { cause: error });
  }
}

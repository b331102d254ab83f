import type { RecordingStatus, RequestData } from '@aircounter/protocol';
import type { Logger } from '../log.ts';
import type { Room } from '../media/room.ts';
import { resolveFfmpeg, resolveFfprobe, type FfmpegLocation } from './ffmpeg-path.ts';
import { ConcurrencyLimiter } from './limiter.ts';
import { RtpPortAllocator } from './ports.ts';
import { SessionRecorder, type RecorderContext } from './recorder.ts';
import { recoverRecordings, type RecoveredRecording, type RecoveryEvidence } from './recovery.ts';
import { isRunning } from './state.ts';
import type { RecordingEvidence, RecordingSettings } from './types.ts';

export interface RecordingServiceOptions {
  readonly evidence: RecordingEvidence;
  readonly settings: RecordingSettings;
  readonly log: Logger;
  /** Told every recording status published to a room (after the room's participants). */
  readonly published?: (room: Room, status: RecordingStatus) => void;
}

interface Tools {
  readonly ffmpeg: FfmpegLocation;
  readonly ffprobe: string | undefined;
}

/**
 * Recording for the whole server: one {@link SessionRecorder} per room, the
 * shared RTP port range, ffmpeg resolution, shutdown and crash recovery. The
 * signaling handlers (giveConsent, declineConsent, withdrawConsent, startRecording,
 * stopRecording) call it.
 */
export class RecordingService {
  readonly settings: RecordingSettings;
  readonly ports: RtpPortAllocator;
  /** Repairs and probes of every recording of the server, a few at a time. */
  readonly limiter: ConcurrencyLimiter;
  readonly #evidence: RecordingEvidence;
  readonly #log: Logger;
  readonly #published: ((room: Room, status: RecordingStatus) => void) | undefined;
  readonly #recorders = new Map<string, { readonly room: Room; readonly recorder: SessionRecorder }>();
  #tools: Promise<Tools> | undefined;

  constructor(options: RecordingServiceOptions) {
    this.settings = options.settings;
    this.#evidence = options.evidence;
    this.#log = options.log;
    this.#published = options.published;
    this.ports = new RtpPortAllocator({ min: options.settings.portMin, max: options.settings.portMax });
    this.limiter = new ConcurrencyLimiter(options.settings.finalizeConcurrency);
  }

  /** ffmpeg and ffprobe, resolved once (a failure is not cached: fixing PATH needs no restart). */
  tools(): Promise<Tools> {
    this.#tools ??= (async () => {
      const ffmpeg = await resolveFfmpeg(this.settings.ffmpegPath);
      return { ffmpeg, ffprobe: await resolveFfprobe(this.settings.ffprobePath, ffmpeg) };
    })();
    const pending = this.#tools;
    pending.catch(() => {
      if (this.#tools === pending) this.#tools = undefined;
    });
    return pending;
  }

  /**
   * Whether a producer of the room is being recorded: resolves when its track
   * recorder listens (true), or at once (false) when nothing records the room.
   */
  whenRecording(room: Room, producerId: string): Promise<boolean> {
    const entry = this.#recorders.get(room.sessionId);
    if (!entry || entry.room !== room) return Promise.resolve(false);
    return entry.recorder.whenRecording(producerId);
  }

  /** The room's recorder, created on first use; it keeps `room.recordingStatus` current. */
  recorderFor(room: Room): SessionRecorder {
    const existing = this.#recorders.get(room.sessionId);
    if (existing && existing.room === room) return existing.recorder;
    const context: RecorderContext = {
      evidence: this.#evidence,
      ports: this.ports,
      settings: this.settings,
      tools: () => this.tools(),
      limiter: this.limiter,
      log: this.#log.child({ sessionId: room.sessionId }),
      ...(this.#published === undefined ? {} : { published: this.#published }),
    };
    const recorder = new SessionRecorder(room, context);
    this.#recorders.set(room.sessionId, { room, recorder });
    room.once('closed', () => {
      // Forget the recorder once it has finished whatever the room's end set off.
      void recorder.settled().then(() => {
        if (this.#recorders.get(room.sessionId)?.recorder === recorder) this.#recorders.delete(room.sessionId);
      });
    });
    return recorder;
  }

  giveConsent(room: Room, peerId: string, data: RequestData<'giveConsent'>): Promise<RecordingStatus> {
    return this.recorderFor(room).giveConsent(peerId, data);
  }

  declineConsent(room: Room, peerId: string, data: RequestData<'declineConsent'>): Promise<RecordingStatus> {
    return this.recorderFor(room).declineConsent(peerId, data);
  }

  withdrawConsent(room: Room, peerId: string, data: RequestData<'withdrawConsent'>): Promise<RecordingStatus> {
    return this.recorderFor(room).withdrawConsent(peerId, data);
  }

  start(room: Room, peerId: string): Promise<RecordingStatus> {
    return this.recorderFor(room).start(peerId);
  }

  stop(room: Room, peerId: string): Promise<RecordingStatus> {
    return this.recorderFor(room).stop(peerId);
  }

  /**
   * Resolves once the session's recording has finished and handed its files to
   * the evidence store: call before finalizing the session's evidence package.
   */
  async whenSettled(sessionId: string): Promise<void> {
    const entry = this.#recorders.get(sessionId);
    if (entry) await entry.recorder.settled();
  }

  /** Server shutdown (app.onShutdown): every running recording ends as `aborted`, files finalized. */
  async shutdown(): Promise<void> {
    const entries = [...this.#recorders.values()];
    await Promise.allSettled(
      entries.map(async ({ recorder }) => {
        if (isRunning(recorder.state)) await recorder.end('aborted', 'server-shutdown');
        await recorder.settled();
      }),
    );
  }

  /**
   * At start-up: recordings a killed server left behind are finished (orphaned
   * ffmpeg processes told to close their files, unfinished files repaired into
   * copies, timing reconstructed) and marked incomplete. Run before the
   * evidence store finalizes unfinished sessions.
   */
  recover(evidence: RecoveryEvidence): Promise<RecoveredRecording[]> {
    return recoverRecordings({
      evidence,
      tools: async () => {
        const tools = await this.tools();
        return { ffmpegPath: tools.ffmpeg.path, ffprobePath: tools.ffprobe };
      },
      log: this.#log,
      limiter: this.limiter,
      minCustomerHeight: this.settings.minCustomerHeight,
    });
  }
}

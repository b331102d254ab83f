import type { RecordingStatus, RequestData } from '@aircounter/protocol';
import type { Logger } from '../log.ts';
import type { Room } from '../media/room.ts';
import { resolveFfmpeg, resolveFfprobe, type FfmpegLocation } from './ffmpeg-path.ts';
import { ConcurrencyLimiter } from './limiter.ts';
import { RecordedFileReaders } from './recorded-file-readers.ts';
import { RtpPortAllocator } from './ports.ts';
import { SessionRecorder, type RecorderContext } from './recorder.ts';
import { recoverRecordings, type RecoveredRecording, type RecoveryEvidence } from './recovery.ts';
import { isRunning } from './state.ts';
import type { RecordingIntent } from '../store/recording-intents-repository.ts';
import type { RecordingEvidence, RecordingIntents, RecordingSettings } from './types.ts';

export interface RecordingServiceOptions {
  readonly evidence: RecordingEvidence;
  readonly settings: RecordingSettings;
  readonly log: Logger;
  /** Told every recording status published to a room (after the room's participants). */
  readonly published?: (room: Room, status: RecordingStatus) => void;
  /**
   * Whether each session's recording is wanted (`Store.recordingIntents`): a
   * recording running when the server stopped resumes after the restart.
   */
  readonly intents?: RecordingIntents;
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
  /** Threads that read finished files for their summaries, off the event loop. */
  readonly readers: RecordedFileReaders;
  readonly #evidence: RecordingEvidence;
  readonly #log: Logger;
  readonly #published: ((room: Room, status: RecordingStatus) => void) | undefined;
  readonly #intents: RecordingIntents | undefined;
  readonly #recorders = new Map<string, { readonly room: Room; readonly recorder: SessionRecorder }>();
  #tools: Promise<Tools> | undefined;

  constructor(options: RecordingServiceOptions) {
    this.settings = options.settings;
    this.#evidence = options.evidence;
    this.#log = options.log;
    this.#published = options.published;
    this.#intents = options.intents;
    this.ports = new RtpPortAllocator({ min: options.settings.portMin, max: options.settings.portMax });
    this.limiter = new ConcurrencyLimiter(options.settings.finalizeConcurrency);
    this.readers = new RecordedFileReaders({ log: options.log });
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
      readFile: this.readers.read,
      log: this.#log.child({ sessionId: room.sessionId }),
      ...(this.#published === undefined ? {} : { published: this.#published }),
      ...(this.#intents === undefined ? {} : { intents: this.#intents }),
    };
    const recorder = new SessionRecorder(room, context);
    this.#recorders.set(room.sessionId, { room, recorder });
    // Threads ready before the recording's stop needs them.
    this.readers.warmUp();
    room.once('closed', () => {
      // Forget the recorder once it has finished whatever the room's end set off.
      void recorder.settled().then(() => {
        if (this.#recorders.get(room.sessionId)?.recorder === recorder) this.#recorders.delete(room.sessionId);
      });
    });
    this.#resumeWhenPublished(room, recorder).catch((error: unknown) =>
      this.#log.error('recording not resumed', { error, sessionId: room.sessionId }),
    );
    return recorder;
  }

  /**
   * A recording the server's stop interrupted resumes once the rejoined
   * participants publish again: at the room's first producer (tracks that
   * come later join the running recording, as after any start).
   */
  async #resumeWhenPublished(room: Room, recorder: SessionRecorder): Promise<void> {
    let intent = await this.#intents?.get(room.sessionId);
    if (intent === undefined || !intent.wanted || room.closed) return;
    if (intent.interruption === undefined) {
      // Wanted and never interrupted, yet its room has just opened here: the node recording it is gone.
      intent = await this.#takeOverFromLostNode(room.sessionId, intent.recordingId);
      if (intent === undefined || !intent.wanted || intent.interruption === undefined || room.closed) return;
    }
    const published = (): boolean => [...room.peers.values()].some((peer) => peer.producers.size > 0);
    const resume = (): void => {
      room.off('producerAdded', resume);
      room.off('closed', forget);
      recorder
        .resume(intent)
        .catch((error: unknown) => this.#log.error('recording did not resume', { error, sessionId: room.sessionId }));
    };
    const forget = (): void => {
      room.off('producerAdded', resume);
    };
    if (published()) {
      resume();
      return;
    }
    room.on('producerAdded', resume);
    room.once('closed', forget);
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

  /**
   * Server shutdown (app.onShutdown): every running recording ends its part as
   * `aborted` (reason `server-shutdown`), files finalized; with intents it stays
   * wanted and resumes after the restart.
   */
  async shutdown(): Promise<void> {
    const entries = [...this.#recorders.values()];
    await Promise.allSettled(
      entries.map(async ({ recorder }) => {
        if (isRunning(recorder.state)) await recorder.end('aborted', 'server-shutdown');
        await recorder.settled();
      }),
    );
    // Whatever still finishes a recording after this reads its files in this thread.
    await this.readers.close();
  }

  /**
   * At start-up: recordings a killed server left behind are finished (orphaned
   * ffmpeg processes told to close their files, unfinished files repaired into
   * copies, timing reconstructed) and marked incomplete. Run before the
   * evidence store finalizes unfinished sessions. With several nodes sharing
   * the evidence directory, `mayRecover` keeps this node off the sessions of
   * the others (a live node's recording is still being written).
   */
  async recover(
    evidence: RecoveryEvidence,
    mayRecover: (sessionId: string) => Promise<boolean> = () => Promise.resolve(true),
  ): Promise<RecoveredRecording[]> {
    const sessionIds: string[] = [];
    for (const sessionId of await evidence.findUnfinalized()) {
      if (await mayRecover(sessionId)) sessionIds.push(sessionId);
      else this.#log.info('staged recordings left to the node hosting their session', { sessionId });
    }
    const recovered = await this.#recoverSessions(sessionIds, false);
    for (const recording of recovered) await this.#rememberCrash(recording);
    return recovered;
  }

  /**
   * Before a session's package is sealed by this node: recordings of the
   * session still staged (a lost node's, never taken over because nobody came
   * back before the end) are finished into the package as after a crash,
   * copied rather than moved. Nothing to do in the usual case.
   */
  async finishLeftovers(sessionId: string): Promise<RecoveredRecording[]> {
    const running = this.#recorders.get(sessionId)?.recorder;
    if (running !== undefined && isRunning(running.state)) return [];
    return this.#recoverSessions([sessionId], true);
  }

  #recoverSessions(sessionIds: readonly string[], copy: boolean): Promise<RecoveredRecording[]> {
    if (sessionIds.length === 0) return Promise.resolve([]);
    return recoverRecordings({
      evidence: this.#evidence,
      sessionIds,
      copy,
      tools: async () => {
        const tools = await this.tools();
        return { ffmpegPath: tools.ffmpeg.path, ffprobePath: tools.ffprobe };
      },
      log: this.#log,
      limiter: this.limiter,
      readFile: this.readers.read,
      minCustomerHeight: this.settings.minCustomerHeight,
    });
  }

  /**
   * The session moved here from a node that died under its running recording
   * (killed, or cut off long enough to be declared dead). That node's part is
   * finished here as a restart would finish it — repaired, incomplete, its
   * files copied into the package — and the interruption is remembered from
   * where each track's media ends, so the recording resumes on this node as
   * after a crash, the loss a gap. Without staged files (another evidence
   * directory) the gap starts now.
   */
  async #takeOverFromLostNode(sessionId: string, recordingId: string): Promise<RecordingIntent | undefined> {
    const intents = this.#intents;
    if (intents === undefined) return undefined;
    this.#log.warn('taking over a recording its node did not finish', { sessionId, recordingId });
    const recovered = await this.#recoverSessions([sessionId], true);
    for (const recording of recovered) await this.#rememberCrash(recording);
    await intents.interrupted(sessionId, recordingId, { kind: 'server-crashed', atUnixMs: Date.now(), tracks: [] });
    return intents.get(sessionId);
  }

  /**
   * A recording a crash cut short and that was still wanted resumes when its
   * participants are back: its gap starts where each track's last written
   * media ends (from the recovered timing).
   */
  async #rememberCrash(recording: RecoveredRecording): Promise<void> {
    if (this.#intents === undefined || recording.action !== 'finalized') return;
    // No media was written before the crash: no track has a gap to carry, the instant it was found is all there is.
    const atUnixMs =
      recording.lastMedia.length === 0
        ? Date.now()
        : Math.max(...recording.lastMedia.map((track) => track.lastMediaUnixMs));
    const remembered = await this.#intents.interrupted(recording.sessionId, recording.recordingId, {
      kind: 'server-crashed',
      atUnixMs,
      tracks: [...recording.lastMedia],
    });
    if (remembered) {
      this.#log.info('a recording cut by a crash resumes when its participants are back', {
        sessionId: recording.sessionId,
        recordingId: recording.recordingId,
      });
    }
  }
}

import { createHash } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ArtifactRef, EventData } from '@aircounter/evidence';
import { AirError } from '@aircounter/protocol';
import { addArtifact } from '../evidence/artifacts.ts';
import type { EvidenceService } from '../evidence/evidence-service.ts';
import type { Logger } from '../log.ts';
import type { Room } from '../media/room.ts';
import { SPEECH_PEER_ID } from '../media/server-peer.ts';
import { textSha256 } from './espeak.ts';
import type { MediaTools } from './normalize.ts';
import { startPlayback, type Playback, type PlaybackEnd } from './playback.ts';
import type { RecordedAudioSource, SpeechRenderer, SpeechSettings, SpeechText } from './types.ts';

/** What to play: text rendered to speech, or one of the bank's recordings by name. */
export type SpeechRequest = SpeechText | { readonly recordingName: string };

/** A playback that started. */
export interface SpeechPlayback {
  /** The `speech` artifact holding the audio (Ogg Opus). */
  readonly artifact: ArtifactRef;
  readonly durationMs: number;
  /** Where playback started on the session's media timeline; null while nothing records the session. */
  readonly startedAtMediaMs: number | null;
  /** Whether the recorder was recording the speech track when the first packet left. */
  readonly recorded: boolean;
  /** Resolves when the audio ended, was stopped, or failed. */
  readonly ended: Promise<PlaybackEnd>;
}

export interface SpeechServiceOptions {
  readonly settings: Pick<SpeechSettings, 'maxRepeats' | 'renderTimeoutMs'>;
  readonly renderer: SpeechRenderer;
  /** The bank's recordings; undefined when none are configured. */
  readonly recordings: RecordedAudioSource | undefined;
  readonly evidence: EvidenceService;
  /** The live room of a session (undefined when nobody is in it). */
  readonly room: (sessionId: string) => Room | undefined;
  readonly tools: () => Promise<MediaTools>;
  /** Resolves when the recorder records the producer (true), or at once when nothing records the room (false). */
  readonly whenRecording: (room: Room, producerId: string) => Promise<boolean>;
  readonly log: Logger;
}

/** What one session is playing now, and how often each audio has been played. */
interface SessionSpeech {
  readonly room: Room;
  current: { readonly playback: Playback; readonly ended: Promise<PlaybackEnd> } | undefined;
  /** Starting (rendering, storing): a second request is refused meanwhile. */
  busy: boolean;
  /** The last request played, for a replay. */
  last: SpeechRequest | undefined;
  readonly plays: Map<string, number>;
}

/**
 * Plays speech into a live session: renders text (or opens a bank recording),
 * stores the audio as a `speech` artifact, publishes it into the room as the
 * server's producer (clients hear it, the recorder records it), and writes
 * `speech.played` (and `speech.stopped` when cut short) into the evidence.
 * One playback per session at a time (SPEECH_BUSY); the same audio plays at
 * most 1 + AIR_SPEECH_MAX_REPEATS times per session (RATE_LIMITED).
 *
 * What a session is playing is live media state: it lives with the room in
 * memory and ends with it, like the room's producers.
 */
export class SpeechService {
  readonly #options: SpeechServiceOptions;
  readonly #sessions = new Map<string, SessionSpeech>();
  /** Playbacks not yet over (with their evidence written), for shutdown. */
  readonly #running = new Set<Promise<PlaybackEnd>>();

  constructor(options: SpeechServiceOptions) {
    this.#options = options;
  }

  async play(sessionId: string, request: SpeechRequest): Promise<SpeechPlayback> {
    const room = this.#options.room(sessionId);
    if (!room || room.closed) throw new AirError('SESSION_NOT_FOUND', 'the session has no live room to play into');
    const state = this.#stateOf(room);
    if (state.busy || state.current) throw new AirError('SPEECH_BUSY', 'speech is already playing in this session');
    state.busy = true;
    try {
      return await this.#play(room, state, request);
    } finally {
      state.busy = false;
    }
  }

  /**
   * Plays the session's last speech again (elderly mode: "repeat, please"),
   * within the same bound of repeats. SPEECH_BUSY while it still plays.
   */
  replay(sessionId: string): Promise<SpeechPlayback> {
    const last = this.#sessions.get(sessionId)?.last;
    if (last === undefined)
      return Promise.reject(new AirError('INVALID_PARAMS', 'nothing was played in this session yet'));
    return this.play(sessionId, last);
  }

  /** Stops what the session is playing (logged as `speech.stopped`); false when nothing plays. */
  async stop(sessionId: string): Promise<boolean> {
    const current = this.#sessions.get(sessionId)?.current;
    if (!current) return false;
    await current.playback.stop();
    await current.ended;
    return true;
  }

  /** Whether the session is playing speech now. */
  isPlaying(sessionId: string): boolean {
    return this.#sessions.get(sessionId)?.current !== undefined;
  }

  /** Stops every playback and waits until each one's evidence is written (server shutdown, before sealing). */
  async close(): Promise<void> {
    await Promise.all([...this.#sessions.keys()].map((sessionId) => this.stop(sessionId)));
    await Promise.all([...this.#running]);
  }

  async #play(room: Room, state: SessionSpeech, request: SpeechRequest): Promise<SpeechPlayback> {
    const { evidence, log } = this.#options;
    const sessionId = room.sessionId;
    const audio = await this.#audioFor(request);
    const sha256 = sha256Of(audio.opus);
    const repeat = state.plays.get(sha256) ?? 0;
    if (repeat > this.#options.settings.maxRepeats) {
      throw new AirError('RATE_LIMITED', `this audio was played ${repeat} times; the limit is reached`);
    }
    const artifact = await addArtifact(evidence, sessionId, {
      kind: 'speech',
      mediaType: 'audio/ogg',
      bytes: audio.opus,
    });
    const tools = await this.#options.tools();
    const dir = await mkdtemp(join(tmpdir(), 'aircounter-play-'));
    const file = join(dir, 'speech.ogg');
    let recorded = false;
    let playback: Playback;
    try {
      await writeFile(file, audio.opus);
      playback = await startPlayback({
        room,
        file,
        ffmpegPath: tools.ffmpegPath,
        peerId: SPEECH_PEER_ID,
        displayName: 'AirCounter',
        beforeSending: async (producer) => {
          recorded = await this.#options.whenRecording(room, producer.id);
        },
        startTimeoutMs: this.#options.settings.renderTimeoutMs,
        log: log.child({ sessionId, component: 'speech' }),
      });
    } catch (error: unknown) {
      await rm(dir, { recursive: true, force: true });
      throw error;
    }
    state.plays.set(sha256, repeat + 1);
    state.last = request;
    // Written as the first packet arrived: its media time is where the audio starts on the recording.
    let startedAtMediaMs: number | null;
    try {
      const entry = await evidence.append(sessionId, {
        type: 'speech.played',
        data: {
          ...audio.evidence,
          artifactSha256: sha256,
          durationMs: audio.durationMs,
          peerId: SPEECH_PEER_ID,
          producerId: playback.producer.id,
          repeat,
        },
      });
      startedAtMediaMs = entry.mediaTimeMs;
    } catch (error: unknown) {
      // No audio may go on that the evidence does not name.
      await playback.stop();
      await rm(dir, { recursive: true, force: true });
      throw error;
    }
    const ended = playback.ended.then(async (end) => {
      await rm(dir, { recursive: true, force: true });
      if (end.kind !== 'completed') await this.#logStop(sessionId, sha256, end, room);
      state.current = undefined;
      this.#running.delete(ended);
      return end;
    });
    state.current = { playback, ended };
    this.#running.add(ended);
    return { artifact, durationMs: audio.durationMs, startedAtMediaMs, recorded, ended };
  }

  async #logStop(sessionId: string, sha256: string, end: PlaybackEnd, room: Room): Promise<void> {
    const reason: EventData<'speech.stopped'>['reason'] =
      end.kind === 'failed' ? 'failed' : room.closed ? 'session-ended' : 'request';
    try {
      await this.#options.evidence.append(sessionId, {
        type: 'speech.stopped',
        data: { artifactSha256: sha256, reason, playedMs: end.playedMs },
      });
    } catch (error: unknown) {
      this.#options.log.error('speech.stopped could not be logged', { error, sessionId });
    }
  }

  /** The audio and what the evidence says about its making. */
  async #audioFor(request: SpeechRequest): Promise<{
    readonly opus: Uint8Array;
    readonly durationMs: number;
    readonly evidence: Omit<
      EventData<'speech.played'>,
      'artifactSha256' | 'durationMs' | 'peerId' | 'producerId' | 'repeat'
    >;
  }> {
    if ('recordingName' in request) {
      const source = this.#options.recordings;
      if (!source) throw new AirError('SPEECH_UNAVAILABLE', 'no recordings directory is configured');
      const recording = await source.open(request.recordingName);
      return {
        opus: recording.opus,
        durationMs: recording.durationMs,
        evidence: { origin: 'recorded', engine: 'recorded', recordingName: recording.name },
      };
    }
    const rendered = await this.#options.renderer.render(request);
    return {
      opus: rendered.opus,
      durationMs: rendered.durationMs,
      evidence: {
        origin: 'rendered',
        textSha256: textSha256(rendered.text),
        locale: request.locale,
        engine: rendered.engine,
        voice: rendered.voice,
        rateWpm: rendered.rateWpm,
        elderly: request.elderly === true,
      },
    };
  }

  #stateOf(room: Room): SessionSpeech {
    const existing = this.#sessions.get(room.sessionId);
    if (existing && existing.room === room) return existing;
    const state: SessionSpeech = { room, current: undefined, busy: false, last: undefined, plays: new Map() };
    this.#sessions.set(room.sessionId, state);
    room.once('closed', () => {
      if (this.#sessions.get(room.sessionId) === state) this.#sessions.delete(room.sessionId);
    });
    return state;
  }
}

function sha256Of(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

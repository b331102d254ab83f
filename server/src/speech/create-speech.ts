import type { EvidenceService } from '../evidence/evidence-service.ts';
import type { Logger } from '../log.ts';
import type { RoomRegistry } from '../media/rooms.ts';
import { ConcurrencyLimiter } from '../recording/limiter.ts';
import type { RecordingService } from '../recording/service.ts';
import { EspeakRenderer } from './espeak.ts';
import type { MediaTools } from './normalize.ts';
import { DirectoryAudioSource } from './recorded-audio.ts';
import { RenderCache } from './render-cache.ts';
import { SpeechService } from './speech-service.ts';
import type { SpeechRenderer, SpeechSettings } from './types.ts';

export interface CreateSpeechOptions {
  readonly settings: SpeechSettings;
  readonly evidence: EvidenceService;
  readonly rooms: RoomRegistry;
  /** ffmpeg and ffprobe are the recorder's; the recorder also tells when the speech track is recorded. */
  readonly recording: RecordingService;
  readonly log: Logger;
  /** Another engine in place of espeak-ng (a bank's own, or a test's). */
  readonly renderer?: SpeechRenderer;
}

/** Builds the speech service of the server: espeak-ng with its cache, the bank's recordings, playback. */
export function createSpeechService(options: CreateSpeechOptions): SpeechService {
  const { settings, recording, log } = options;
  const tools = async (): Promise<MediaTools> => {
    const resolved = await recording.tools();
    return { ffmpegPath: resolved.ffmpeg.path, ffprobePath: resolved.ffprobe };
  };
  // Renders and conversions of the whole server share one bound: each is an espeak-ng or ffmpeg process.
  const limiter = new ConcurrencyLimiter(settings.renderConcurrency);
  const renderer =
    options.renderer ??
    new EspeakRenderer({
      settings,
      tools,
      limiter,
      cache: new RenderCache({ dir: settings.cacheDir, maxBytes: settings.cacheMaxBytes, log }),
    });
  const recordings =
    settings.recordingsDir === undefined ? undefined : new DirectoryAudioSource({ settings, tools, limiter });
  return new SpeechService({
    settings,
    renderer,
    recordings,
    evidence: options.evidence,
    room: (sessionId) => options.rooms.get(sessionId),
    tools,
    whenRecording: (room, producerId) => recording.whenRecording(room, producerId),
    log,
  });
}

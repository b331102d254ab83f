/** The locales speech is rendered in; zh-Hant is read by the Mandarin voice too. */
export const SPEECH_LOCALES = ['en', 'zh-Hans', 'zh-Hant'] as const;
export type SpeechLocale = (typeof SPEECH_LOCALES)[number];

export function isSpeechLocale(value: unknown): value is SpeechLocale {
  return typeof value === 'string' && (SPEECH_LOCALES as readonly string[]).includes(value);
}

/** Text to speak. */
export interface SpeechText {
  readonly text: string;
  readonly locale: SpeechLocale;
  /** Elderly mode: spoken at the slower rate (AIR_SPEECH_ELDERLY_RATE_WPM). */
  readonly elderly?: boolean;
}

/** Audio ready to play: Ogg Opus, 48 kHz, mono. */
export interface SpeechAudio {
  readonly opus: Uint8Array;
  readonly durationMs: number;
}

/** Rendered speech and how it was made (written into the evidence with it). */
export interface RenderedSpeech extends SpeechAudio {
  /** Engine and version, e.g. `espeak-ng 1.51`. */
  readonly engine: string;
  readonly voice: string;
  readonly rateWpm: number;
  /** The text exactly as spoken (trimmed). */
  readonly text: string;
}

/**
 * Turns text into speech, offline. The server ships an espeak-ng renderer
 * (espeak.ts); a bank may plug in another engine behind the same interface.
 * Implementations refuse text longer than their limit with
 * SPEECH_TEXT_TOO_LONG and report a missing engine as SPEECH_UNAVAILABLE.
 */
export interface SpeechRenderer {
  render(request: SpeechText): Promise<RenderedSpeech>;
}

/** A bank's own recording, normalized for playback. */
export interface RecordedAudio extends SpeechAudio {
  /** Its name in the configured directory. */
  readonly name: string;
}

/**
 * The bank's pre-recorded audio files (a disclosure read by a person), played
 * by name. Implementations refuse names outside their directory and files that
 * are not playable audio with SPEECH_AUDIO_REFUSED.
 */
export interface RecordedAudioSource {
  open(name: string): Promise<RecordedAudio>;
}

/** The speech part of the server configuration (config.ts `speech`, server/README.md). */
export interface SpeechSettings {
  /** AIR_ESPEAK_PATH: the espeak-ng binary; `espeak-ng` on PATH when unset. */
  readonly espeakPath: string | undefined;
  /** AIR_SPEECH_RATE_WPM: speaking rate, words per minute. */
  readonly rateWpm: number;
  /** AIR_SPEECH_ELDERLY_RATE_WPM: the slower rate of elderly mode. */
  readonly elderlyRateWpm: number;
  /** AIR_SPEECH_MAX_TEXT_CHARS: longest text rendered (characters, after trimming). */
  readonly maxTextChars: number;
  /** AIR_SPEECH_MAX_AUDIO_S: longest audio played (rendered or recorded); longer recordings are refused. */
  readonly maxAudioS: number;
  /** AIR_SPEECH_RENDER_CONCURRENCY: renders and conversions the server runs at once. */
  readonly renderConcurrency: number;
  /** AIR_SPEECH_RENDER_TIMEOUT_MS: a render or conversion is killed after this long. */
  readonly renderTimeoutMs: number;
  /** AIR_SPEECH_CACHE_DIR: rendered speech kept for reuse (default `<dataDir>/speech-cache`). Absolute. */
  readonly cacheDir: string;
  /** AIR_SPEECH_CACHE_MAX_BYTES: the cache's size bound (oldest files go first); 0 turns it off. */
  readonly cacheMaxBytes: number;
  /** AIR_SPEECH_RECORDINGS_DIR: the bank's recordings; unset: none can be played. Absolute. */
  readonly recordingsDir: string | undefined;
  /** AIR_SPEECH_MAX_RECORDING_BYTES: largest recording file accepted. */
  readonly maxRecordingBytes: number;
  /** AIR_SPEECH_MAX_REPEATS: replays of the same audio one session may ask for. */
  readonly maxRepeats: number;
}

/** Defaults of everything but the directories (config.ts derives those from AIR_DATA_DIR). */
export const DEFAULT_SPEECH_SETTINGS: Omit<SpeechSettings, 'cacheDir' | 'recordingsDir' | 'espeakPath'> = {
  rateWpm: 150,
  elderlyRateWpm: 115,
  maxTextChars: 2000,
  maxAudioS: 300,
  renderConcurrency: 1,
  renderTimeoutMs: 30_000,
  cacheMaxBytes: 64 * 1024 * 1024,
  maxRecordingBytes: 20 * 1024 * 1024,
  maxRepeats: 3,
};

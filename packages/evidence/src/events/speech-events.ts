import * as v from 'valibot';
import { Ms, Sha256, Text } from './common.ts';

// Audio the server played into the call (server/src/speech): a disclosure
// rendered from text, or one of the bank's own recordings. The audio itself is
// a `speech` artifact, referred to by its SHA-256; the entry's `mediaTimeMs`
// is when playback started on the session timeline.

/** Where the played audio came from. */
export const SPEECH_ORIGINS = ['rendered', 'recorded'] as const;

/** Why playback ended before the audio did. */
export const SPEECH_STOP_REASONS = ['request', 'session-ended', 'failed'] as const;

export const SpeechPlayed = v.object({
  /** The `speech` artifact (Ogg Opus) that was played. */
  artifactSha256: Sha256,
  origin: v.picklist(SPEECH_ORIGINS),
  /** SHA-256 of the UTF-8 text that was spoken (rendered speech only). */
  textSha256: v.optional(Sha256),
  /** The locale the text was spoken in (`en`, `zh-Hans`, `zh-Hant`). */
  locale: v.optional(Text),
  /** `espeak-ng 1.51`, or `recorded` for a bank's recording. */
  engine: Text,
  /** The engine's voice (`cmn`, `en-us`). */
  voice: v.optional(Text),
  /** Speaking rate, words per minute (slower in elderly mode). */
  rateWpm: v.optional(v.pipe(v.number(), v.integer(), v.minValue(1))),
  elderly: v.optional(v.boolean()),
  /** The bank recording's name in its configured directory. */
  recordingName: v.optional(Text),
  durationMs: Ms,
  /** The participant id the audio was published under (`server-speech`). */
  peerId: Text,
  producerId: Text,
  /** 0 for the first playback of this audio in the session, then 1, 2 … for repeats. */
  repeat: v.pipe(v.number(), v.integer(), v.minValue(0)),
});

export const SpeechStopped = v.object({
  artifactSha256: Sha256,
  reason: v.picklist(SPEECH_STOP_REASONS),
  /** How much of the audio had played, ms. */
  playedMs: Ms,
});

import { createHash } from 'node:crypto';
import { AirError } from '@aircounter/protocol';
import type { SpeechLocale } from './types.ts';

/** A customer's spoken answer to check against the answers a question accepts. */
export interface VoiceAnswer {
  /** The answer's audio as captured (e.g. Ogg Opus cut from the customer's recorded track). */
  readonly audio: Uint8Array;
  readonly mediaType: string;
  readonly locale: SpeechLocale;
  /** What counts as yes, e.g. ['是的', '我确认', '确认']: matched after normalization (see {@link normalizeAnswer}). */
  readonly accepted: readonly string[];
}

export interface VoiceVerdict {
  readonly matched: boolean;
  /** The accepted answer that matched. */
  readonly answer?: string;
  /** What the engine heard, when it produces a transcript. */
  readonly transcript?: string;
  /** The engine's confidence in [0, 1], when it reports one. */
  readonly confidence?: number;
  /** Engine and model, for the evidence (e.g. `bank-asr paraformer-zh 2026-01`). */
  readonly engine: string;
}

/**
 * Checks a spoken confirmation. No Chinese speech-recognition model ships
 * with AirCounter (none is available in npm or Debian): a bank plugs in its
 * own model behind this interface (docs/speech.md, "Voice confirmations").
 * Implementations throw SPEECH_UNAVAILABLE when they cannot decide (model
 * down, audio unreadable); "heard something else" is `matched: false`.
 */
export interface SpeechVerifier {
  verify(answer: VoiceAnswer): Promise<VoiceVerdict>;
}

/**
 * The one matching rule every verifier shares: Unicode NFKC, lower case,
 * punctuation, symbols and white space removed; an accepted answer matches
 * when the transcript contains it.
 */
export function normalizeAnswer(text: string): string {
  return text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[\p{P}\p{S}\s]+/gu, '');
}

/** The first accepted answer the transcript contains, if any. */
export function matchAnswer(transcript: string, accepted: readonly string[]): string | undefined {
  const heard = normalizeAnswer(transcript);
  return accepted.find((answer) => {
    const wanted = normalizeAnswer(answer);
    return wanted !== '' && heard.includes(wanted);
  });
}

/**
 * A verifier for tests and demos: each fixture audio comes with the
 * transcript a real engine would produce, looked up by the audio's SHA-256.
 * Audio it was not given is refused with SPEECH_UNAVAILABLE, never guessed.
 */
export class FixtureSpeechVerifier implements SpeechVerifier {
  readonly #transcripts = new Map<string, string>();

  constructor(fixtures: readonly { readonly audio: Uint8Array; readonly transcript: string }[]) {
    for (const fixture of fixtures) this.#transcripts.set(sha256(fixture.audio), fixture.transcript);
  }

  verify(answer: VoiceAnswer): Promise<VoiceVerdict> {
    const transcript = this.#transcripts.get(sha256(answer.audio));
    if (transcript === undefined) {
      return Promise.reject(
        new AirError('SPEECH_UNAVAILABLE', 'the fixture verifier has no transcript for this audio'),
      );
    }
    const matched = matchAnswer(transcript, answer.accepted);
    return Promise.resolve({
      matched: matched !== undefined,
      ...(matched === undefined ? {} : { answer: matched }),
      transcript,
      engine: 'fixture',
    });
  }
}

function sha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

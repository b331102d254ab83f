import { createHash } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AirError } from '@aircounter/protocol';
import type { ConcurrencyLimiter } from '../recording/limiter.ts';
import { runProcess } from '../recording/run-process.ts';
import { audioDurationMs, convertToOpus, type MediaTools } from './normalize.ts';
import { RenderCache, type RenderKey } from './render-cache.ts';
import type { RenderedSpeech, SpeechLocale, SpeechRenderer, SpeechSettings, SpeechText } from './types.ts';

/** espeak-ng's voice per locale: Mandarin reads simplified and traditional characters alike. */
export const ESPEAK_VOICES: Readonly<Record<SpeechLocale, string>> = {
  en: 'en-us',
  'zh-Hans': 'cmn',
  'zh-Hant': 'cmn',
};

const FIX = "install Debian's espeak-ng (apt-get install espeak-ng) or set AIR_ESPEAK_PATH";

export interface EspeakRendererOptions {
  readonly settings: Pick<
    SpeechSettings,
    'espeakPath' | 'rateWpm' | 'elderlyRateWpm' | 'maxTextChars' | 'maxAudioS' | 'renderTimeoutMs'
  >;
  readonly tools: () => Promise<MediaTools>;
  /** Bounds the espeak-ng and ffmpeg processes of the whole server. */
  readonly limiter: ConcurrencyLimiter;
  readonly cache: RenderCache;
}

/**
 * The text as it will be spoken: trimmed, non-empty, at most `maxChars`
 * characters (code points, so a Chinese character counts once).
 */
export function speakableText(text: string, maxChars: number): string {
  // Control characters would reach the engine as odd pauses or noise; line breaks are pauses already.
  const cleaned = text.replace(/[\p{Cc}\p{Cf}]+/gu, (run) => (/[\n\r\t]/.test(run) ? ' ' : '')).trim();
  if (cleaned === '') throw new AirError('INVALID_PARAMS', 'there is no text to speak');
  const length = [...cleaned].length;
  if (length > maxChars) {
    throw new AirError('SPEECH_TEXT_TOO_LONG', `the text has ${length} characters; at most ${maxChars} are spoken`);
  }
  return cleaned;
}

/**
 * Renders text with Debian's espeak-ng (offline; Mandarin `cmn` and English),
 * then converts the WAV to Ogg Opus with ffmpeg. The text goes to espeak-ng on
 * stdin, never as an argument, and without markup interpretation. Results are
 * cached by (engine, voice, rate, text); renders run a few at a time and are
 * killed after AIR_SPEECH_RENDER_TIMEOUT_MS.
 */
export class EspeakRenderer implements SpeechRenderer {
  readonly #options: EspeakRendererOptions;
  #engine: Promise<{ readonly path: string; readonly name: string }> | undefined;

  constructor(options: EspeakRendererOptions) {
    this.#options = options;
  }

  async render(request: SpeechText): Promise<RenderedSpeech> {
    const { settings } = this.#options;
    const text = speakableText(request.text, settings.maxTextChars);
    const voice = ESPEAK_VOICES[request.locale];
    const rateWpm = request.elderly === true ? settings.elderlyRateWpm : settings.rateWpm;
    const engine = await this.#resolveEngine();
    const key: RenderKey = { engine: engine.name, voice, rateWpm, text };
    const cached = await this.#options.cache.get(key);
    if (cached) return { ...cached, engine: engine.name, voice, rateWpm, text };
    const audio = await this.#options.limiter.run(() => this.#renderNow(engine.path, key));
    await this.#options.cache.put(key, audio);
    return { ...audio, engine: engine.name, voice, rateWpm, text };
  }

  /** espeak-ng to WAV, ffmpeg to Opus, in a private temporary directory removed afterwards. */
  async #renderNow(espeakPath: string, key: RenderKey): Promise<{ opus: Uint8Array; durationMs: number }> {
    const { settings } = this.#options;
    const tools = await this.#options.tools();
    const dir = await mkdtemp(join(tmpdir(), 'aircounter-speech-'));
    try {
      const wav = join(dir, 'speech.wav');
      const ogg = join(dir, 'speech.ogg');
      const spoken = await runProcess(
        espeakPath,
        ['-v', key.voice, '-s', String(key.rateWpm), '-b', '1', '-w', wav, '--stdin'],
        settings.renderTimeoutMs,
        { input: key.text },
      );
      if (spoken.code !== 0) {
        throw new AirError('SPEECH_UNAVAILABLE', `espeak-ng could not speak the text (exit ${String(spoken.code)})`, {
          cause: new Error(spoken.stderr.slice(-500)),
        });
      }
      await convertToOpus(tools, wav, ogg, { maxAudioS: settings.maxAudioS, timeoutMs: settings.renderTimeoutMs });
      const opus = new Uint8Array(await readFile(ogg));
      return { opus, durationMs: await audioDurationMs(tools, ogg, settings.renderTimeoutMs) };
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }

  /** The binary and its version (`espeak-ng 1.51`), found once; a failure is not cached. */
  #resolveEngine(): Promise<{ readonly path: string; readonly name: string }> {
    this.#engine ??= (async () => {
      const path = this.#options.settings.espeakPath ?? 'espeak-ng';
      let version: string;
      try {
        const result = await runProcess(path, ['--version'], this.#options.settings.renderTimeoutMs);
        const match = /text-to-speech:\s*([0-9][^\s]*)/.exec(result.stdout);
        if (result.code !== 0 || !match?.[1]) throw new Error(`unexpected --version output (exit ${result.code})`);
        version = match[1];
      } catch (error: unknown) {
        throw new AirError('SPEECH_UNAVAILABLE', `espeak-ng cannot be run; ${FIX}`, { cause: error });
      }
      return { path, name: `espeak-ng ${version}` };
    })();
    const pending = this.#engine;
    pending.catch(() => {
      if (this.#engine === pending) this.#engine = undefined;
    });
    return pending;
  }
}

/** SHA-256 of the spoken text (UTF-8), as the evidence records it. */
export function textSha256(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

// Speech benchmark. Prints one JSON line: the time to render 100 characters
// of text to speech, for Mandarin (zh-Hans) and English, as
// - floor: espeak-ng alone, text to WAV (the engine's own cost);
// - full: our whole path, text to Ogg Opus (espeak-ng, ffmpeg to Opus, duration
//   probe), the render cache turned off;
// - cached: the same text again through the cache (what every session after the
//   first pays for a fixed disclosure).
// Each figure is the median (and p95) of RUNS renders, in ms per 100 characters.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConcurrencyLimiter } from '../server/src/recording/limiter.ts';
import { runProcess } from '../server/src/recording/run-process.ts';
import { createLogger } from '../server/src/log.ts';
import { ESPEAK_VOICES, EspeakRenderer } from '../server/src/speech/espeak.ts';
import { RenderCache } from '../server/src/speech/render-cache.ts';
import { DEFAULT_SPEECH_SETTINGS, type SpeechLocale } from '../server/src/speech/types.ts';

const RUNS = 15;
/** Exactly 100 characters each (code points). */
const TEXTS: Readonly<Record<'zh-Hans' | 'en', string>> = {
  'zh-Hans':
    '尊敬的客户您好，理财非存款，产品有风险，投资须谨慎。本产品为非保本浮动收益型理财产品，您可能损失部分或全部本金。请您仔细阅读产品说明书和风险揭示书，确认您已充分了解产品的风险与收益特征后再作决定。谢谢',
  en: 'Investments carry risks. This product is not a deposit; you may lose part or all the money invested.',
};

function stats(samples: number[]): { medianMs: number; p95Ms: number } {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (p: number): number => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? Number.NaN;
  return { medianMs: Math.round(at(0.5) * 10) / 10, p95Ms: Math.round(at(0.95) * 10) / 10 };
}

async function timed(work: () => Promise<unknown>): Promise<number> {
  const started = performance.now();
  await work();
  return performance.now() - started;
}

async function main(): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'aircounter-bench-speech-'));
  const log = createLogger({ level: 'silent' });
  const tools = () => Promise.resolve({ ffmpegPath: 'ffmpeg', ffprobePath: 'ffprobe' });
  const settings = { ...DEFAULT_SPEECH_SETTINGS, espeakPath: undefined };
  const uncached = new EspeakRenderer({
    settings,
    tools,
    limiter: new ConcurrencyLimiter(1),
    cache: new RenderCache({ dir: join(dir, 'none'), maxBytes: 0, log }),
  });
  const cached = new EspeakRenderer({
    settings,
    tools,
    limiter: new ConcurrencyLimiter(1),
    cache: new RenderCache({ dir: join(dir, 'cache'), maxBytes: 64 * 1024 * 1024, log }),
  });
  const results: Record<string, unknown> = {};
  try {
    for (const [locale, text] of Object.entries(TEXTS) as [SpeechLocale, string][]) {
      if ([...text].length !== 100) throw new Error(`${locale} text must be 100 characters`);
      const wav = join(dir, `${locale}.wav`);
      const floor: number[] = [];
      const full: number[] = [];
      const again: number[] = [];
      let audioMs = 0;
      for (let run = 0; run < RUNS; run++) {
        floor.push(
          await timed(async () => {
            const result = await runProcess(
              'espeak-ng',
              ['-v', ESPEAK_VOICES[locale], '-s', String(settings.rateWpm), '-b', '1', '-w', wav, '--stdin'],
              60_000,
              { input: text },
            );
            if (result.code !== 0) throw new Error(`espeak-ng failed: ${result.stderr}`);
          }),
        );
        full.push(
          await timed(async () => {
            audioMs = (await uncached.render({ text, locale })).durationMs;
          }),
        );
      }
      await cached.render({ text, locale });
      for (let run = 0; run < RUNS; run++) again.push(await timed(() => cached.render({ text, locale })));
      results[locale] = {
        characters: 100,
        audioMs,
        floorEspeakToWav: stats(floor),
        fullToOpus: stats(full),
        cachedRepeat: stats(again),
      };
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
  console.log(JSON.stringify({ runs: RUNS, rateWpm: settings.rateWpm, perHundredCharacters: results }));
}

await main();

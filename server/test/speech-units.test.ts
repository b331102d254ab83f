import { mkdir, mkdtemp, readdir, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rejection } from '../../packages/protocol/src/test-fixtures/async.ts';
import { TokenService } from '../src/auth/tokens.ts';
import { SPEECH_PEER_ID } from '../src/media/server-peer.ts';
import { ConcurrencyLimiter } from '../src/recording/limiter.ts';
import { runProcess } from '../src/recording/run-process.ts';
import { EspeakRenderer, speakableText } from '../src/speech/espeak.ts';
import type { MediaTools } from '../src/speech/normalize.ts';
import { DirectoryAudioSource } from '../src/speech/recorded-audio.ts';
import { RenderCache } from '../src/speech/render-cache.ts';
import { Secret } from '../src/secret.ts';
import { DEFAULT_SPEECH_SETTINGS, type SpeechSettings } from '../src/speech/types.ts';
import { FixtureSpeechVerifier, matchAnswer } from '../src/speech/verifier.ts';
import { testLog } from './helpers/recording.ts';

// The renderer (real espeak-ng and ffmpeg), its cache, the bank-recording
// source's refusals (real files, links and ffprobe), and the verifier's rule.

const tools = (): Promise<MediaTools> => Promise.resolve({ ffmpegPath: 'ffmpeg', ffprobePath: 'ffprobe' });
let dir = '';

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'aircounter-speech-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

function settings(overrides: Partial<SpeechSettings> = {}): SpeechSettings {
  return {
    ...DEFAULT_SPEECH_SETTINGS,
    espeakPath: undefined,
    cacheDir: join(dir, 'cache'),
    recordingsDir: join(dir, 'recordings'),
    ...overrides,
  };
}

function renderer(overrides: Partial<SpeechSettings> = {}, cacheMaxBytes = 0): EspeakRenderer {
  const s = settings(overrides);
  return new EspeakRenderer({
    settings: s,
    tools,
    limiter: new ConcurrencyLimiter(1),
    cache: new RenderCache({ dir: s.cacheDir, maxBytes: cacheMaxBytes, log: testLog }),
  });
}

/** Ogg's capture pattern: the rendered bytes are an Ogg stream. */
function isOgg(bytes: Uint8Array): boolean {
  return Buffer.from(bytes.subarray(0, 4)).toString('latin1') === 'OggS';
}

describe('espeak-ng renderer', () => {
  it('speaks Mandarin (simplified and traditional) and English to Ogg Opus, slower in elderly mode', async () => {
    const speech = renderer();
    const zh = await speech.render({ text: '理财非存款，产品有风险，投资须谨慎。', locale: 'zh-Hans' });
    const zhHant = await speech.render({ text: '理財非存款，產品有風險，投資須謹慎。', locale: 'zh-Hant' });
    const en = await speech.render({ text: 'Investments carry risk.', locale: 'en' });
    const enElderly = await speech.render({ text: 'Investments carry risk.', locale: 'en', elderly: true });
    for (const rendered of [zh, zhHant, en, enElderly]) {
      expect(isOgg(rendered.opus)).toBe(true);
      expect(rendered.durationMs).toBeGreaterThan(500);
      expect(rendered.engine).toMatch(/^espeak-ng \d/);
    }
    expect(zh.voice).toBe('cmn');
    expect(zhHant.voice).toBe('cmn');
    expect(en.voice).toBe('en-us');
    expect(enElderly.rateWpm).toBe(DEFAULT_SPEECH_SETTINGS.elderlyRateWpm);
    expect(enElderly.durationMs).toBeGreaterThan(en.durationMs * 1.1);
  });

  it('refuses empty text and text over the limit, counting characters, not bytes', async () => {
    const speech = renderer({ maxTextChars: 10 });
    expect((await rejection(speech.render({ text: '  \n ', locale: 'en' }))).code).toBe('INVALID_PARAMS');
    expect((await rejection(speech.render({ text: '一二三四五六七八九十一', locale: 'zh-Hans' }))).code).toBe(
      'SPEECH_TEXT_TOO_LONG',
    );
    // Ten Chinese characters are 30 bytes of UTF-8 and still within a 10-character limit.
    expect(speakableText('一二三四五六七八九十', 10)).toBe('一二三四五六七八九十');
    expect(speakableText('a\u0000b\nc', 10)).toBe('ab c');
  });

  it('reports a missing espeak-ng as SPEECH_UNAVAILABLE naming the fix', async () => {
    const error = await rejection(
      renderer({ espeakPath: join(dir, 'no-espeak') }).render({ text: 'Hello', locale: 'en' }),
    );
    expect(error.code).toBe('SPEECH_UNAVAILABLE');
    expect(error.message).toContain('apt-get install espeak-ng');
  });

  it('serves a repeat from the cache and keeps the cache within its bound', async () => {
    const cacheDir = join(dir, 'bounded-cache');
    const speech = renderer({ cacheDir }, 1_000_000);
    const first = await speech.render({ text: 'First disclosure.', locale: 'en' });
    const again = await speech.render({ text: 'First disclosure.', locale: 'en' });
    expect(Buffer.from(again.opus).equals(Buffer.from(first.opus))).toBe(true);
    expect((await readdir(cacheDir)).filter((name) => name.endsWith('.ogg'))).toHaveLength(1);

    // A bound that holds the first entry but not two keeps only the newest.
    const small = renderer({ cacheDir }, first.opus.byteLength + 200);
    await small.render({ text: 'Second.', locale: 'en' });
    const kept = (await readdir(cacheDir)).filter((name) => name.endsWith('.ogg'));
    expect(kept).toHaveLength(1);
    expect(kept[0]).toBe(
      `${RenderCache.keyOf({ engine: first.engine, voice: 'en-us', rateWpm: first.rateWpm, text: 'Second.' })}.ogg`,
    );
  });
});

describe('bank recordings directory', () => {
  const recordings = (): DirectoryAudioSource =>
    new DirectoryAudioSource({
      settings: settings({ maxRecordingBytes: 2_000_000 }),
      tools,
      limiter: new ConcurrencyLimiter(1),
    });

  beforeAll(async () => {
    const root = join(dir, 'recordings');
    await mkdir(join(root, 'sub'), { recursive: true });
    const tone = (file: string, extra: string[] = []): Promise<unknown> =>
      runProcess('ffmpeg', [
        '-hide_banner',
        '-nostdin',
        '-loglevel',
        'error',
        '-f',
        'lavfi',
        '-i',
        'sine=frequency=440:duration=2',
        ...extra,
        '-y',
        file,
      ]);
    await tone(join(root, 'risk-notice.wav'));
    await tone(join(root, 'sub', 'nested.wav'));
    await tone(join(root, 'long.wav'), ['-t', '2']);
    await runProcess('ffmpeg', [
      '-hide_banner',
      '-loglevel',
      'error',
      '-f',
      'lavfi',
      '-i',
      'testsrc=size=64x48:duration=1',
      '-f',
      'lavfi',
      '-i',
      'sine=duration=1',
      '-shortest',
      '-y',
      join(root, 'with-video.webm'),
    ]);
    await writeFile(join(root, 'notes.txt'), 'not audio at all');
    await writeFile(join(dir, 'outside.wav'), 'x');
    await tone(join(dir, 'outside-real.wav'));
    await symlink(join(dir, 'outside-real.wav'), join(root, 'escape.wav'));
    await writeFile(join(root, 'huge.wav'), Buffer.alloc(2_000_001));
  });

  it('plays a file of the directory, converted to Ogg Opus', async () => {
    const audio = await recordings().open('risk-notice.wav');
    expect(audio.name).toBe('risk-notice.wav');
    expect(isOgg(audio.opus)).toBe(true);
    expect(audio.durationMs).toBeGreaterThan(1800);
    expect(audio.durationMs).toBeLessThan(2300);
  });

  it.each([
    ['a parent path', '../outside.wav'],
    ['a sub-folder', 'sub/nested.wav'],
    ['an absolute path', join(dir, 'outside-real.wav')],
    ['a hidden name', '.hidden.wav'],
    ['a link leading outside', 'escape.wav'],
    ['a missing file', 'nothing-here.wav'],
    ['a folder', 'sub'],
    ['a text file', 'notes.txt'],
    ['a file with video', 'with-video.webm'],
    ['a file over the size bound', 'huge.wav'],
  ])('refuses %s with SPEECH_AUDIO_REFUSED', async (_case, name) => {
    expect((await rejection(recordings().open(name))).code).toBe('SPEECH_AUDIO_REFUSED');
  });

  it('refuses audio longer than the limit', async () => {
    const source = new DirectoryAudioSource({
      settings: settings({ maxAudioS: 1 }),
      tools,
      limiter: new ConcurrencyLimiter(1),
    });
    expect((await rejection(source.open('long.wav'))).code).toBe('SPEECH_AUDIO_REFUSED');
  });

  it('is unavailable without a configured directory', async () => {
    const source = new DirectoryAudioSource({
      settings: settings({ recordingsDir: undefined }),
      tools,
      limiter: new ConcurrencyLimiter(1),
    });
    expect((await rejection(source.open('risk-notice.wav'))).code).toBe('SPEECH_UNAVAILABLE');
  });
});

describe('voice confirmation', () => {
  it('matches a transcript against the accepted answers, ignoring punctuation, width and case', () => {
    expect(matchAnswer('嗯，是的，我确认。', ['我确认', '是的'])).toBe('我确认');
    expect(matchAnswer('ＹＥＳ, I confirm!', ['i confirm'])).toBe('i confirm');
    expect(matchAnswer('我不确定', ['我确认'])).toBeUndefined();
    expect(matchAnswer('anything', ['', '  '])).toBeUndefined();
  });

  it('the fixture verifier answers from the transcript given with each audio, and refuses other audio', async () => {
    const yes = new Uint8Array([1, 2, 3]);
    const no = new Uint8Array([4, 5, 6]);
    const verifier = new FixtureSpeechVerifier([
      { audio: yes, transcript: '是的，我已了解产品风险' },
      { audio: no, transcript: '我还要再想想' },
    ]);
    const base = { mediaType: 'audio/ogg', locale: 'zh-Hans', accepted: ['了解', '确认'] } as const;
    expect(await verifier.verify({ ...base, audio: yes })).toEqual({
      matched: true,
      answer: '了解',
      transcript: '是的，我已了解产品风险',
      engine: 'fixture',
    });
    expect(await verifier.verify({ ...base, audio: no })).toMatchObject({ matched: false, transcript: '我还要再想想' });
    expect((await rejection(verifier.verify({ ...base, audio: new Uint8Array([9]) }))).code).toBe('SPEECH_UNAVAILABLE');
  });
});

describe('the server’s member of the room', () => {
  it('is never given a join token', async () => {
    const tokens = new TokenService({ secret: new Secret('s'.repeat(40)), issuer: 'aircounter' });
    const refused = await rejection(
      tokens.issueJoinToken({
        sessionId: 's-1',
        peerId: SPEECH_PEER_ID,
        role: 'customer',
        displayName: 'Mallory',
        ttlSeconds: 60,
      }),
    );
    expect(refused.code).toBe('INVALID_PARAMS');
  });
});

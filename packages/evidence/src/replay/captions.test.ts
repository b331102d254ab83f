import { describe, expect, it } from 'vitest';
import { journeyCaptions, toWebVtt } from './captions.ts';
import type { JourneyChapter, ReplayJourney } from './journey-chapters.ts';

const texts = (title: string, text?: string) => ({
  'zh-Hans': { title: `${title}（中）`, text: text === undefined ? undefined : `${text}（中）` },
  en: { title, text },
});

function chapter(stepId: string, atMs: number | null, endMs: number | null, text?: string): JourneyChapter {
  return {
    seq: atMs ?? 0,
    entryType: 'journey.step.started',
    stepId,
    index: 0,
    kind: 'disclosure',
    status: endMs === null ? 'started' : 'completed',
    attempt: 1,
    mediaTimeMs: atMs,
    atMs: atMs ?? 0,
    endMs,
    textSha256: undefined,
    outcome: undefined,
    texts: texts(stepId, text),
  };
}

function journey(chapters: JourneyChapter[], locale = 'zh-Hans'): ReplayJourney {
  return {
    journeyId: 'wealth-sale',
    version: 1,
    definitionSha256: undefined,
    locale,
    definitionFile: undefined,
    stepCount: chapters.length,
    chapters,
    ended: undefined,
  };
}

describe('journeyCaptions', () => {
  it('captions each recorded step with its title and text, in the journey’s locale, while it was open', () => {
    const cues = journeyCaptions(
      journey([
        chapter('consent', null, null, 'We record.'),
        chapter('risks', 2000, 9500, 'Not a deposit.'),
        chapter('ask', 10_000, null, 'Do you understand?'),
      ]),
      { endOfMediaMs: 14_000 },
    );
    expect(cues).toEqual([
      { startMs: 2000, endMs: 9500, text: 'risks（中）\nNot a deposit.（中）' },
      { startMs: 10_000, endMs: 14_000, text: 'ask（中）\nDo you understand?（中）' },
    ]);
  });

  it('ends an open step at the next step, and can be asked for another locale', () => {
    const cues = journeyCaptions(journey([chapter('a', 1000, null, 'One.'), chapter('b', 4000, 5000)]), {
      locale: 'en',
    });
    expect(cues).toEqual([
      { startMs: 1000, endMs: 4000, text: 'a\nOne.' },
      { startMs: 4000, endMs: 5000, text: 'b' },
    ]);
  });
});

describe('toWebVtt', () => {
  const cues = [
    { startMs: 2000, endMs: 9500, text: 'Risks\nA < B & C > D\n\nno blank lines' },
    { startMs: 3_723_004, endMs: 3_724_000, text: 'an hour in' },
  ];

  it('writes a WebVTT file with escaped cue text and HH:MM:SS.mmm times', () => {
    expect(toWebVtt(cues)).toBe(
      'WEBVTT\n\n00:00:02.000 --> 00:00:09.500\nRisks\nA &lt; B &amp; C &gt; D\nno blank lines\n\n' +
        '01:02:03.004 --> 01:02:04.000\nan hour in\n',
    );
  });

  it('shifts the cues for a media element that starts later, dropping what ended before it', () => {
    const vtt = toWebVtt(cues, 5000);
    expect(vtt.startsWith('WEBVTT\n\n00:00:00.000 --> 00:00:04.500\n')).toBe(true);
    expect(toWebVtt(cues, 3_800_000)).toBe('WEBVTT\n');
  });
});

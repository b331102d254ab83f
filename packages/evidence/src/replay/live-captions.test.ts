import { describe, expect, it } from 'vitest';
import { journeyCaptions } from './captions.ts';
import type { JourneyChapter } from './journey-chapters.ts';
import { LiveCaptions } from './live-captions.ts';

function clock(start = 1000): { now: () => number; advance: (ms: number) => void } {
  let time = start;
  return { now: () => time, advance: (ms) => (time += ms) };
}

const opened = (stepId: string, title: string, text: string, lang = 'zh-Hans', attempt = 1) =>
  ({ type: 'step-opened', stepId, attempt, title, text, lang }) as const;

describe('LiveCaptions', () => {
  it('captions an opened step with its title and text in its language until it closes', () => {
    const time = clock();
    const captions = new LiveCaptions({ now: time.now });
    expect(captions.apply(opened('risks', '风险揭示', '本产品不是存款。'))).toBe(true);
    expect(captions.current).toEqual([
      {
        id: 1,
        slot: 'step',
        subject: 'risks#1',
        startMs: 1000,
        text: '风险揭示\n本产品不是存款。',
        lang: 'zh-Hans',
      },
    ]);
    time.advance(7500);
    expect(captions.apply({ type: 'step-closed', stepId: 'risks' })).toBe(true);
    expect(captions.current).toEqual([]);
    expect(captions.history).toEqual([
      { startMs: 1000, endMs: 8500, text: '风险揭示\n本产品不是存款。', lang: 'zh-Hans' },
    ]);
  });

  it('changes nothing when the same text is reported again, so a view announces it once', () => {
    const captions = new LiveCaptions({ now: clock().now });
    captions.apply(opened('risks', 'Risks', 'Not a deposit.', 'en'));
    expect(captions.apply(opened('risks', 'Risks', 'Not a deposit.', 'en'))).toBe(false);
    expect(captions.current.map((cue) => cue.id)).toEqual([1]);
    expect(captions.apply({ type: 'step-closed', stepId: 'other' })).toBe(false);
  });

  it('shows one step at a time: the next step (or a new attempt) ends the caption before it', () => {
    const time = clock();
    const captions = new LiveCaptions({ now: time.now });
    captions.apply(opened('a', 'A', 'One.'));
    time.advance(2000);
    captions.apply(opened('b', 'B', 'Two.'));
    time.advance(1000);
    captions.apply(opened('b', 'B', 'Two.', 'zh-Hans', 2));
    expect(captions.current).toHaveLength(1);
    expect(captions.current[0]).toMatchObject({ id: 3, subject: 'b#2', startMs: 4000 });
    expect(captions.history.map((cue) => [cue.text, cue.startMs, cue.endMs])).toEqual([
      ['A\nOne.', 1000, 3000],
      ['B\nTwo.', 3000, 4000],
    ]);
  });

  it('keeps an instruction beside the step, replaces it per source and clears it', () => {
    const time = clock();
    const captions = new LiveCaptions({ now: time.now });
    captions.apply({ type: 'instruction', source: 'liveness', text: 'Blink', lang: 'en', atMs: 500 });
    captions.apply(opened('identity', 'Identity check', '', 'en'));
    expect(captions.current.map((cue) => [cue.slot, cue.text])).toEqual([
      ['step', 'Identity check'],
      ['instruction:liveness', 'Blink'],
    ]);
    captions.apply({ type: 'instruction', source: 'liveness', text: 'Turn your head left', lang: 'en' });
    expect(captions.current.map((cue) => cue.text)).toEqual(['Identity check', 'Turn your head left']);
    expect(captions.apply({ type: 'instruction-cleared', source: 'liveness' })).toBe(true);
    expect(captions.current.map((cue) => cue.text)).toEqual(['Identity check']);
    expect(captions.history.map((cue) => cue.text)).toEqual(['Blink', 'Turn your head left']);
  });

  it('uses the replay captions’ text rules: empty parts left out, lines trimmed, no blank line', () => {
    const captions = new LiveCaptions({ now: clock().now });
    expect(captions.apply(opened('empty', '', '  \n ', 'en'))).toBe(false);
    captions.apply(opened('notice', '  Notice ', 'Line one\n\n  line two ', 'en'));
    expect(captions.current[0]?.text).toBe('Notice\nLine one\nline two');
  });

  it('reads like the replay’s cue of the same step', () => {
    const chapter: JourneyChapter = {
      seq: 1,
      entryType: 'journey.step.started',
      stepId: 'risks',
      index: 1,
      kind: 'disclosure',
      status: 'completed',
      attempt: 1,
      mediaTimeMs: 0,
      atMs: 0,
      endMs: 5000,
      textSha256: undefined,
      outcome: undefined,
      texts: { en: { title: 'Risks', text: 'Not a deposit.' } },
    };
    const [replayed] = journeyCaptions({
      journeyId: 'j',
      version: 1,
      definitionSha256: undefined,
      locale: 'en',
      definitionFile: undefined,
      stepCount: 1,
      chapters: [chapter],
      ended: undefined,
    });
    const captions = new LiveCaptions({ now: clock().now });
    captions.apply(opened('risks', 'Risks', 'Not a deposit.', 'en'));
    expect(captions.current[0]?.text).toBe(replayed?.text);
  });

  it('ends every caption on clear and keeps at most historyLimit ended cues', () => {
    const time = clock();
    const captions = new LiveCaptions({ now: time.now, historyLimit: 2 });
    for (const id of ['a', 'b', 'c']) {
      captions.apply(opened(id, id, ''));
      time.advance(100);
    }
    captions.apply({ type: 'instruction', source: 'liveness', text: 'Smile', lang: 'en' });
    expect(captions.clear()).toBe(true);
    expect(captions.current).toEqual([]);
    expect(captions.history.map((cue) => cue.text)).toEqual(['c', 'Smile']);
    expect(captions.clear()).toBe(false);
  });
});

import { describe, expect, it } from 'vitest';
import type { JsonObject } from '../format.ts';
import { chapterText, definitionTexts, journeyDefinitionFile, journeyOf } from './journey-chapters.ts';
import type { LooseEntry } from './replay-model.ts';

const SHA = 'a'.repeat(64);
let seq = 0;
function entry(type: string, data: JsonObject, mediaTimeMs: number | null = null): LooseEntry {
  seq += 1;
  return { seq, time: '2026-03-01T09:00:00.000Z', type, data, mediaTimeMs };
}
const bytes = (value: unknown): Uint8Array => new TextEncoder().encode(JSON.stringify(value));

const text = (en: string, hans: string, hant: string) => ({ en, 'zh-Hans': hans, 'zh-Hant': hant });
/** A valid journey definition (three steps), as the `journey-definition` artifact holds it. */
const DEFINITION = {
  id: 'wealth-sale',
  version: 2,
  title: text('Wealth sale', '理财销售', '理財銷售'),
  steps: [
    {
      id: 'consent',
      kind: 'consent',
      title: text('Consent', '同意录制', '同意錄製'),
      text: text('We record.', '我们将录音录像。', '我們將錄音錄影。'),
      textVersion: 'v1',
    },
    {
      id: 'disclose',
      kind: 'disclosure',
      title: text('Risks', '风险提示', '風險提示'),
      text: text('Not a deposit.', '本产品不是存款。', '本產品不是存款。'),
    },
    { id: 'ask', kind: 'identity', title: text('Identity', '身份核验', '身份核驗') },
  ],
};

describe('journeyOf', () => {
  it('is undefined for a session without a journey', () => {
    expect(journeyOf([entry('peer.joined', { peerId: 'c1' })])).toBeUndefined();
  });

  it('makes one chapter per attempt, marks interruptions and skips, and reads the end', () => {
    const log = [
      entry('journey.started', {
        journeyId: 'wealth-sale',
        version: 2,
        definitionSha256: SHA,
        stepCount: 3,
        locale: 'zh-Hant',
      }),
      entry('journey.step.started', { stepId: 'consent', index: 0, kind: 'consent' }, null),
      entry(
        'journey.step.completed',
        { stepId: 'consent', index: 0, kind: 'consent', by: 'customer', confirmation: 'tap' },
        null,
      ),
      entry('journey.step.started', { stepId: 'disclose', index: 1, kind: 'disclosure', textSha256: SHA }, 1000),
      entry('journey.step.interrupted', { stepId: 'disclose', index: 1, reason: 'recording-gap' }, 1800),
      entry('journey.step.unknown-future-type', { stepId: 'disclose' }, 1900),
      entry('journey.step.started', { stepId: 'disclose', index: 1, kind: 'disclosure' }, 2000),
      entry('journey.step.completed', { stepId: 'disclose', index: 1, kind: 'disclosure', by: 'customer' }, 3000),
      entry('journey.step.skipped', { stepId: 'ask', index: 2, by: 'agent', reason: 'optional' }, 3100),
      entry('journey.ended', { complete: false, missing: ['ask'], interrupted: [] }, 3200),
    ];
    const journey = journeyOf(log, bytes(DEFINITION));
    expect(journey?.journeyId).toBe('wealth-sale');
    expect(journey?.stepCount).toBe(3);
    expect(journey?.locale).toBe('zh-Hant');
    expect(journey?.definitionFile).toBe(`journey-definition-${SHA}.json`);
    expect(journey?.ended).toEqual({ complete: false, missing: ['ask'], interrupted: [] });
    expect(
      journey?.chapters.map(({ stepId, status, attempt, atMs, endMs }) => ({ stepId, status, attempt, atMs, endMs })),
    ).toEqual([
      { stepId: 'consent', status: 'completed', attempt: 1, atMs: 0, endMs: null },
      { stepId: 'disclose', status: 'interrupted', attempt: 1, atMs: 1000, endMs: 1800 },
      { stepId: 'disclose', status: 'completed', attempt: 2, atMs: 2000, endMs: 3000 },
      { stepId: 'ask', status: 'skipped', attempt: 1, atMs: 3100, endMs: 3100 },
    ]);
    expect(journey?.chapters.map((chapter) => chapter.entryType)).toEqual([
      'journey.step.started',
      'journey.step.started',
      'journey.step.started',
      'journey.step.skipped',
    ]);
    expect(journey?.chapters[0]?.outcome?.['confirmation']).toBe('tap');
    expect(journey?.chapters[1]?.textSha256).toBe(SHA);
    expect(journey?.chapters[1]?.texts['en']).toEqual({ title: 'Risks', text: 'Not a deposit.' });
  });

  it('keeps a step that never ended as started, and works without the definition', () => {
    const journey = journeyOf([
      entry('journey.started', { journeyId: 'j', version: '1', definitionSha256: SHA, stepCount: 1 }),
      entry('journey.step.started', { stepId: 'consent', index: 0, kind: 'consent' }, 10),
      entry('journey.step.completed', { index: 0 }, 20),
    ]);
    expect(journey?.chapters.map((chapter) => chapter.status)).toEqual(['started']);
    expect(journey?.chapters[0]?.texts).toEqual({});
    expect(journey?.definitionFile).toBeUndefined();
    expect(journey?.ended).toBeUndefined();
  });

  it('joins a nod the server verified to the chapter it completed, and only that one', () => {
    const verdict = { verification: 'v-nod-0001', stepId: 'disclose', confirmation: 'nod', passed: true, reasons: [] };
    const journey = journeyOf([
      entry('journey.started', { journeyId: 'j', version: 1, definitionSha256: SHA, stepCount: 2 }),
      entry('journey.step.started', { stepId: 'consent', index: 0, kind: 'consent' }, 10),
      entry('journey.step.completed', { stepId: 'consent', index: 0, confirmation: 'tap' }, 20),
      entry('journey.step.started', { stepId: 'disclose', index: 1, kind: 'disclosure' }, 30),
      entry('journey.confirmation.verified', { ...verdict, verification: 'v-nod-refused', passed: false }, 35),
      entry('journey.confirmation.verified', verdict, 38),
      entry(
        'journey.step.completed',
        { stepId: 'disclose', index: 1, confirmation: 'nod', verification: 'v-nod-0001' },
        40,
      ),
    ]);
    expect(journey?.chapters[0]?.verified).toBeUndefined();
    expect(journey?.chapters[1]?.verified).toEqual(verdict);
  });
});

describe('definition texts', () => {
  it('reads every step title and text per locale, and nothing from what is not a journey definition', () => {
    const texts = definitionTexts(bytes(DEFINITION));
    expect(texts.get('consent')?.['zh-Hans']).toEqual({ title: '同意录制', text: '我们将录音录像。' });
    expect(texts.get('disclose')?.en).toEqual({ title: 'Risks', text: 'Not a deposit.' });
    expect(texts.get('ask')?.['zh-Hant']).toEqual({ title: '身份核驗', text: undefined });
    expect(definitionTexts(new TextEncoder().encode('{not json')).size).toBe(0);
    expect(definitionTexts(bytes({ steps: [{ kind: 'notice' }, 'x'] })).size).toBe(0);
    expect(definitionTexts(bytes({ ...DEFINITION, steps: [{ ...DEFINITION.steps[0], title: 'Consent' }] })).size).toBe(
      0,
    );
  });

  it('picks the locale, then the same language, then the plain text, then any', () => {
    const texts = {
      en: { title: 'Consent', text: undefined },
      'zh-Hans': { title: '同意', text: undefined },
      '*': { title: 'Plain', text: undefined },
    };
    expect(chapterText({ texts }, 'zh-Hans')?.title).toBe('同意');
    expect(chapterText({ texts }, 'en-GB')?.title).toBe('Consent');
    expect(chapterText({ texts }, 'zh-Hant')?.title).toBe('Plain');
    expect(chapterText({ texts: { en: { title: 'Only', text: undefined } } }, 'zh-Hant')?.title).toBe('Only');
    expect(chapterText({ texts: {} }, 'en')).toBeUndefined();
  });

  it('names the definition file only for a well-formed hash', () => {
    expect(journeyDefinitionFile([entry('journey.started', { definitionSha256: SHA })])).toBe(
      `journey-definition-${SHA}.json`,
    );
    expect(journeyDefinitionFile([entry('journey.started', { definitionSha256: '../x' })])).toBeUndefined();
  });
});

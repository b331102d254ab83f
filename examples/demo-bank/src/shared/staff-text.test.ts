import { describe, expect, it } from 'vitest';
import { AGENT_TEXT } from './agent-text.ts';
import { COMPLIANCE_TEXT } from './compliance-text.ts';
import { fill } from './fill-text.ts';
import { HOME_TEXT } from './home-text.ts';
import { JOURNEY_TEXT } from './journey-text.ts';
import { LANGUAGES } from './page-settings.ts';
import { SUPERVISOR_TEXT } from './supervisor-text.ts';

// The staff pages' texts: every language words every key (the types demand
// the keys; this checks none is left empty or in English), and placeholders
// are the same in every language, so a value is never lost in translation.

const placeholders = (text: string): string[] => [...text.matchAll(/\{(\w+)\}/g)].map((match) => match[1] ?? '').sort();

describe.each([
  ['agent console', AGENT_TEXT],
  ['compliance portal', COMPLIANCE_TEXT],
  ['journey', JOURNEY_TEXT],
  ['home page', HOME_TEXT],
  ['authorization desk', SUPERVISOR_TEXT],
] as const)('%s texts', (_page, table) => {
  it.each(LANGUAGES.filter((language) => language !== 'en'))(
    '%s words every key with the same placeholders',
    (language) => {
      for (const [key, english] of Object.entries(table.en)) {
        const text = (table[language] as Readonly<Record<string, string>>)[key] ?? '';
        expect(text, key).not.toBe('');
        // Chinese texts are in Chinese (a product name or code may stay).
        expect(/[\u4e00-\u9fff]/.test(text), `${language} ${key}`).toBe(true);
        expect(placeholders(text), `${language} ${key}`).toEqual(placeholders(english));
      }
    },
  );
});

describe('fill', () => {
  it('fills the placeholders it has values for and leaves the others', () => {
    expect(fill('Session {id}: {problems}.', { id: 's1' })).toBe('Session s1: {problems}.');
    expect(fill('（距离 {distance}，阈值 {threshold}）', { distance: '0.412', threshold: 0.6 })).toBe(
      '（距离 0.412，阈值 0.6）',
    );
  });
});

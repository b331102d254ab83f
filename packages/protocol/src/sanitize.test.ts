import { describe, expect, it } from 'vitest';
import * as v from 'valibot';
import { MAX_DISPLAY_NAME_LENGTH } from './limits.ts';
import { sanitizeText } from './sanitize.ts';
import { DisplayName, FreeText } from './schemas/common.ts';

// input → what other participants and the evidence see
const TABLE: readonly (readonly [string, string, string])[] = [
  ['plain name', 'Ann Lee', 'Ann Lee'],
  ['CJK name', '陳大文', '陳大文'],
  ['decomposed é becomes NFC', 'Rene\u0301', 'Ren\u00e9'],
  ['NUL', 'Ann\u0000Lee', 'AnnLee'],
  ['ANSI colour sequence', '\u001b[31mAgent\u001b[0m', 'Agent'],
  ['ANSI cursor movement', 'a\u001b[2Jb\u001b[10;20Hc', 'abc'],
  ['bare ESC', 'a\u001bcb', 'ab'],
  ['C1 CSI', 'x\u009b31my', 'xy'],
  ['C1 control', 'a\u0085b\u0090c', 'a bc'],
  ['DEL', 'a\u007fb', 'ab'],
  ['CR/LF inject a fake log line', 'Ann\r\nagent: approved', 'Ann agent: approved'],
  ['tab and runs of spaces', '  Ann \t\t Lee  ', 'Ann Lee'],
  ['line and paragraph separators', 'a\u2028b\u2029c', 'a b c'],
  ['right-to-left override', 'Agent \u202egnp.exe', 'Agent gnp.exe'],
  ['all embeddings/overrides', '\u202aa\u202bb\u202cc\u202dd\u202ee', 'abcde'],
  ['isolates', '\u2066a\u2067b\u2068c\u2069', 'abc'],
  ['directional marks', '\u200eA\u200fB\u061cC', 'ABC'],
  ['lone high surrogate', 'a\ud800b', 'a\ufffdb'],
  ['lone low surrogate', 'a\udc00b', 'a\ufffdb'],
  ['a real surrogate pair stays', 'Ann 😀', 'Ann 😀'],
  ['only controls', '\u0000\u001b\u202e', ''],
];

describe('sanitizeText', () => {
  it.each(TABLE)('%s', (_name, input, expected) => {
    expect(sanitizeText(input)).toBe(expected);
  });

  it('is idempotent', () => {
    for (const [, input] of TABLE) expect(sanitizeText(sanitizeText(input))).toBe(sanitizeText(input));
  });
});

describe('DisplayName and FreeText schemas', () => {
  it('sanitize what they accept', () => {
    expect(v.parse(DisplayName, '\u202eAnn\u0000 Lee\r\n')).toBe('Ann Lee');
    expect(v.parse(FreeText(64), 'button:\u001b[1maccept')).toBe('button:accept');
  });

  it('limit the length, before and after sanitizing', () => {
    expect(v.safeParse(DisplayName, 'x'.repeat(MAX_DISPLAY_NAME_LENGTH)).success).toBe(true);
    expect(v.safeParse(DisplayName, 'x'.repeat(MAX_DISPLAY_NAME_LENGTH + 1)).success).toBe(false);
    expect(v.safeParse(FreeText(4), 'abcde').success).toBe(false);
    // Whatever is stripped does not count against the limit it leaves.
    expect(v.parse(FreeText(4), '\u202eabcd')).toBe('abcd');
  });

  it('refuses a non-empty field that sanitizes to nothing when it must not be empty', () => {
    expect(v.safeParse(FreeText(64, { minLength: 1 }), '\u0000\u202e').success).toBe(false);
  });
});

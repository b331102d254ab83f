import { describe, expect, it } from 'vitest';
import { canonicalJson, CanonicalJsonError } from './canonical-json.ts';

describe('canonicalJson', () => {
  it.each([
    ['null', null, 'null'],
    ['booleans', [true, false], '[true,false]'],
    ['no whitespace, nested', { a: [1, { b: 'x' }] }, '{"a":[1,{"b":"x"}]}'],
    ['sorted keys', { b: 1, a: 2, aa: 3, A: 4 }, '{"A":4,"a":2,"aa":3,"b":1}'],
    [
      'numbers in shortest form (RFC 8785 §3.2.2.3)',
      [4.5, 0.002, 1e30, 1e-7, -0, 333333333.3333333],
      '[4.5,0.002,1e+30,1e-7,0,333333333.3333333]',
    ],
    ['string escapes', ['\u0000\n"\\/\u001f', '€'], '["\\u0000\\n\\"\\\\/\\u001f","€"]'],
    ['undefined members are left out', { a: undefined, b: 1 }, '{"b":1}'],
  ])('%s', (_name, value, expected) => {
    expect(canonicalJson(value)).toBe(expected);
  });

  it('sorts keys by UTF-16 code units (RFC 8785 §3.2.3 example)', () => {
    const value = {
      '\u20ac': 'Euro Sign',
      '\r': 'Carriage Return',
      '\ufb33': 'Hebrew Letter Dalet With Dagesh',
      '1': 'One',
      '\ud83d\ude00': 'Emoji: Grinning Face',
      '\u0080': 'Control',
      '\u00f6': 'Latin Small Letter O With Diaeresis',
    };
    // Compared on the text: Object.keys would list the integer-like key "1" first.
    const order = ['\r', '1', '\u0080', '\u00f6', '\u20ac', '\ud83d\ude00', '\ufb33'].map((key) => JSON.stringify(key));
    const text = canonicalJson(value);
    const positions = order.map((key) => text.indexOf(`${key}:`));
    expect(positions.every((position) => position > 0)).toBe(true);
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);
  });

  it('is stable under a parse round trip', () => {
    const value = { z: [{ y: 1.25, x: null }], a: 'ü', m: { k: true } };
    const once = canonicalJson(value);
    expect(canonicalJson(JSON.parse(once))).toBe(once);
  });

  it.each([
    ['NaN', Number.NaN],
    ['Infinity', Number.POSITIVE_INFINITY],
    ['bigint', 1n],
    ['undefined in an array', [undefined]],
    ['a Date (not a plain object)', new Date(0)],
    ['a function', () => 1],
  ])('refuses %s', (_name, value) => {
    expect(() => canonicalJson(value)).toThrow(CanonicalJsonError);
  });
});

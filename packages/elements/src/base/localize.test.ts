import { expect } from 'chai';
import '../../test/utils/dom.ts';
import en from '../translations/en.ts';
import zhHans from '../translations/zh-Hans.ts';
import zhHant from '../translations/zh-Hant.ts';
import { loadTranslation, normalizeLocale } from './localize.ts';

describe('normalizeLocale', () => {
  const cases: [string | undefined, string][] = [
    ['en', 'en'],
    ['en-US', 'en'],
    ['fr', 'en'],
    [undefined, 'en'],
    ['', 'en'],
    ['zh', 'zh-Hans'],
    ['zh-CN', 'zh-Hans'],
    ['zh-SG', 'zh-Hans'],
    ['zh-Hans-HK', 'zh-Hans'],
    ['zh-Hant', 'zh-Hant'],
    ['zh-TW', 'zh-Hant'],
    ['zh-HK', 'zh-Hant'],
    ['zh-MO', 'zh-Hant'],
    ['ZH-hant-tw', 'zh-Hant'],
    ['zhx', 'en'],
  ];
  for (const [tag, locale] of cases) {
    it(`${String(tag)} → ${locale}`, () => expect(normalizeLocale(tag)).to.equal(locale));
  }
});

describe('translations', () => {
  it('load on demand and are complete (same keys, no empty string)', async () => {
    expect(await loadTranslation('zh-Hans')).to.equal(zhHans);
    expect(await loadTranslation('zh-Hant')).to.equal(zhHant);
    const keys = Object.keys(en).sort();
    for (const translation of [zhHans, zhHant]) {
      expect(Object.keys(translation).sort()).to.deep.equal(keys);
      for (const value of Object.values(translation)) expect(value).to.not.equal('');
    }
  });

  it('keep every placeholder of the English string', () => {
    const placeholders = (text: string): string[] => (text.match(/\{\w+\}/g) ?? []).sort();
    for (const [key, text] of Object.entries(en)) {
      for (const translation of [zhHans, zhHant] as Record<string, string>[]) {
        expect(placeholders(translation[key] ?? ''), key).to.deep.equal(placeholders(text));
      }
    }
  });
});

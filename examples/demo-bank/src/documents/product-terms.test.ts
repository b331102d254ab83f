import { PDFDocument } from 'pdf-lib';
import { describe, expect, it } from 'vitest';
import { LANGUAGES } from '../shared/page-settings.ts';
import { makeProductTerms } from './product-terms.ts';
import { PRODUCT_TERMS_TEXT } from './product-terms-text.ts';

// The product terms the demo's 双录 script shows, as the server receives them
// (read-only: the upload names no signature field).

describe('the demo product terms', () => {
  it.each(LANGUAGES)('are a small two-page PDF in %s, titled in its language', async (language) => {
    const terms = await makeProductTerms(language);
    const pdf = await PDFDocument.load(terms.bytes);
    expect(pdf.getPageCount()).toBe(2);
    expect(pdf.getTitle()).toBe(PRODUCT_TERMS_TEXT[language].title);
    expect(terms.title).toBe(PRODUCT_TERMS_TEXT[language].title);
    // Small: the Chinese fonts are the readers' own, not embedded.
    expect(terms.bytes.length).toBeLessThan(20_000);
  });

  it('are the same bytes on every run, so the script can name them by SHA-256', async () => {
    const [first, second] = await Promise.all([makeProductTerms('zh-Hant'), makeProductTerms('zh-Hant')]);
    expect(Buffer.from(first.bytes).equals(Buffer.from(second.bytes))).toBe(true);
    const raw = Buffer.from(first.bytes).toString('latin1');
    expect(raw).toContain('/MSung-Light');
    expect(raw).toContain('/UniCNS-UCS2-H');
  });
});

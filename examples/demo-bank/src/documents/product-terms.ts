import type { Language } from '../shared/page-settings.ts';
import {
  A4,
  drawParagraph,
  drawParagraphs,
  drawReferenceAndFacts,
  finishDemoPdf,
  MARGIN,
  startTwoPageDemoPdf,
} from './pdf-writer.ts';
import { PRODUCT_TERMS_TEXT } from './product-terms-text.ts';

export interface ProductTerms {
  readonly title: string;
  readonly bytes: Uint8Array;
}

/**
 * The product terms (产品说明书) of the fund the demo's 双录 script sells: two
 * pages in one of the demo's languages, to be read, not signed (no signature
 * field). The bytes depend on the text alone, so the script names each
 * language's file by its SHA-256 (journeys/wealth-sale.ts).
 */
export async function makeProductTerms(language: Language): Promise<ProductTerms> {
  const text = PRODUCT_TERMS_TEXT[language];
  const pdf = await startTwoPageDemoPdf(language, text.title);
  const { writer, first, second } = pdf;

  let y = A4[1] - MARGIN;
  y = drawParagraph(pdf, first, text.title, { x: MARGIN, y, size: 18, leading: 24 }) - 2;
  y = drawReferenceAndFacts(pdf, first, y, { number: text.number, demoNotice: text.demoNotice, rows: text.facts });
  y -= 18;
  writer.draw(first, text.strategyTitle, MARGIN, y, 14);
  y -= 24;
  drawParagraphs(pdf, first, text.strategy, { x: MARGIN, y, size: 11, leading: 17 }, 6);

  y = A4[1] - MARGIN;
  writer.draw(second, text.risksTitle, MARGIN, y, 16);
  y -= 32;
  y = drawParagraphs(pdf, second, text.risks, { x: MARGIN, y, size: 12, leading: 19 }, 8) - 20;
  drawParagraph(pdf, second, text.acknowledgement, { x: MARGIN, y, size: 12, leading: 19 });

  return { title: text.title, bytes: await finishDemoPdf(pdf, text.pageOf) };
}

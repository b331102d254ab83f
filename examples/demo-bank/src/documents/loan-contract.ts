import { rgb } from 'pdf-lib';
import type { Language } from '../shared/page-settings.ts';
import { LOAN_CONTRACT_TEXT } from './loan-contract-text.ts';
import { A4, drawParagraphs, drawReferenceAndFacts, finishDemoPdf, MARGIN, startTwoPageDemoPdf } from './pdf-writer.ts';

/** Where the borrower signs: page (1-based) and a rectangle in PDF points from the page's lower-left corner. */
export interface SignatureField {
  readonly page: number;
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

export interface LoanContract {
  readonly title: string;
  readonly bytes: Uint8Array;
  readonly field: SignatureField;
}

const FIELD: SignatureField = { page: 2, x: 190, y: 560, width: 260, height: 90 };

/** The demo's sample loan contract (two pages) in one of its languages, with the borrower's signature field. */
export async function makeLoanContract(language: Language): Promise<LoanContract> {
  const text = LOAN_CONTRACT_TEXT[language];
  const pdf = await startTwoPageDemoPdf(language, text.title);
  const { writer, first, second } = pdf;

  let y = A4[1] - MARGIN;
  writer.draw(first, text.title, MARGIN, y, 20);
  y -= 26;
  y = drawReferenceAndFacts(pdf, first, y, { number: text.number, demoNotice: text.demoNotice, rows: text.terms });
  y -= 14;
  drawParagraphs(pdf, first, text.clauses, { x: MARGIN, y, size: 11, leading: 17 }, 6);

  y = A4[1] - MARGIN;
  writer.draw(second, text.title, MARGIN, y, 14);
  y -= 40;
  drawParagraphs(pdf, second, text.statement, { x: MARGIN, y, size: 12, leading: 20 });
  writer.draw(second, text.signatureLabel, MARGIN, FIELD.y + FIELD.height / 2 - 6, 12);
  second.drawRectangle({
    x: FIELD.x,
    y: FIELD.y,
    width: FIELD.width,
    height: FIELD.height,
    borderColor: rgb(0.35, 0.38, 0.44),
    borderWidth: 0.8,
  });
  writer.draw(second, text.dateLabel, MARGIN, FIELD.y - 36, 11);

  return { title: text.title, bytes: await finishDemoPdf(pdf, text.pageOf), field: FIELD };
}

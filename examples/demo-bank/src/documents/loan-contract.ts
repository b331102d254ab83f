import {
  beginText,
  endText,
  moveText,
  PDFDocument,
  PDFHexString,
  PDFName,
  PDFString,
  type PDFFont,
  type PDFPage,
  type PDFRef,
  rgb,
  setFontAndSize,
  showText,
  StandardFonts,
} from 'pdf-lib';
import type { Language } from '../shared/page-settings.ts';
import { LOAN_CONTRACT_TEXT } from './loan-contract-text.ts';

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

const A4: [number, number] = [595, 842];
const MARGIN = 64;
const FIELD: SignatureField = { page: 2, x: 190, y: 560, width: 260, height: 90 };

/**
 * The Adobe CJK fonts every PDF reader knows without embedding them (as many
 * Chinese bank forms are made): text goes through the predefined UCS-2 CMap,
 * so the file stays a few kilobytes and carries no font a licence governs.
 * The half-width Latin CIDs get half an em, so figures set between Chinese
 * characters are not spaced like ideographs.
 */
const CJK_FONTS = {
  'zh-Hans': {
    name: 'STSong-Light',
    cmap: 'UniGB-UCS2-H',
    ordering: 'GB1',
    supplement: 4,
    latin: [1, 95, 7716, 7810],
  },
  'zh-Hant': {
    name: 'MSung-Light',
    cmap: 'UniCNS-UCS2-H',
    ordering: 'CNS1',
    supplement: 0,
    latin: [1, 95, 13648, 13742],
  },
} as const;

/** How the contract writes a line of text in its language. */
interface Writer {
  width(text: string, size: number): number;
  draw(page: PDFPage, text: string, x: number, y: number, size: number): void;
}

/** The demo's sample loan contract (two pages) in one of its languages, with the borrower's signature field. */
export async function makeLoanContract(language: Language): Promise<LoanContract> {
  const text = LOAN_CONTRACT_TEXT[language];
  const document = await PDFDocument.create();
  document.setTitle(text.title);
  document.setLanguage(language);
  document.setProducer('AirCounter demo bank');
  document.setCreator('AirCounter demo bank');
  const writer = language === 'en' ? await latinWriter(document) : cjkWriter(document, language);
  const pages = [document.addPage(A4), document.addPage(A4)] as const;
  const [first, second] = pages;

  let y = A4[1] - MARGIN;
  writer.draw(first, text.title, MARGIN, y, 20);
  y -= 26;
  writer.draw(first, text.number, MARGIN, y, 10);
  y -= 16;
  writer.draw(first, text.demoNotice, MARGIN, y, 10);
  y -= 32;
  for (const [label, value] of text.terms) {
    writer.draw(first, label, MARGIN, y, 12);
    writer.draw(first, value, MARGIN + 130, y, 12);
    y -= 20;
  }
  y -= 14;
  for (const clause of text.clauses) {
    for (const line of wrap(writer, clause, 11, A4[0] - 2 * MARGIN)) {
      writer.draw(first, line, MARGIN, y, 11);
      y -= 17;
    }
    y -= 6;
  }

  y = A4[1] - MARGIN;
  writer.draw(second, text.title, MARGIN, y, 14);
  y -= 40;
  for (const sentence of text.statement) {
    for (const line of wrap(writer, sentence, 12, A4[0] - 2 * MARGIN)) {
      writer.draw(second, line, MARGIN, y, 12);
      y -= 20;
    }
  }
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

  pages.forEach((page, index) => {
    const footer = text.pageOf.replace('{page}', String(index + 1)).replace('{pages}', String(pages.length));
    writer.draw(page, footer, MARGIN, 36, 9);
  });
  // No object streams: a plain cross-reference table, which every PDF tool reads and signs incrementally.
  return { title: text.title, bytes: await document.save({ useObjectStreams: false }), field: FIELD };
}

async function latinWriter(document: PDFDocument): Promise<Writer> {
  const font: PDFFont = await document.embedFont(StandardFonts.Helvetica);
  return {
    width: (line, size) => font.widthOfTextAtSize(line, size),
    draw: (page, line, x, y, size) => page.drawText(line, { x, y, size, font, color: rgb(0.1, 0.1, 0.12) }),
  };
}

function cjkWriter(document: PDFDocument, language: keyof typeof CJK_FONTS): Writer {
  const spec = CJK_FONTS[language];
  const context = document.context;
  const [latinFrom, latinTo, halfFrom, halfTo] = spec.latin;
  const descriptor: PDFRef = context.register(
    context.obj({
      Type: 'FontDescriptor',
      FontName: spec.name,
      Flags: 6,
      FontBBox: [-25, -254, 1000, 880],
      ItalicAngle: 0,
      Ascent: 880,
      Descent: -120,
      CapHeight: 880,
      StemV: 93,
    }),
  );
  const descendant = context.register(
    context.obj({
      Type: 'Font',
      Subtype: 'CIDFontType0',
      BaseFont: spec.name,
      CIDSystemInfo: {
        Registry: PDFString.of('Adobe'),
        Ordering: PDFString.of(spec.ordering),
        Supplement: spec.supplement,
      },
      FontDescriptor: descriptor,
      DW: 1000,
      W: [latinFrom, latinTo, 500, halfFrom, halfTo, 500],
    }),
  );
  const font = context.register(
    context.obj({
      Type: 'Font',
      Subtype: 'Type0',
      BaseFont: spec.name,
      Encoding: spec.cmap,
      DescendantFonts: [descendant],
    }),
  );
  const name = PDFName.of('CJK');
  return {
    width: (line, size) => [...line].reduce((sum, character) => sum + (isHalfWidth(character) ? 0.5 : 1), 0) * size,
    draw: (page, line, x, y, size) => {
      page.node.setFontDictionary(name, font);
      page.pushOperators(
        beginText(),
        setFontAndSize(name.asString().slice(1), size),
        moveText(x, y),
        showText(PDFHexString.of(ucs2Hex(line))),
        endText(),
      );
    },
  };
}

function isHalfWidth(character: string): boolean {
  return (character.codePointAt(0) ?? 0) < 0x7f;
}

/** The line as big-endian UCS-2, what the `Uni…-UCS2-H` CMaps map to glyphs (the contract's text is all in the BMP). */
function ucs2Hex(line: string): string {
  return [...line].map((character) => (character.codePointAt(0) ?? 0x3f).toString(16).padStart(4, '0')).join('');
}

/** Splits a sentence into lines no wider than `width` (at spaces in English, anywhere in Chinese). */
function wrap(writer: Writer, sentence: string, size: number, width: number): string[] {
  const lines: string[] = [];
  const cjk = /[\u3000-\u9fff\uff00-\uffef]/u.test(sentence);
  const pieces = cjk ? [...sentence] : sentence.split(' ').map((word, index) => (index === 0 ? word : ` ${word}`));
  let line = '';
  for (const piece of pieces) {
    if (line !== '' && writer.width(line + piece, size) > width) {
      lines.push(line);
      line = piece.trimStart();
    } else {
      line += piece;
    }
  }
  if (line !== '') lines.push(line);
  return lines;
}

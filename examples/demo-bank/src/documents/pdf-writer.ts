// The one module that writes the demo's PDFs (the loan contract to sign, the
// product terms to read): A4 pages, the text in the document's language, and
// reproducible bytes — the same text always gives the same file, so a journey
// definition can name a document by its SHA-256 before any session exists.
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

/** A4 in PDF points. */
export const A4: [number, number] = [595, 842];
/** Space left free at each edge, points. */
export const MARGIN = 64;
/** Width of a line of text between the margins, points. */
export const TEXT_WIDTH = A4[0] - 2 * MARGIN;

/**
 * The date written into every demo PDF as made and modified: a fixed one, as
 * pdf-lib would otherwise write the moment of each run into the file and
 * change its SHA-256.
 */
const DEMO_PDF_DATE = new Date('2026-01-01T00:00:00Z');

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

/** How a demo PDF writes a line of text in its language. */
export interface Writer {
  width(text: string, size: number): number;
  draw(page: PDFPage, text: string, x: number, y: number, size: number): void;
}

/** A demo PDF being written: the document and the writer of its language. */
export interface DemoPdf {
  readonly document: PDFDocument;
  readonly writer: Writer;
}

/** Starts a demo PDF in one of the demo's languages, with its title and metadata. */
export async function startDemoPdf(language: Language, title: string): Promise<DemoPdf> {
  const document = await PDFDocument.create();
  document.setTitle(title);
  document.setLanguage(language);
  document.setProducer('AirCounter demo bank');
  document.setCreator('AirCounter demo bank');
  document.setCreationDate(DEMO_PDF_DATE);
  document.setModificationDate(DEMO_PDF_DATE);
  const writer = language === 'en' ? await latinWriter(document) : cjkWriter(document, language);
  return { document, writer };
}

/** A demo document's two A4 pages (both demo documents have two), added to a started PDF. */
export interface TwoPageDemoPdf extends DemoPdf {
  readonly first: PDFPage;
  readonly second: PDFPage;
}

/** Starts a demo PDF of two A4 pages. */
export async function startTwoPageDemoPdf(language: Language, title: string): Promise<TwoPageDemoPdf> {
  const pdf = await startDemoPdf(language, title);
  return { ...pdf, first: pdf.document.addPage(A4), second: pdf.document.addPage(A4) };
}

/**
 * Writes the sentence from `y` down, wrapped to `width`, `leading` points a
 * line; returns where the next line would go.
 */
export function drawParagraph(
  pdf: DemoPdf,
  page: PDFPage,
  sentence: string,
  options: {
    readonly x: number;
    readonly y: number;
    readonly size: number;
    readonly leading: number;
    readonly width?: number;
  },
): number {
  let y = options.y;
  for (const line of wrap(pdf.writer, sentence, options.size, options.width ?? TEXT_WIDTH)) {
    pdf.writer.draw(page, line, options.x, y, options.size);
    y -= options.leading;
  }
  return y;
}

/**
 * Writes the paragraphs one under another from `y`, `gap` points between
 * them; returns where the next line would go (after the last gap).
 */
export function drawParagraphs(
  pdf: DemoPdf,
  page: PDFPage,
  paragraphs: readonly string[],
  options: { readonly x: number; readonly y: number; readonly size: number; readonly leading: number },
  gap = 0,
): number {
  let y = options.y;
  for (const paragraph of paragraphs) y = drawParagraph(pdf, page, paragraph, { ...options, y }) - gap;
  return y;
}

/**
 * The block under a document's title: its reference number and the demo
 * notice, then a table of label and value rows; returns where the next line
 * would go. Both demo documents draw it alike (their stored hashes depend on
 * these exact positions).
 */
export function drawReferenceAndFacts(
  pdf: DemoPdf,
  page: PDFPage,
  y: number,
  text: { readonly number: string; readonly demoNotice: string; readonly rows: readonly (readonly [string, string])[] },
): number {
  pdf.writer.draw(page, text.number, MARGIN, y, 10);
  y -= 16;
  pdf.writer.draw(page, text.demoNotice, MARGIN, y, 10);
  y -= 32;
  for (const [label, value] of text.rows) {
    pdf.writer.draw(page, label, MARGIN, y, 12);
    pdf.writer.draw(page, value, MARGIN + 130, y, 12);
    y -= 20;
  }
  return y;
}

/** "Page 1 of 2" at the foot of every page; `pageOf` has `{page}` and `{pages}` to fill in. */
function drawPageFooters(pdf: DemoPdf, pageOf: string): void {
  const pages = pdf.document.getPages();
  pages.forEach((page, index) => {
    const footer = pageOf.replace('{page}', String(index + 1)).replace('{pages}', String(pages.length));
    pdf.writer.draw(page, footer, MARGIN, 36, 9);
  });
}

/**
 * The finished file, each page with its footer (`pageOf`, see drawPageFooters). No object streams: a plain
 * cross-reference table, which every PDF tool reads and signs incrementally.
 */
export function finishDemoPdf(pdf: DemoPdf, pageOf: string): Promise<Uint8Array> {
  drawPageFooters(pdf, pageOf);
  return pdf.document.save({ useObjectStreams: false });
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
export function wrap(writer: Writer, sentence: string, size: number, width: number): string[] {
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

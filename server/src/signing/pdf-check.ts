import { AirError } from '@aircounter/protocol';
import { EncryptedPDFError, PDFDocument } from 'pdf-lib';
import type { SignatureField } from './pades.ts';

export interface CheckedPdf {
  readonly pages: number;
}

/**
 * The sanity check of an uploaded document: a PDF that pdf-lib can read, not
 * encrypted (it could not be stamped and signed, and the viewers could not
 * show it), with at least one page and, for a document to sign, the signature
 * field inside the page it names. Anything else is DOCUMENT_INVALID with a
 * reason for the bank's developers.
 */
export async function checkPdf(bytes: Uint8Array, field: SignatureField | undefined): Promise<CheckedPdf> {
  const head = Buffer.from(bytes.subarray(0, 1024)).toString('latin1');
  if (!head.includes('%PDF-')) throw new AirError('DOCUMENT_INVALID', 'not a PDF (no %PDF- header)');
  let document: PDFDocument;
  try {
    document = await PDFDocument.load(bytes, { updateMetadata: false });
  } catch (error) {
    if (error instanceof EncryptedPDFError) throw new AirError('DOCUMENT_INVALID', 'encrypted PDFs cannot be signed');
    throw new AirError('DOCUMENT_INVALID', 'the PDF cannot be read');
  }
  const pages = document.getPageCount();
  if (pages < 1) throw new AirError('DOCUMENT_INVALID', 'the PDF has no page');
  if (field === undefined) return { pages };
  const page = document.getPages()[field.page - 1];
  if (!page) throw new AirError('DOCUMENT_INVALID', `the signature field names page ${field.page} of ${pages}`);
  const { width, height } = page.getSize();
  if (field.x < 0 || field.y < 0 || field.x + field.width > width || field.y + field.height > height) {
    throw new AirError(
      'DOCUMENT_INVALID',
      `the signature field lies outside page ${field.page} (${width}×${height} pt)`,
    );
  }
  return { pages };
}

/** The short code both sides see: the first 4 bytes of the SHA-256 as `XXXX-XXXX`. */
export function shortCode(sha256: string): string {
  const head = sha256.slice(0, 8).toUpperCase();
  return `${head.slice(0, 4)}-${head.slice(4)}`;
}

import { pdflibAddPlaceholder } from '@signpdf/placeholder-pdf-lib';
import { SignPdf } from '@signpdf/signpdf';
import { Signer, SUBFILTER_ETSI_CADES_DETACHED } from '@signpdf/utils';
import { PDFDocument } from 'pdf-lib';
import { createCadesDetachedSignature, type CmsSigningKey } from './cms.ts';

/** Where the customer's signature goes: a rectangle on a page, in PDF points from the page's lower-left corner. */
export interface SignatureField {
  /** 1-based page number. */
  readonly page: number;
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

/** What the PDF signature dictionary says about the signing (any PDF reader shows it). */
export interface PadesMetadata {
  /** /Name: who signed (the customer's display name). */
  readonly name: string;
  /** /Reason: the session, signing media time and evidence key, for a reader to find the recording. */
  readonly reason: string;
  /** /ContactInfo: the bank. */
  readonly contactInfo: string;
  /** /Location. */
  readonly location: string;
  /** /M: the claimed signing time. */
  readonly signingTime: Date;
}

/** Room reserved for the CMS signature (bytes): a certificate chain of a few KiB fits with margin. */
const SIGNATURE_BYTES = 16_384;

/** Hands @signpdf the CAdES signature over the byte range it computed. */
class CadesSigner extends Signer {
  readonly #key: CmsSigningKey;

  constructor(key: CmsSigningKey) {
    super();
    this.#key = key;
  }

  override sign(pdfBuffer: Buffer): Promise<Buffer> {
    return Promise.resolve(Buffer.from(createCadesDetachedSignature(pdfBuffer, this.#key)));
  }
}

/** The image's box inside the field: as large as fits, aspect ratio kept, centred. */
function fitInto(field: SignatureField, imageWidth: number, imageHeight: number) {
  const scale = Math.min(field.width / imageWidth, field.height / imageHeight);
  const width = imageWidth * scale;
  const height = imageHeight * scale;
  return { x: field.x + (field.width - width) / 2, y: field.y + (field.height - height) / 2, width, height };
}

/**
 * Stamps the signature image into the field and signs the document with a
 * PAdES baseline signature (CMS detached, SubFilter ETSI.CAdES.detached, ESS
 * signing-certificate-v2), whose widget is the field. The signature covers
 * the whole file: a later change of a single byte breaks it.
 */
export async function stampAndSign(
  pdf: Uint8Array,
  signaturePng: Uint8Array,
  field: SignatureField,
  metadata: PadesMetadata,
  key: CmsSigningKey,
): Promise<Uint8Array> {
  const document = await PDFDocument.load(pdf, { updateMetadata: false });
  const page = document.getPages()[field.page - 1];
  if (!page) throw new RangeError(`the document has no page ${field.page}`);
  const image = await document.embedPng(signaturePng);
  page.drawImage(image, fitInto(field, image.width, image.height));
  pdflibAddPlaceholder({
    pdfPage: page,
    reason: metadata.reason,
    contactInfo: metadata.contactInfo,
    name: metadata.name,
    location: metadata.location,
    signingTime: metadata.signingTime,
    signatureLength: SIGNATURE_BYTES,
    subFilter: SUBFILTER_ETSI_CADES_DETACHED,
    widgetRect: [field.x, field.y, field.x + field.width, field.y + field.height],
    appName: 'AirCounter',
  });
  // Classic cross-reference table: @signpdf finds the placeholder by text, which object streams would compress.
  const prepared = await document.save({ useObjectStreams: false });
  const signed = await new SignPdf().sign(Buffer.from(prepared), new CadesSigner(key), metadata.signingTime);
  return new Uint8Array(signed.buffer, signed.byteOffset, signed.byteLength);
}

import * as v from 'valibot';
import { Count, Ms, Sha256, Text } from './common.ts';

// Face-to-face signing, written by the signing service (server/src/signing):
// the document shown, the pages viewed, the customer's confirmation, each
// signature attempt (strokes, rendered image and a still of the customer's
// video, by SHA-256 of their artifacts) at its media time, the agent's
// attestation and the signed PDF.

/** Where the bank wants the handwritten signature: PDF points from the page's lower-left corner. */
const SignatureField = v.object({ page: Count, x: v.number(), y: v.number(), width: v.number(), height: v.number() });

export const DocumentAdded = v.object({
  documentId: Text,
  title: Text,
  /** The `document` artifact: the PDF exactly as the bank uploaded it. */
  sha256: Sha256,
  shortCode: Text,
  pages: Count,
  bytes: Count,
  /** Where the signature goes; absent for a document to read only. */
  field: v.optional(SignatureField),
  /** False for a document to read only (absent in logs written before documents could be read-only). */
  signable: v.optional(v.boolean()),
});

/** A participant reported how long a page was visible (the client's measure, bounded by the server). */
export const DocumentPageViewed = v.object({
  documentId: Text,
  peerId: Text,
  role: Text,
  page: Count,
  visibleMs: Ms,
});

/** The customer confirmed "I have read and agree", naming the short code shown on the page. */
export const DocumentReadConfirmed = v.object({ documentId: Text, peerId: Text, sha256: Sha256, shortCode: Text });

export const SignatureSubmitted = v.object({
  documentId: Text,
  peerId: Text,
  /** 1 for the first attempt, 2 after a redo, …: every attempt stays in the package. */
  attempt: Count,
  /** The client's single-use id of the attempt. */
  attemptId: Text,
  /** The document signed (its `document` artifact). */
  documentSha256: Sha256,
  /** The `signature-strokes` artifact (JSON, as received after validation). */
  strokesSha256: Sha256,
  /** The `signature-image` artifact (PNG the server rendered from the strokes). */
  imageSha256: Sha256,
  /** A `still` artifact of the customer's video at this moment; null when none could be taken. */
  stillSha256: v.nullable(Sha256),
  strokes: Count,
  points: Count,
  /** From the first to the last point, ms. */
  durationMs: Ms,
});

/** A signature attempt refused before anything was kept (the code the customer received). */
export const SignatureRefused = v.object({ documentId: Text, peerId: Text, code: Text, reason: Text });

export const SignatureRedoRequested = v.object({ documentId: Text, peerId: Text, reason: Text });

/** The agent attested an attempt (`signature-witnessed`: 亲见签名). */
export const SignatureAttested = v.object({
  documentId: Text,
  peerId: Text,
  attempt: Count,
  statement: Text,
  imageSha256: Sha256,
});

/** The signed PDF: the attested attempt's image stamped in the field, then a PAdES signature over the whole file. */
export const DocumentSigned = v.object({
  documentId: Text,
  attempt: Count,
  /** The document as uploaded. */
  documentSha256: Sha256,
  /** The `signed-document` artifact. */
  signedSha256: Sha256,
  subFilter: Text,
  /** SHA-256 of the bank's signing certificate (DER). */
  certificateSha256: Sha256,
  /** The media time of the signature attempt, as written into the PDF signature. */
  signingMediaTimeMs: v.nullable(Ms),
});

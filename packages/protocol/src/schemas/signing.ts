import * as v from 'valibot';
import { Empty, FreeText, Id } from './common.ts';

// Face-to-face signing: the bank's document shown to both sides, pages
// viewed, the customer's "I have read and agree", a handwritten signature
// captured as pen strokes while the recording runs, and the agent's
// attestation that the signature was made in view.

/** Hard caps of one signature (the server's configuration may ask for more complexity, never allow more data). */
export const SIGNATURE_LIMITS = {
  /** Strokes (pen down … pen up) in one signature. */
  maxStrokes: 64,
  /** Points in one stroke. */
  maxPointsPerStroke: 2000,
  /** Points in the whole signature. */
  maxPoints: 8000,
  /** Largest drawing surface side, CSS pixels. */
  maxCanvasSide: 4000,
  /** Smallest drawing surface side, CSS pixels. */
  minCanvasSide: 50,
  /** Longest time from the first to the last point, ms. */
  maxDurationMs: 10 * 60 * 1000,
} as const;

/** Longest a page may count as shown in one report, ms (a longer view is several reports). */
export const MAX_PAGE_VISIBLE_MS = 60 * 60 * 1000;
/** Largest page number a client may report. */
export const MAX_DOCUMENT_PAGES = 10_000;

const Coordinate = v.pipe(v.number(), v.finite(), v.minValue(0), v.maxValue(SIGNATURE_LIMITS.maxCanvasSide));

/**
 * One sampled pen position: x and y in CSS pixels of the drawing surface
 * (origin top-left), t in ms since the signature's first point, pressure 0–1
 * (0.5 when the device reports none, as Pointer Events do for a mouse).
 */
export const SignaturePoint = v.strictObject({
  x: Coordinate,
  y: Coordinate,
  t: v.pipe(v.number(), v.finite(), v.minValue(0), v.maxValue(SIGNATURE_LIMITS.maxDurationMs)),
  pressure: v.pipe(v.number(), v.finite(), v.minValue(0), v.maxValue(1)),
});
export type SignaturePoint = v.InferOutput<typeof SignaturePoint>;

/** Pen down to pen up, points in time order. */
export const SignatureStroke = v.pipe(
  v.array(SignaturePoint),
  v.minLength(1),
  v.maxLength(SIGNATURE_LIMITS.maxPointsPerStroke),
  v.check(
    (points) => points.every((point, index) => index === 0 || point.t >= (points[index - 1]?.t ?? 0)),
    'the points of a stroke must be in time order',
  ),
);
export type SignatureStroke = v.InferOutput<typeof SignatureStroke>;

export const SignatureCanvas = v.strictObject({
  width: v.pipe(
    v.number(),
    v.integer(),
    v.minValue(SIGNATURE_LIMITS.minCanvasSide),
    v.maxValue(SIGNATURE_LIMITS.maxCanvasSide),
  ),
  height: v.pipe(
    v.number(),
    v.integer(),
    v.minValue(SIGNATURE_LIMITS.minCanvasSide),
    v.maxValue(SIGNATURE_LIMITS.maxCanvasSide),
  ),
});
export type SignatureCanvas = v.InferOutput<typeof SignatureCanvas>;

/** A whole handwritten signature: the drawing surface and every stroke on it. */
export const SignatureStrokes = v.pipe(
  v.strictObject({
    canvas: SignatureCanvas,
    strokes: v.pipe(v.array(SignatureStroke), v.minLength(1), v.maxLength(SIGNATURE_LIMITS.maxStrokes)),
  }),
  v.check(
    (signature) => signature.strokes.reduce((sum, stroke) => sum + stroke.length, 0) <= SIGNATURE_LIMITS.maxPoints,
    `a signature has at most ${SIGNATURE_LIMITS.maxPoints} points`,
  ),
  v.check(
    (signature) =>
      signature.strokes.every((stroke) =>
        stroke.every((point) => point.x <= signature.canvas.width && point.y <= signature.canvas.height),
      ),
    'every point must lie on the drawing surface',
  ),
);
export type SignatureStrokes = v.InferOutput<typeof SignatureStrokes>;

/** The document's short code: the first 4 bytes of its SHA-256 as `XXXX-XXXX`, read aloud to compare screens. */
export const DocumentShortCode = v.pipe(v.string(), v.regex(/^[0-9A-F]{4}-[0-9A-F]{4}$/));

/** What both sides learn about a document of the session (never its bytes: those come over REST). */
export const DocumentInfo = v.object({
  documentId: Id,
  title: FreeText(200),
  sha256: v.pipe(v.string(), v.regex(/^[0-9a-f]{64}$/)),
  shortCode: DocumentShortCode,
  pages: v.pipe(v.number(), v.integer(), v.minValue(1)),
  bytes: v.pipe(v.number(), v.integer(), v.minValue(1)),
  /** Whether the customer signs it: false for a document uploaded without a signature field, to be read only. */
  signable: v.boolean(),
});
export type DocumentInfo = v.InferOutput<typeof DocumentInfo>;

export const ReportDocumentPageRequest = v.strictObject({
  documentId: Id,
  /** 1-based. */
  page: v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(MAX_DOCUMENT_PAGES)),
  /** How long the page was on screen and visible, ms (client's measure). */
  visibleMs: v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(MAX_PAGE_VISIBLE_MS)),
});

/** Agent: "follow me" — the page (1-based) the agent shows, for the other participants' viewers to show too. */
export const LeadDocumentPageRequest = v.strictObject({
  documentId: Id,
  page: v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(MAX_DOCUMENT_PAGES)),
});

export const ConfirmDocumentReadRequest = v.strictObject({
  documentId: Id,
  /** The short code the customer saw: proves the page showed this document. */
  shortCode: DocumentShortCode,
});

export const SubmitSignatureRequest = v.strictObject({
  documentId: Id,
  /** A fresh id per attempt (a UUID): the server refuses one it has seen, so a replayed message signs nothing. */
  attemptId: Id,
  signature: SignatureStrokes,
});

export const SubmitSignatureResponse = v.object({
  /** 1 for the first attempt on this document, 2 after a redo, … */
  attempt: v.pipe(v.number(), v.integer(), v.minValue(1)),
  strokesSha256: v.string(),
  imageSha256: v.string(),
  /** Where in the recording the signature was received. */
  mediaTimeMs: v.nullable(v.number()),
});
export type SubmitSignatureResponse = v.InferOutput<typeof SubmitSignatureResponse>;

/** Live stroke relay while the customer draws: the agent watches the signature appear. */
export const RelaySignatureStrokeRequest = v.strictObject({
  documentId: Id,
  /** The stroke just finished; null when the customer cleared the pad. */
  stroke: v.nullable(SignatureStroke),
  canvas: SignatureCanvas,
});

export const RequestSignatureRedoRequest = v.strictObject({
  documentId: Id,
  /** Shown to the customer: why the agent asks for another attempt. */
  reason: FreeText(200, { minLength: 1 }),
});

/** What the agent attests, for 三亲见: the signature was made in view (亲见签名). */
export const SIGNING_ATTESTATIONS = ['signature-witnessed'] as const;

export const AttestSignatureRequest = v.strictObject({
  documentId: Id,
  attempt: v.pipe(v.number(), v.integer(), v.minValue(1)),
  statement: v.picklist(SIGNING_ATTESTATIONS),
});

export const AttestSignatureResponse = v.object({
  /** The signed PDF's SHA-256, or null when the server has no PDF signing certificate configured. */
  signedDocumentSha256: v.nullable(v.string()),
});
export type AttestSignatureResponse = v.InferOutput<typeof AttestSignatureResponse>;

/** Bytes of a document per `getDocumentPart` response (base64 makes it a third larger on the wire). */
export const DOCUMENT_PART_BYTES = 256 * 1024;

/**
 * A part of a document's PDF over the participant's authenticated signaling
 * connection: no second credential, and the page checks the whole against
 * the SHA-256 it was told.
 */
export const GetDocumentPartRequest = v.strictObject({
  documentId: Id,
  offset: v.pipe(v.number(), v.integer(), v.minValue(0)),
});

export const GetDocumentPartResponse = v.object({
  offset: v.pipe(v.number(), v.integer(), v.minValue(0)),
  totalBytes: v.pipe(v.number(), v.integer(), v.minValue(1)),
  /** At most {@link DOCUMENT_PART_BYTES} bytes, base64. */
  base64: v.pipe(v.string(), v.maxLength(Math.ceil(DOCUMENT_PART_BYTES / 3) * 4)),
});
export type GetDocumentPartResponse = v.InferOutput<typeof GetDocumentPartResponse>;

export const ListDocumentsRequest = Empty;
export const ListDocumentsResponse = v.object({ documents: v.array(DocumentInfo) });

/** Server → client notifications of signing (rows of NOTIFICATIONS). */
export const SIGNING_NOTIFICATIONS = {
  /** The bank added a document to the session. */
  documentAdded: v.object({ document: DocumentInfo }),
  /** To the other participants: the agent leads to this page (1-based) of the document ("follow me"). */
  documentPageLed: v.object({ documentId: Id, page: v.pipe(v.number(), v.integer(), v.minValue(1)) }),
  /** To the agent and supervisor: a stroke the customer just drew (null: the pad was cleared). */
  signatureStroke: v.object({
    documentId: Id,
    peerId: Id,
    stroke: v.nullable(SignatureStroke),
    canvas: SignatureCanvas,
  }),
  /** To everyone: a signature attempt was received and kept. */
  signatureSubmitted: v.object({
    documentId: Id,
    peerId: Id,
    attempt: v.number(),
    mediaTimeMs: v.nullable(v.number()),
  }),
  /** To the customer: the agent asks for another attempt. */
  signatureRedoRequested: v.object({ documentId: Id, reason: v.string() }),
  /** To everyone: the agent attested an attempt; the signed PDF is ready when its hash is not null. */
  signatureAttested: v.object({
    documentId: Id,
    attempt: v.number(),
    signedDocumentSha256: v.nullable(v.string()),
  }),
} as const;

/** Measures of a signature that a minimum-complexity rule compares (the pad and the server use the same). */
export interface SignatureComplexity {
  readonly strokes: number;
  readonly points: number;
  /** Width of the ink's bounding box as a share of the drawing surface's width, 0–1. */
  readonly widthShare: number;
  /** Length of all strokes, as a multiple of the surface's width. */
  readonly inkLengthShare: number;
  /** First to last point, ms. */
  readonly durationMs: number;
}

export function signatureComplexity(signature: SignatureStrokes): SignatureComplexity {
  let points = 0;
  let ink = 0;
  let minX = Number.POSITIVE_INFINITY;
  let maxX = Number.NEGATIVE_INFINITY;
  let minT = Number.POSITIVE_INFINITY;
  let maxT = Number.NEGATIVE_INFINITY;
  for (const stroke of signature.strokes) {
    points += stroke.length;
    stroke.forEach((point, index) => {
      minX = Math.min(minX, point.x);
      maxX = Math.max(maxX, point.x);
      minT = Math.min(minT, point.t);
      maxT = Math.max(maxT, point.t);
      const previous = stroke[index - 1];
      if (previous) ink += Math.hypot(point.x - previous.x, point.y - previous.y);
    });
  }
  const width = signature.canvas.width;
  return {
    strokes: signature.strokes.length,
    points,
    widthShare: points === 0 ? 0 : (maxX - minX) / width,
    inkLengthShare: ink / width,
    durationMs: points === 0 ? 0 : maxT - minT,
  };
}

/** The minimum a signature must reach to be accepted (server configuration; the pad shows the same rule). */
export interface SignatureMinimum {
  readonly points: number;
  /** Share of the surface's width the ink must span, 0–1. */
  readonly widthShare: number;
  /** Stroke length as a multiple of the surface's width. */
  readonly inkLengthShare: number;
}

/** Why a signature is too simple, or undefined when it reaches the minimum. */
export function signatureTooSimple(signature: SignatureStrokes, minimum: SignatureMinimum): string | undefined {
  const measured = signatureComplexity(signature);
  if (measured.points < minimum.points) return `too few points (${measured.points} < ${minimum.points})`;
  if (measured.widthShare < minimum.widthShare) return 'the signature is too narrow';
  if (measured.inkLengthShare < minimum.inkLengthShare) return 'the strokes are too short';
  return undefined;
}

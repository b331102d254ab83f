import { AirError } from '@aircounter/protocol';
import * as v from 'valibot';
import type { AirServices } from '../services.ts';
import { bankRoute } from './bank-route.ts';
import { readBody } from './body.ts';
import { idParam } from './params.ts';
import { sendJson } from './respond.ts';

const Points = v.pipe(v.string(), v.trim(), v.toNumber(), v.finite(), v.minValue(0), v.maxValue(14_400));

const Title = v.pipe(v.string(), v.trim(), v.minLength(1), v.maxLength(200));

/**
 * The query of an upload: a title and, for a document to sign, the signature
 * field (PDF points, from the page's lower-left corner) — all five of its
 * values or none. Without them the document is to be read only.
 */
const UploadQuery = v.union([
  v.strictObject({
    title: Title,
    signaturePage: v.pipe(v.string(), v.toNumber(), v.integer(), v.minValue(1)),
    signatureX: Points,
    signatureY: Points,
    signatureWidth: v.pipe(Points, v.minValue(10)),
    signatureHeight: v.pipe(Points, v.minValue(10)),
  }),
  v.strictObject({ title: Title }),
]);

/**
 * `PUT /api/v1/sessions/:id/documents/:documentId` (application/pdf, API key):
 * the bank's document for the customer to sign, with where the signature
 * goes, or to read only (no signature field). The PDF is checked, kept in the evidence as uploaded, and announced
 * to the participants. Participants read it over their signaling connection
 * (`getDocumentPart`), never with a second credential.
 */
export function registerDocumentRoutes(services: AirServices): void {
  const { http, bankAuth, config, sessions, signing, rooms } = services;
  http.add(
    'PUT',
    '/api/v1/sessions/:id/documents/:documentId',
    bankRoute(bankAuth, async (request) => {
      const { req, res, url } = request;
      const session = await sessions.requireLive(idParam(request));
      const documentId = idParam(request, 'documentId');
      if (!/^application\/pdf\s*(;|$)/i.test(req.headers['content-type'] ?? '')) {
        throw new AirError('INVALID_PARAMS', 'Content-Type must be application/pdf');
      }
      const query = v.safeParse(UploadQuery, Object.fromEntries(url.searchParams));
      if (!query.success) {
        throw new AirError(
          'INVALID_PARAMS',
          'expected title, and for a document to sign all of signaturePage, signatureX, signatureY, signatureWidth, ' +
            `signatureHeight (${describeIssue(query.issues[0])})`,
        );
      }
      const body = await readBody(req, config.signing.maxDocumentBytes).catch((error: unknown) => {
        if (error instanceof AirError && error.code === 'PAYLOAD_TOO_LARGE') {
          request.log.warn('document refused: too large', { limit: config.signing.maxDocumentBytes });
        }
        throw error;
      });
      const upload = query.output;
      const field =
        'signaturePage' in upload
          ? {
              page: upload.signaturePage,
              x: upload.signatureX,
              y: upload.signatureY,
              width: upload.signatureWidth,
              height: upload.signatureHeight,
            }
          : undefined;
      const document = await signing.addDocument(
        session.id,
        {
          documentId,
          title: upload.title,
          field,
          pdf: new Uint8Array(body.buffer, body.byteOffset, body.byteLength),
        },
        rooms.get(session.id),
      );
      sendJson(res, 201, document);
    }),
  );
}

/** Where an upload's query went wrong, for the bank's developers (a union's issue names its first branch's). */
function describeIssue(issue: v.BaseIssue<unknown>): string {
  const inner = issue.issues?.[0] ?? issue;
  const path = inner.path?.map((item) => String(item.key)).join('.');
  return path ? `${path}: ${inner.message}` : inner.message;
}

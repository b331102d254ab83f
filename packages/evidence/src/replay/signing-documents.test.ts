import { describe, expect, it } from 'vitest';
import type { JsonObject } from '../format.ts';
import { markersOf, type LooseEntry } from './replay-model.ts';
import { documentDownloadName, documentsOf, type ReplayDocument } from './signing-documents.ts';

const sha = (digit: string): string => digit.repeat(64);
const DOC = sha('a');
const IMAGE_1 = sha('1');
const STROKES_1 = sha('2');
const STILL_1 = sha('3');
const IMAGE_2 = sha('4');
const STROKES_2 = sha('5');
const SIGNED = sha('6');
const CERT = sha('7');

let seq = 0;
function entry(type: string, data: JsonObject, mediaTimeMs: number | null = null): LooseEntry {
  seq += 1;
  return { seq, time: '2026-03-01T09:00:00.000Z', type, data, mediaTimeMs };
}

const added = (documentId: string, title: string, sha256 = DOC): LooseEntry =>
  entry('signing.document.added', {
    documentId,
    title,
    sha256,
    shortCode: 'AAAA-AAAA',
    pages: 2,
    bytes: 1234,
    field: { page: 2, x: 72, y: 100, width: 220, height: 70 },
  });

const submitted = (attempt: number, image: string, strokes: string, still: string | null, at: number): LooseEntry =>
  entry(
    'signing.signature.submitted',
    {
      documentId: 'loan-1',
      peerId: 'c1',
      attempt,
      attemptId: `attempt-${attempt}`,
      documentSha256: DOC,
      strokesSha256: strokes,
      imageSha256: image,
      stillSha256: still,
      strokes: 2,
      points: 80,
      durationMs: 1500,
    },
    at,
  );

/** A whole signing as the signing service logs it: confirm, sign, redo, sign again, attest, signed PDF. */
function signing(): LooseEntry[] {
  seq = 0;
  return [
    entry('session.opened', { agentId: 'agent-7' }),
    added('loan-1', 'Loan contract'),
    entry(
      'signing.document.page-viewed',
      { documentId: 'loan-1', peerId: 'c1', role: 'customer', page: 1, visibleMs: 3000 },
      500,
    ),
    entry(
      'signing.document.read-confirmed',
      { documentId: 'loan-1', peerId: 'c1', sha256: DOC, shortCode: 'AAAA-AAAA' },
      900,
    ),
    submitted(1, IMAGE_1, STROKES_1, STILL_1, 1200),
    entry('signing.signature.redo-requested', { documentId: 'loan-1', peerId: 'a1', reason: 'too small' }, 1800),
    submitted(2, IMAGE_2, STROKES_2, null, 2500),
    entry(
      'signing.signature.attested',
      { documentId: 'loan-1', peerId: 'a1', attempt: 2, statement: 'signature-witnessed', imageSha256: IMAGE_2 },
      3000,
    ),
    entry(
      'signing.document.signed',
      {
        documentId: 'loan-1',
        attempt: 2,
        documentSha256: DOC,
        signedSha256: SIGNED,
        subFilter: 'ETSI.CAdES.detached',
        certificateSha256: CERT,
        signingMediaTimeMs: 2500,
      },
      3100,
    ),
  ];
}

describe('documentsOf', () => {
  it('reads a signing: the document, its confirmation, every attempt with its files, the redo, attestation and signed PDF', () => {
    const [document, ...others] = documentsOf(signing());
    expect(others).toEqual([]);
    expect(document).toEqual({
      documentId: 'loan-1',
      title: 'Loan contract',
      shortCode: 'AAAA-AAAA',
      pages: 2,
      original: { kind: 'document', sha256: DOC, mediaType: 'application/pdf', file: `document-${DOC}.pdf` },
      readConfirmed: { seq: 4, mediaTimeMs: 900, atMs: 900, peerId: 'c1', shortCode: 'AAAA-AAAA' },
      attempts: [
        {
          seq: 5,
          mediaTimeMs: 1200,
          atMs: 1200,
          attempt: 1,
          peerId: 'c1',
          image: {
            kind: 'signature-image',
            sha256: IMAGE_1,
            mediaType: 'image/png',
            file: `signature-image-${IMAGE_1}.png`,
          },
          strokes: {
            kind: 'signature-strokes',
            sha256: STROKES_1,
            mediaType: 'application/json',
            file: `signature-strokes-${STROKES_1}.json`,
          },
          still: { kind: 'still', sha256: STILL_1, mediaType: 'image/jpeg', file: `still-${STILL_1}.jpg` },
          attested: false,
        },
        {
          seq: 7,
          mediaTimeMs: 2500,
          atMs: 2500,
          attempt: 2,
          peerId: 'c1',
          image: {
            kind: 'signature-image',
            sha256: IMAGE_2,
            mediaType: 'image/png',
            file: `signature-image-${IMAGE_2}.png`,
          },
          strokes: {
            kind: 'signature-strokes',
            sha256: STROKES_2,
            mediaType: 'application/json',
            file: `signature-strokes-${STROKES_2}.json`,
          },
          still: undefined,
          attested: true,
        },
      ],
      redoRequests: [{ seq: 6, mediaTimeMs: 1800, atMs: 1800, peerId: 'a1', reason: 'too small' }],
      attestations: [
        { seq: 8, mediaTimeMs: 3000, atMs: 3000, attempt: 2, peerId: 'a1', statement: 'signature-witnessed' },
      ],
      signed: [
        {
          seq: 9,
          mediaTimeMs: 3100,
          atMs: 3100,
          attempt: 2,
          artifact: {
            kind: 'signed-document',
            sha256: SIGNED,
            mediaType: 'application/pdf',
            file: `signed-document-${SIGNED}.pdf`,
          },
          signingMediaTimeMs: 2500,
        },
      ],
    } satisfies ReplayDocument);
  });

  it('is empty for a session that signed nothing', () => {
    seq = 0;
    expect(
      documentsOf([entry('session.opened', { agentId: 'agent-7' }), entry('peer.joined', { peerId: 'c1' })]),
    ).toEqual([]);
  });

  it('keeps documents apart and in the order the log first names them', () => {
    seq = 0;
    const entries = [
      added('terms', 'Terms', sha('b')),
      added('loan-1', 'Loan contract'),
      submitted(1, IMAGE_1, STROKES_1, null, 100),
    ];
    const documents = documentsOf(entries);
    expect(documents.map((item) => [item.documentId, item.title, item.attempts.length])).toEqual([
      ['terms', 'Terms', 0],
      ['loan-1', 'Loan contract', 1],
    ]);
    expect(documents[0]?.original?.file).toBe(`document-${sha('b')}.pdf`);
  });

  it('skips entries whose data does not match the schema, and rebuilds what it can without the added entry', () => {
    const [, , , ...rest] = signing();
    const broken = entry(
      'signing.signature.submitted',
      { documentId: 'loan-1', attempt: 3, imageSha256: 'not-a-hash' },
      4000,
    );
    const [document] = documentsOf([...rest, broken]);
    expect(document?.title).toBeUndefined();
    expect(document?.shortCode).toBe('AAAA-AAAA');
    // The original's hash comes from the confirmation (and the submissions name the same).
    expect(document?.original?.file).toBe(`document-${DOC}.pdf`);
    expect(document?.attempts.map((item) => item.attempt)).toEqual([1, 2]);
  });

  it('jumps to 0 for an attempt logged before the recording (media time null)', () => {
    seq = 0;
    const early = { ...submitted(1, IMAGE_1, STROKES_1, null, 0), mediaTimeMs: null };
    expect(documentsOf([early])[0]?.attempts[0]).toMatchObject({ mediaTimeMs: null, atMs: 0 });
  });
});

describe('documentDownloadName', () => {
  const [document] = documentsOf(signing());
  if (!document) throw new Error('no document');

  it('names the file by title and short code, with a suffix for the signed version', () => {
    expect(documentDownloadName(document)).toBe('Loan contract AAAA-AAAA.pdf');
    expect(documentDownloadName(document, 'signed')).toBe('Loan contract AAAA-AAAA signed.pdf');
    expect(documentDownloadName({ ...document, title: '贷款合同' }, '已签署')).toBe('贷款合同 AAAA-AAAA 已签署.pdf');
  });

  it('replaces what file systems refuse and falls back to the document id', () => {
    expect(documentDownloadName({ ...document, title: 'a/b:c*?"<>|\u0007d' })).toBe('a-b-c-d AAAA-AAAA.pdf');
    expect(documentDownloadName({ ...document, title: undefined, shortCode: undefined })).toBe('loan-1.pdf');
    expect(documentDownloadName({ ...document, title: '///', shortCode: undefined })).toBe('-.pdf');
    expect(documentDownloadName({ ...document, title: 'x'.repeat(200) }).length).toBe(80 + ' AAAA-AAAA.pdf'.length);
  });
});

describe('markersOf for signing', () => {
  it('marks the moments a reviewer jumps to, typed by the event table, and leaves page views and stale types out', () => {
    const entries = signing();
    seq = 100;
    const stale = [entry('script.step', { stepId: 'x' }, 10), entry('signature.captured', {}, 20)];
    const kinds = markersOf([...entries, ...stale]).map((marker) => [marker.type, marker.kind, marker.atMs]);
    expect(kinds).toEqual([
      ['signing.document.read-confirmed', 'document-read', 900],
      ['signing.signature.submitted', 'signature', 1200],
      ['signing.signature.redo-requested', 'signature-redo', 1800],
      ['signing.signature.submitted', 'signature', 2500],
      ['signing.signature.attested', 'signature-attested', 3000],
      ['signing.document.signed', 'document-signed', 3100],
    ]);
  });

  it('marks the journey events the chapters do not show, and authorizations', () => {
    seq = 0;
    const step = { stepId: 'ask', index: 2, kind: 'question' };
    const risk = { score: 10, level: 'R1', suitable: false };
    const entries = [
      entry('journey.started', { journeyId: 'j' }, 0),
      entry('journey.step.started', step, 100),
      entry('journey.step.answered', { ...step, answerId: 'no', accepted: false, confirmation: 'tap' }, 200),
      entry('journey.step.awaiting-override', { ...step, risk }, 300),
      entry('journey.blocked', { ...step, risk }, 400),
      entry('journey.completed', { stepCount: 3 }, 500),
      entry('journey.ended', { complete: true, missing: [], interrupted: [] }, 600),
      entry('authorization.requested', { requestId: 'r1' }, 700),
      entry('authorization.escalated', { requestId: 'r1' }, 800),
      entry('authorization.decided', { requestId: 'r1', decision: 'approve' }, 900),
      entry('authorization.closed', { requestId: 'r1', status: 'approved' }, 1000),
    ];
    expect(markersOf(entries).map((marker) => marker.kind)).toEqual([
      'journey-answer-refused',
      'journey-override-needed',
      'journey-blocked',
      'authorization-requested',
      'authorization-escalated',
      'authorization',
      'authorization-closed',
    ]);
  });
});

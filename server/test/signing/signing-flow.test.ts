import { createHash, randomUUID } from 'node:crypto';
import { execFile } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { readEvent, verifyEvidence } from '@aircounter/evidence';
import type { SignatureStrokes } from '@aircounter/protocol';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { readArtifact } from '../../src/evidence/artifacts.ts';
import { createDirectoryReader } from '../../src/evidence/directory-reader.ts';
import { checkPdfSignatures } from '../../src/signing/pdf-signatures.ts';
import { joinAs, type JoinedPeer } from '../helpers/peers.ts';
import { startTestServer, type TestServer } from '../helpers/test-server.ts';
import { makeContractPdf, makeTestCertificate, sampleSignature, type TestCertificate } from './fixtures.ts';

// Face-to-face signing over the real server: the bank uploads a contract,
// both sides read it over signaling, the customer confirms and signs while
// the recording runs, the agent sees the strokes live, asks for a redo,
// attests, and the signed PDF enters the package. And every refusal.

let server: TestServer | undefined;
let certificate: TestCertificate;

beforeAll(async () => {
  certificate = await makeTestCertificate('rsa');
});

afterAll(async () => {
  await certificate.dispose();
});

afterEach(async () => {
  await server?.close();
  server = undefined;
});

const FIELD = 'signaturePage=2&signatureX=72&signatureY=100&signatureWidth=220&signatureHeight=70';

async function upload(
  target: TestServer,
  sessionId: string,
  documentId: string,
  pdf: Uint8Array,
  query = `title=Loan%20contract&${FIELD}`,
): Promise<Response> {
  return fetch(`${target.baseUrl}/api/v1/sessions/${sessionId}/documents/${documentId}?${query}`, {
    method: 'PUT',
    headers: { authorization: `Bearer ${target.config.auth.apiKey.reveal()}`, 'content-type': 'application/pdf' },
    body: Buffer.from(pdf),
  });
}

async function setUp(options: { signPdf?: boolean; record?: boolean } = {}) {
  server = await startTestServer({
    recording: { consentPolicy: 'external' },
    signing:
      options.signPdf === false
        ? {}
        : { pdfCertificateFile: certificate.certificateFile, pdfKeyFile: certificate.keyFile },
  });
  const sessionId = await server.createSession();
  const customer = await joinAs(server, sessionId, 'customer', 'customer-1');
  const agent = await joinAs(server, sessionId, 'agent', 'agent-1');
  const pdf = await makeContractPdf();
  const response = await upload(server, sessionId, 'loan-1', pdf);
  expect(response.status).toBe(201);
  const document = (await response.json()) as { sha256: string; shortCode: string; pages: number };
  if (options.record !== false) await agent.client.request('startRecording', {});
  return { server, sessionId, customer, agent, pdf, document };
}

async function download(peer: JoinedPeer, documentId: string): Promise<Buffer> {
  const parts: Buffer[] = [];
  let offset = 0;
  for (;;) {
    const part = await peer.client.request('getDocumentPart', { documentId, offset });
    parts.push(Buffer.from(part.base64, 'base64'));
    offset += parts.at(-1)?.byteLength ?? 0;
    if (offset >= part.totalBytes) return Buffer.concat(parts);
  }
}

const submission = (signature: SignatureStrokes = sampleSignature()) => ({
  documentId: 'loan-1',
  attemptId: randomUUID(),
  signature,
});

describe('face-to-face signing', () => {
  it(
    'takes a document, a confirmation, two signature attempts and an attestation into a verifiable package with a signed PDF',
    { timeout: 180_000 },
    async () => {
      const { server: running, sessionId, customer, agent, pdf, document } = await setUp();
      const sha = createHash('sha256').update(pdf).digest('hex');
      expect(document).toMatchObject({ sha256: sha, pages: 2 });
      expect(document.shortCode).toBe(`${sha.slice(0, 4)}-${sha.slice(4, 8)}`.toUpperCase());

      // Both sides were told, and read the exact bytes over their connections.
      await customer.client.waitFor('documentAdded', (data) => data.document.documentId === 'loan-1');
      expect((await agent.client.request('listDocuments', {})).documents).toEqual([
        expect.objectContaining({ documentId: 'loan-1', sha256: sha }),
      ]);
      expect(Buffer.compare(await download(customer, 'loan-1'), Buffer.from(pdf))).toBe(0);

      // "Follow me": the agent leads to page 2; the customer's side is told, the customer cannot lead.
      await agent.client.request('leadDocumentPage', { documentId: 'loan-1', page: 2 });
      expect(await customer.client.waitFor('documentPageLed', (data) => data.documentId === 'loan-1')).toEqual({
        documentId: 'loan-1',
        page: 2,
      });
      expect(await agent.client.refusal('leadDocumentPage', { documentId: 'loan-1', page: 3 })).toBe('INVALID_PARAMS');
      expect(await agent.client.refusal('leadDocumentPage', { documentId: 'nothing', page: 1 })).toBe(
        'DOCUMENT_NOT_FOUND',
      );
      expect(await customer.client.refusal('leadDocumentPage', { documentId: 'loan-1', page: 1 })).toBe(
        'FORBIDDEN_ROLE',
      );
      await customer.client.request('reportDocumentPage', { documentId: 'loan-1', page: 1, visibleMs: 4200 });
      await agent.client.request('reportDocumentPage', { documentId: 'loan-1', page: 2, visibleMs: 3000 });
      expect(await customer.client.refusal('submitSignature', submission())).toBe('DOCUMENT_NOT_CONFIRMED');
      expect(
        await customer.client.refusal('confirmDocumentRead', { documentId: 'loan-1', shortCode: '0000-0000' }),
      ).toBe('INVALID_PARAMS');
      await customer.client.request('confirmDocumentRead', { documentId: 'loan-1', shortCode: document.shortCode });

      // Live strokes reach the agent while the customer draws.
      const [firstStroke] = sampleSignature().strokes;
      await customer.client.request('relaySignatureStroke', {
        documentId: 'loan-1',
        stroke: firstStroke ?? null,
        canvas: { width: 600, height: 200 },
      });
      const relayed = await agent.client.waitFor('signatureStroke', (data) => data.documentId === 'loan-1');
      expect(relayed.stroke).toEqual(firstStroke);
      expect(customer.client.count('signatureStroke')).toBe(0);

      const first = await customer.client.request('submitSignature', submission());
      expect(first.attempt).toBe(1);
      expect(first.mediaTimeMs).toEqual(expect.any(Number));
      await agent.client.request('requestSignatureRedo', { documentId: 'loan-1', reason: 'Please sign in full' });
      await customer.client.waitFor('signatureRedoRequested', (data) => data.reason === 'Please sign in full');
      const second = await customer.client.request('submitSignature', submission(sampleSignature(5)));
      expect(second.attempt).toBe(2);
      expect(second.imageSha256).not.toBe(first.imageSha256);

      const attested = await agent.client.request('attestSignature', {
        documentId: 'loan-1',
        attempt: 2,
        statement: 'signature-witnessed',
      });
      expect(attested.signedDocumentSha256).toMatch(/^[0-9a-f]{64}$/);
      await customer.client.waitFor('signatureAttested', (data) => data.attempt === 2);

      const evidence = running.app.services.evidence;
      const signed = await readArtifact(evidence, sessionId, {
        kind: 'signed-document',
        sha256: attested.signedDocumentSha256 ?? '',
        mediaType: 'application/pdf',
      });
      expect(signed).toBeDefined();
      const [report] = checkPdfSignatures(signed ?? new Uint8Array());
      expect(report).toMatchObject({ valid: true, coversWholeFile: true, subFilter: 'ETSI.CAdES.detached' });
      const text = Buffer.from(signed ?? []).toString('latin1');
      expect(text).toContain(`session ${sessionId}`);
      expect(text).toContain(`signing media time ${String(second.mediaTimeMs)} ms`);
      expect(text).toContain(`evidence key ${evidence.keys.keyId}`);

      const events = (await evidence.readEvents(sessionId)) ?? [];
      const types = events.map((entry) => entry.type).filter((type) => type.startsWith('signing.'));
      expect(types).toEqual([
        'signing.document.added',
        'signing.document.page-viewed',
        'signing.document.page-viewed',
        'signing.signature.refused',
        'signing.document.read-confirmed',
        'signing.signature.submitted',
        'signing.signature.redo-requested',
        'signing.signature.submitted',
        'signing.signature.attested',
        'signing.document.signed',
      ]);
      const submitted = events
        .map((entry) => readEvent(entry, 'signing.signature.submitted'))
        .filter((entry) => entry !== undefined);
      expect(submitted.map((entry) => entry.data.attempt)).toEqual([1, 2]);
      expect(submitted[1]?.mediaTimeMs).toBe(second.mediaTimeMs);
      expect(submitted[1]?.data).toMatchObject({
        strokesSha256: second.strokesSha256,
        imageSha256: second.imageSha256,
      });
      // Both attempts' files are kept.
      const kinds = events
        .filter((entry) => entry.type === 'evidence.file.added')
        .map((entry) => entry.data['kind'])
        .filter((kind) => kind !== undefined);
      expect(kinds.filter((kind) => kind === 'signature-strokes')).toHaveLength(2);
      expect(kinds.filter((kind) => kind === 'signature-image')).toHaveLength(2);
      expect(kinds).toContain('document');
      expect(kinds).toContain('signed-document');

      await agent.client.request('stopRecording', {});
      await running.api('POST', `/api/v1/sessions/${sessionId}/end`);
      await expect.poll(() => evidence.store.isSealed(sessionId), { timeout: 20_000 }).toBe(true);
      const verdict = await verifyEvidence(
        createDirectoryReader(join(running.config.evidence.dir, 'sessions', sessionId)),
        {
          publicKeys: evidence.keys.jwks().keys,
        },
      );
      expect(verdict.problems).toEqual([]);

      // The operator's command checks the package and its signed PDF.
      const jwkFile = join(running.config.dataDir, 'server-key.jwk');
      await writeFile(jwkFile, JSON.stringify(evidence.keys.publicJwk));
      const cli = await aircounterVerify(join(running.config.evidence.dir, 'sessions', sessionId), jwkFile);
      expect(cli.out).toContain('VERIFIED');
      expect(cli.code).toBe(0);
    },
  );

  it('refuses a signature without an active recording, from the agent, on another session’s document, and a replay', async () => {
    const { server: running, customer, agent, document } = await setUp({ record: false });
    await customer.client.request('confirmDocumentRead', { documentId: 'loan-1', shortCode: document.shortCode });
    expect(await customer.client.refusal('submitSignature', submission())).toBe('RECORDING_NOT_ACTIVE');
    expect(await agent.client.refusal('submitSignature', submission())).toBe('FORBIDDEN_ROLE');
    expect(
      await customer.client.refusal('attestSignature', {
        documentId: 'loan-1',
        attempt: 1,
        statement: 'signature-witnessed',
      }),
    ).toBe('FORBIDDEN_ROLE');

    // A document of another session is not found from this one, for reading or signing.
    const otherSession = await running.createSession();
    expect((await upload(running, otherSession, 'other-doc', await makeContractPdf())).status).toBe(201);
    expect(await customer.client.refusal('getDocumentPart', { documentId: 'other-doc', offset: 0 })).toBe(
      'DOCUMENT_NOT_FOUND',
    );
    await agent.client.request('startRecording', {});
    expect(await customer.client.refusal('submitSignature', { ...submission(), documentId: 'other-doc' })).toBe(
      'DOCUMENT_NOT_FOUND',
    );

    const once = submission();
    expect((await customer.client.request('submitSignature', once)).attempt).toBe(1);
    expect(await customer.client.refusal('submitSignature', once)).toBe('SIGNATURE_REPLAYED');
  });

  it('refuses malformed, oversized and too simple strokes, keeping nothing of them', async () => {
    const { server: running, sessionId, customer, agent, document } = await setUp({ signPdf: false });
    await customer.client.request('confirmDocumentRead', { documentId: 'loan-1', shortCode: document.shortCode });
    const dot = { x: 10, y: 10, t: 0, pressure: 0.5 };
    const base = sampleSignature();
    expect(
      await customer.client.refusal('submitSignature', submission({ ...base, strokes: [[{ ...dot, pressure: 2 }]] })),
    ).toBe('INVALID_PARAMS');
    expect(
      await customer.client.refusal('submitSignature', submission({ ...base, strokes: [[{ ...dot, x: 700 }]] })),
    ).toBe('INVALID_PARAMS');
    expect(
      await customer.client.refusal(
        'submitSignature',
        submission({ ...base, strokes: Array.from({ length: 65 }, () => [dot]) }),
      ),
    ).toBe('INVALID_PARAMS');
    // Over the method's message size: refused before it is parsed.
    const huge = Array.from({ length: 12 }, () => Array.from({ length: 2000 }, () => ({ ...dot, x: 123.456789 })));
    expect(await customer.client.refusal('submitSignature', submission({ ...base, strokes: huge }))).toBe(
      'PAYLOAD_TOO_LARGE',
    );
    expect(await customer.client.refusal('submitSignature', submission({ ...base, strokes: [[dot, dot, dot]] }))).toBe(
      'SIGNATURE_REJECTED',
    );
    const events = (await running.app.services.evidence.readEvents(sessionId)) ?? [];
    expect(events.some((entry) => entry.data['kind'] === 'signature-strokes')).toBe(false);
    expect(events.filter((entry) => entry.type === 'signing.signature.refused')).toHaveLength(1);

    // Without a PDF signing certificate the attestation still counts; no signed PDF is made.
    const { attempt } = await customer.client.request('submitSignature', submission());
    expect(attempt).toBe(1);
    const attested = await agent.client.request('attestSignature', {
      documentId: 'loan-1',
      attempt,
      statement: 'signature-witnessed',
    });
    expect(attested.signedDocumentSha256).toBeNull();
    const after = (await running.app.services.evidence.readEvents(sessionId)) ?? [];
    expect(after.some((entry) => entry.type === 'signing.signature.attested')).toBe(true);
    expect(after.some((entry) => entry.type === 'signing.document.signed')).toBe(false);
  });

  it('takes a document to read only: no signature field, read and confirmed, never signed', async () => {
    server = await startTestServer({ recording: { consentPolicy: 'external' } });
    const sessionId = await server.createSession();
    const customer = await joinAs(server, sessionId, 'customer', 'customer-1');
    const agent = await joinAs(server, sessionId, 'agent', 'agent-1');
    const response = await upload(server, sessionId, 'terms', await makeContractPdf(), 'title=Product%20terms');
    expect(response.status).toBe(201);
    const terms = (await response.json()) as { shortCode: string; signable: boolean };
    expect(terms.signable).toBe(false);
    expect((await upload(server, sessionId, 'loan-1', await makeContractPdf())).status).toBe(201);
    const { documents } = await customer.client.request('listDocuments', {});
    expect(documents.map((doc) => [doc.documentId, doc.signable])).toEqual([
      ['terms', false],
      ['loan-1', true],
    ]);
    // Half a signature field is a mistake, not a document to read.
    const half = await upload(server, sessionId, 'terms-2', await makeContractPdf(), 'title=x&signaturePage=1');
    expect(half.status).toBe(400);
    expect(((await half.json()) as { error: { code: string } }).error.code).toBe('INVALID_PARAMS');

    // Read and confirmed by its short code like any document …
    expect((await download(customer, 'terms')).byteLength).toBeGreaterThan(0);
    await customer.client.request('reportDocumentPage', { documentId: 'terms', page: 1, visibleMs: 1_500 });
    await customer.client.request('confirmDocumentRead', { documentId: 'terms', shortCode: terms.shortCode });
    // … but it takes no signature, however the session stands.
    await agent.client.request('startRecording', {});
    expect(await customer.client.refusal('submitSignature', { ...submission(), documentId: 'terms' })).toBe(
      'DOCUMENT_NOT_SIGNABLE',
    );
    const canvas = { width: 600, height: 200 };
    expect(await customer.client.refusal('relaySignatureStroke', { documentId: 'terms', stroke: null, canvas })).toBe(
      'DOCUMENT_NOT_SIGNABLE',
    );
    expect(await agent.client.refusal('requestSignatureRedo', { documentId: 'terms', reason: 'again' })).toBe(
      'DOCUMENT_NOT_SIGNABLE',
    );
    expect(
      await agent.client.refusal('attestSignature', {
        documentId: 'terms',
        attempt: 1,
        statement: 'signature-witnessed',
      }),
    ).toBe('DOCUMENT_NOT_SIGNABLE');

    const events = (await server.app.services.evidence.readEvents(sessionId)) ?? [];
    const added = events.find(
      (entry) => entry.type === 'signing.document.added' && entry.data['documentId'] === 'terms',
    );
    expect(added?.data['signable']).toBe(false);
    expect(added?.data['field']).toBeUndefined();
    expect(
      events.some((entry) => entry.type === 'signing.document.read-confirmed' && entry.data['documentId'] === 'terms'),
    ).toBe(true);
    const refused = events.filter((entry) => entry.type === 'signing.signature.refused');
    expect(refused.map((entry) => entry.data['code'])).toEqual(['DOCUMENT_NOT_SIGNABLE']);
  });

  it('refuses an upload that is not a PDF, too large, or whose signature field lies off the page', async () => {
    server = await startTestServer({ signing: { maxDocumentBytes: 64 * 1024, maxDocumentsPerSession: 2 } });
    const sessionId = await server.createSession();
    const notPdf = await upload(server, sessionId, 'd1', new TextEncoder().encode('hello, not a PDF'));
    expect(notPdf.status).toBe(422);
    expect(((await notPdf.json()) as { error: { code: string } }).error.code).toBe('DOCUMENT_INVALID');
    const big = new Uint8Array(65 * 1024);
    expect((await upload(server, sessionId, 'd2', big)).status).toBe(413);
    const offPage = await upload(
      server,
      sessionId,
      'd3',
      await makeContractPdf(),
      'title=x&signaturePage=3&signatureX=0&signatureY=0&signatureWidth=100&signatureHeight=40',
    );
    expect(offPage.status).toBe(422);
    // A retried upload of the same bytes answers as the first; other bytes under the same id are refused.
    const contract = await makeContractPdf();
    const first = await upload(server, sessionId, 'loan-1', contract);
    expect(first.status).toBe(201);
    const again = await upload(server, sessionId, 'loan-1', contract);
    expect(again.status).toBe(201);
    expect(await again.json()).toEqual(await first.json());
    const changed = Buffer.concat([Buffer.from(contract), Buffer.from('% another revision\n')]);
    expect((await upload(server, sessionId, 'loan-1', changed)).status).toBe(400);
    // Over the per-session limit: refused before anything is kept.
    expect((await upload(server, sessionId, 'loan-2', changed)).status).toBe(201);
    const beyond = await upload(server, sessionId, 'loan-3', Buffer.concat([changed, Buffer.from('%\n')]));
    expect(beyond.status).toBe(413);
    const kept = (await server.app.services.evidence.readEvents(sessionId)) ?? [];
    expect(kept.filter((entry) => entry.data['kind'] === 'document')).toHaveLength(2);
    const noTitle = await upload(server, sessionId, 'd4', await makeContractPdf(), FIELD);
    expect(noTitle.status).toBe(400);
    const noKey = await fetch(`${server.baseUrl}/api/v1/sessions/${sessionId}/documents/d5?title=x&${FIELD}`, {
      method: 'PUT',
      headers: { 'content-type': 'application/pdf' },
      body: Buffer.from(await makeContractPdf()),
    });
    expect(noKey.status).toBe(401);
  });
});

/** `aircounter verify <dir> --public-key <jwk>` as an operator runs it. */
function aircounterVerify(dir: string, jwkFile: string): Promise<{ code: number; out: string }> {
  const cli = join(import.meta.dirname, '..', '..', 'src', 'cli', 'aircounter.ts');
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [cli, 'verify', dir, '--public-key', jwkFile],
      { env: { PATH: process.env['PATH'] ?? '' } },
      (error, out) => {
        resolve({ code: error === null ? 0 : typeof error.code === 'number' ? error.code : -1, out });
      },
    );
  });
}

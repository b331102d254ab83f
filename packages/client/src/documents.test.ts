import { createHash } from 'node:crypto';
import { AirError, type DocumentInfo, type MethodName, type RequestData } from '@aircounter/protocol';
import { describe, expect, it } from 'vitest';
import { DocumentsController } from './documents.ts';
import type { Signaling } from './signaling/signaling.ts';

// session.documents in isolation: a fake signaling stands in for the server
// (the server's signing handlers have their own tests).

const PDF = new TextEncoder().encode('%PDF-1.7\n' + 'x'.repeat(700) + '\n%%EOF\n');

function info(bytes: Uint8Array, overrides: Partial<DocumentInfo> = {}): DocumentInfo {
  return {
    documentId: 'loan-1',
    title: 'Loan contract',
    sha256: createHash('sha256').update(bytes).digest('hex'),
    shortCode: '3F9A-21C7',
    pages: 2,
    bytes: bytes.length,
    signable: true,
    ...overrides,
  };
}

/** Serves `served` in parts of `partBytes` and records each request. */
function fakeSignaling(served: Uint8Array, partBytes = 256) {
  const requests: { method: MethodName; data: unknown }[] = [];
  const signaling: Signaling = {
    request: async <M extends MethodName>(method: M, data: RequestData<M>) => {
      requests.push({ method, data });
      if (method === 'listDocuments') return { documents: [info(served)] } as never;
      if (method === 'getDocumentPart') {
        const { offset } = data as RequestData<'getDocumentPart'>;
        const part = served.subarray(offset, offset + partBytes);
        return { offset, totalBytes: served.length, base64: Buffer.from(part).toString('base64') } as never;
      }
      if (method === 'confirmDocumentRead' && (data as RequestData<'confirmDocumentRead'>).shortCode !== '3F9A-21C7')
        throw new AirError('INVALID_PARAMS', 'wrong short code');
      return {} as never;
    },
  };
  return { signaling, requests };
}

describe('session.documents', () => {
  it('lists the session’s documents', async () => {
    const { signaling, requests } = fakeSignaling(PDF);
    const documents = await new DocumentsController(signaling).list();
    expect(documents).toEqual([info(PDF)]);
    expect(requests).toEqual([{ method: 'listDocuments', data: {} }]);
  });

  it('assembles the parts into the whole PDF, checked against its SHA-256', async () => {
    const { signaling, requests } = fakeSignaling(PDF);
    const bytes = await new DocumentsController(signaling).fetch(info(PDF));
    expect(Buffer.from(bytes).equals(Buffer.from(PDF))).toBe(true);
    expect(requests.map((request) => request.data)).toEqual(
      [0, 256, 512].map((offset) => ({ documentId: 'loan-1', offset })),
    );
  });

  it('refuses bytes that do not match the announced SHA-256', async () => {
    const tampered = PDF.slice();
    tampered[20] = 0x79;
    const { signaling } = fakeSignaling(tampered);
    await expect(new DocumentsController(signaling).fetch(info(PDF))).rejects.toMatchObject({
      code: 'DOCUMENT_INVALID',
    });
  });

  it('refuses a document over the byte bound, announced or served, before holding it', async () => {
    const { signaling, requests } = fakeSignaling(PDF);
    const documents = new DocumentsController(signaling);
    await expect(documents.fetch(info(PDF), { maxBytes: 100 })).rejects.toMatchObject({ code: 'PAYLOAD_TOO_LARGE' });
    expect(requests).toEqual([]);
    // The list said small, the server's parts say large: the parts decide.
    await expect(documents.fetch(info(PDF, { bytes: 50 }), { maxBytes: 100 })).rejects.toMatchObject({
      code: 'PAYLOAD_TOO_LARGE',
    });
    expect(requests).toHaveLength(1);
  });

  it('stops when aborted', async () => {
    const { signaling } = fakeSignaling(PDF);
    const controller = new AbortController();
    controller.abort();
    await expect(new DocumentsController(signaling).fetch(info(PDF), { signal: controller.signal })).rejects.toThrow();
  });

  it('reports pages and confirms the reading with the short code', async () => {
    const { signaling, requests } = fakeSignaling(PDF);
    const documents = new DocumentsController(signaling);
    await documents.reportPage('loan-1', 2, 4_321.6);
    await documents.confirmRead('loan-1', '3F9A-21C7');
    await documents.leadPage('loan-1', 2);
    expect(requests).toEqual([
      { method: 'reportDocumentPage', data: { documentId: 'loan-1', page: 2, visibleMs: 4_322 } },
      { method: 'confirmDocumentRead', data: { documentId: 'loan-1', shortCode: '3F9A-21C7' } },
      { method: 'leadDocumentPage', data: { documentId: 'loan-1', page: 2 } },
    ]);
    await expect(documents.confirmRead('loan-1', '0000-0000')).rejects.toMatchObject({ code: 'INVALID_PARAMS' });
  });

  it('tells when the bank added a document', () => {
    const { signaling } = fakeSignaling(PDF);
    const documents = new DocumentsController(signaling);
    const added: string[] = [];
    const off = documents.on('added', ({ document }) => added.push(document.documentId));
    documents.added({ document: info(PDF) });
    off();
    documents.added({ document: info(PDF, { documentId: 'loan-2' }) });
    expect(added).toEqual(['loan-1']);
  });

  it('tells the page the agent leads to', () => {
    const documents = new DocumentsController(fakeSignaling(PDF).signaling);
    const led: number[] = [];
    documents.on('pageLed', ({ page }) => led.push(page));
    documents.pageLed({ documentId: 'loan-1', page: 2 });
    expect(led).toEqual([2]);
  });

  it('relays strokes, submits each signature as a fresh attempt, asks for a redo and attests', async () => {
    const { signaling, requests } = fakeSignaling(PDF);
    const documents = new DocumentsController(signaling);
    const stroke = [
      { x: 10, y: 20, t: 0, pressure: 0.5 },
      { x: 60, y: 25, t: 40, pressure: 0.5 },
    ];
    const canvas = { width: 400, height: 200 };
    await documents.relayStroke('loan-1', stroke, canvas);
    await documents.relayStroke('loan-1', null, canvas);
    await documents.submitSignature('loan-1', { canvas, strokes: [stroke] });
    await documents.submitSignature('loan-1', { canvas, strokes: [stroke] });
    await documents.requestRedo('loan-1', 'The signature left the field');
    await documents.attest('loan-1', 2);
    expect(requests.map(({ method }) => method)).toEqual([
      'relaySignatureStroke',
      'relaySignatureStroke',
      'submitSignature',
      'submitSignature',
      'requestSignatureRedo',
      'attestSignature',
    ]);
    expect(requests[0]?.data).toEqual({ documentId: 'loan-1', stroke, canvas });
    expect(requests[1]?.data).toEqual({ documentId: 'loan-1', stroke: null, canvas });
    const [first, second] = requests
      .filter(({ method }) => method === 'submitSignature')
      .map(({ data }) => data as RequestData<'submitSignature'>);
    expect(first?.signature).toEqual({ canvas, strokes: [stroke] });
    // The server refuses an attempt id it has seen: every submission needs its own.
    expect(first?.attemptId).toMatch(/^[0-9a-f-]{36}$/);
    expect(first?.attemptId).not.toBe(second?.attemptId);
    expect(requests[4]?.data).toEqual({ documentId: 'loan-1', reason: 'The signature left the field' });
    expect(requests[5]?.data).toEqual({ documentId: 'loan-1', attempt: 2, statement: 'signature-witnessed' });
  });

  it('passes the signing notifications on under their own names', () => {
    const documents = new DocumentsController(fakeSignaling(PDF).signaling);
    const heard: string[] = [];
    documents.on('signatureStroke', ({ stroke }) =>
      heard.push(`stroke:${stroke === null ? 'cleared' : stroke.length}`),
    );
    documents.on('signatureSubmitted', ({ attempt }) => heard.push(`submitted:${attempt}`));
    documents.on('signatureRedoRequested', ({ reason }) => heard.push(`redo:${reason}`));
    documents.on('signatureAttested', ({ signedDocumentSha256 }) => heard.push(`attested:${signedDocumentSha256}`));
    const canvas = { width: 400, height: 200 };
    documents.notify('signatureStroke', { documentId: 'loan-1', peerId: 'c1', stroke: null, canvas });
    documents.notify('signatureSubmitted', { documentId: 'loan-1', peerId: 'c1', attempt: 1, mediaTimeMs: 5_000 });
    documents.notify('signatureRedoRequested', { documentId: 'loan-1', reason: 'again' });
    documents.notify('signatureAttested', { documentId: 'loan-1', attempt: 1, signedDocumentSha256: null });
    expect(heard).toEqual(['stroke:cleared', 'submitted:1', 'redo:again', 'attested:null']);
  });
});

import { AirError, type DocumentEvents, type DocumentInfo, type RecordingStatus } from '@aircounter/client';
import { describe, expect, it } from 'vitest';
import { SigningBinding, type SigningSession } from './signing-binding.ts';

// The glue between `session.documents` and the signing elements, on a fake
// session: what it loads, the call each element event makes, how the
// server's notifications change what the pages draw, and how a refusal is
// kept for the page to show.

const CONTRACT: DocumentInfo = {
  documentId: 'loan-contract',
  title: 'Loan contract',
  sha256: 'a'.repeat(64),
  shortCode: 'AAAA-AAAA',
  pages: 2,
  bytes: 4,
  signable: true,
};
const CANVAS = { width: 400, height: 200 };
const STROKE = [
  { x: 1, y: 2, t: 0, pressure: 0.5 },
  { x: 40, y: 9, t: 30, pressure: 0.5 },
];

type Listener = (data: never) => void;

function fakeSession(options: { recording?: RecordingStatus['state'] } = {}) {
  const calls: unknown[][] = [];
  const listeners = new Map<string, Set<Listener>>();
  let refusal: AirError | undefined;
  const on = (name: string, listener: Listener) => {
    const set = listeners.get(name) ?? new Set<Listener>();
    listeners.set(name, set);
    set.add(listener);
    return () => set.delete(listener);
  };
  const answer =
    <T>(method: string, value: T) =>
    (...args: unknown[]): Promise<T> => {
      calls.push([method, ...args]);
      const error = refusal;
      refusal = undefined;
      return error ? Promise.reject(error) : Promise.resolve(value);
    };
  const session = {
    documents: {
      list: answer('list', [CONTRACT]),
      fetch: answer('fetch', new Uint8Array([37, 80, 68, 70])),
      reportPage: answer('reportPage', undefined),
      confirmRead: answer('confirmRead', undefined),
      leadPage: answer('leadPage', undefined),
      relayStroke: answer('relayStroke', undefined),
      submitSignature: answer('submitSignature', {
        attempt: 1,
        strokesSha256: 's',
        imageSha256: 'i',
        mediaTimeMs: 4_200,
      }),
      requestRedo: answer('requestRedo', undefined),
      attest: answer('attest', { signedDocumentSha256: 'f'.repeat(64) }),
      on: (name: string, listener: Listener) => on(`documents.${name}`, listener),
      off: () => undefined,
    },
    recording: { status: { state: options.recording ?? 'active' } },
    on: (name: string, listener: Listener) => on(name, listener),
  } as unknown as SigningSession;
  return {
    session,
    calls,
    refuseNext: (error: AirError) => (refusal = error),
    notify: <K extends keyof DocumentEvents>(name: K, data: DocumentEvents[K]) => {
      for (const listener of listeners.get(`documents.${name}`) ?? []) (listener as (d: unknown) => void)(data);
    },
  };
}

describe('SigningBinding', () => {
  it('lists the session’s documents and fetches each one', async () => {
    const fake = fakeSession();
    let changes = 0;
    const binding = new SigningBinding(fake.session, { onChange: () => (changes += 1) });
    await binding.load();
    expect(binding.documents).toHaveLength(1);
    expect(binding.documents[0]?.info).toEqual(CONTRACT);
    expect(binding.documents[0]?.bytes).toEqual(new Uint8Array([37, 80, 68, 70]));
    expect(fake.calls.map(([method]) => method)).toEqual(['list', 'fetch']);
    expect(changes).toBeGreaterThan(0);
    // A document the bank adds later is fetched too, once.
    fake.notify('added', { document: { ...CONTRACT, documentId: 'annex' } });
    await Promise.resolve();
    await binding.load();
    expect(binding.documents.map((doc) => doc.info.documentId)).toEqual(['loan-contract', 'annex']);
    expect(fake.calls.filter(([method]) => method === 'fetch')).toHaveLength(2);
  });

  it('keeps a document that cannot be fetched, with the reason', async () => {
    const fake = fakeSession();
    const binding = new SigningBinding(fake.session, { onChange: () => undefined });
    fake.session.documents.fetch = () => Promise.reject(new AirError('DOCUMENT_INVALID', 'hash differs'));
    await binding.load();
    expect(binding.documents[0]?.loadErrorCode).toBe('DOCUMENT_INVALID');
    expect(binding.documents[0]?.bytes).toBeUndefined();
  });

  it('takes the customer from reading to a submitted signature, and to a redo', async () => {
    const fake = fakeSession();
    const redone: string[] = [];
    const binding = new SigningBinding(fake.session, {
      onChange: () => undefined,
      onRedoRequested: (documentId) => redone.push(documentId),
    });
    await binding.load();
    await binding.confirmRead('loan-contract', 'AAAA-AAAA');
    expect(binding.documents[0]?.readConfirmed).toBe(true);
    binding.relayStroke('loan-contract', STROKE, CANVAS);
    expect(await binding.submit('loan-contract', { canvas: CANVAS, strokes: [STROKE] })).toBe(true);
    expect(binding.documents[0]?.attempts).toEqual([{ attempt: 1, mediaTimeMs: 4_200 }]);
    // The same attempt announced again by the server is not a second one.
    fake.notify('signatureSubmitted', { documentId: 'loan-contract', peerId: 'c', attempt: 1, mediaTimeMs: 4_200 });
    expect(binding.documents[0]?.attempts).toHaveLength(1);
    fake.notify('signatureRedoRequested', { documentId: 'loan-contract', reason: 'Outside the box' });
    expect(binding.documents[0]?.redoReason).toBe('Outside the box');
    expect(redone).toEqual(['loan-contract']);
    fake.notify('signatureSubmitted', { documentId: 'loan-contract', peerId: 'c', attempt: 2, mediaTimeMs: 9_000 });
    expect(binding.documents[0]?.redoReason).toBeUndefined();
    expect(binding.documents[0]?.attempts.map((attempt) => attempt.attempt)).toEqual([1, 2]);
    expect(fake.calls.map(([method]) => method)).toEqual([
      'list',
      'fetch',
      'confirmRead',
      'relayStroke',
      'submitSignature',
    ]);
  });

  it('keeps a refusal as its code, and one call at a time', async () => {
    const fake = fakeSession({ recording: 'idle' });
    const binding = new SigningBinding(fake.session, { onChange: () => undefined });
    await binding.load();
    expect(binding.recordingActive).toBe(false);
    fake.refuseNext(new AirError('RECORDING_NOT_ACTIVE', 'not recording'));
    expect(await binding.submit('loan-contract', { canvas: CANVAS, strokes: [STROKE] })).toBe(false);
    expect(binding.errorCode).toBe('RECORDING_NOT_ACTIVE');
    expect(binding.documents[0]?.attempts).toEqual([]);
    // While a call is on its way a second is not sent.
    const first = binding.confirmRead('loan-contract', 'AAAA-AAAA');
    expect(binding.busy).toBe(true);
    expect(await binding.submit('loan-contract', { canvas: CANVAS, strokes: [STROKE] })).toBe(false);
    await first;
    expect(binding.errorCode).toBeUndefined();
    expect(fake.calls.filter(([method]) => method === 'submitSignature')).toHaveLength(1);
  });

  it('shows the agent the strokes as they come, leads pages once each, asks for a redo and attests', async () => {
    const fake = fakeSession();
    const strokes: (number | null)[] = [];
    const binding = new SigningBinding(fake.session, {
      onChange: () => undefined,
      onStroke: (_id, stroke) => strokes.push(stroke?.length ?? null),
    });
    await binding.load();
    fake.notify('signatureStroke', { documentId: 'loan-contract', peerId: 'c', stroke: STROKE, canvas: CANVAS });
    fake.notify('signatureStroke', { documentId: 'loan-contract', peerId: 'c', stroke: STROKE, canvas: CANVAS });
    expect(binding.documents[0]?.liveStrokes).toHaveLength(2);
    expect(binding.documents[0]?.liveCanvas).toEqual(CANVAS);
    fake.notify('signatureStroke', { documentId: 'loan-contract', peerId: 'c', stroke: null, canvas: CANVAS });
    expect(binding.documents[0]?.liveStrokes).toEqual([]);
    expect(strokes).toEqual([2, 2, null]);

    binding.leadPage('loan-contract', 2);
    binding.leadPage('loan-contract', 2);
    binding.setFollowing(false);
    binding.setFollowing(true);
    binding.leadPage('loan-contract', 2);
    expect(fake.calls.filter(([method]) => method === 'leadPage')).toEqual([
      ['leadPage', 'loan-contract', 2],
      ['leadPage', 'loan-contract', 2],
    ]);

    expect(await binding.requestRedo('loan-contract', 'The pen slipped')).toBe(true);
    expect(await binding.attest('loan-contract', 1)).toBe(true);
    expect(binding.documents[0]?.attested).toEqual({ attempt: 1, signedDocumentSha256: 'f'.repeat(64) });
    expect(fake.calls.slice(-2)).toEqual([
      ['requestRedo', 'loan-contract', 'The pen slipped'],
      ['attest', 'loan-contract', 1],
    ]);
  });
});

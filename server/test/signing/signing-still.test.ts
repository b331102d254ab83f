import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { readEvent } from '@aircounter/evidence';
import { afterEach, describe, expect, it } from 'vitest';
import { readArtifact } from '../../src/evidence/artifacts.ts';
import { StillGrabber } from '../../src/media/still.ts';
import { SigningService } from '../../src/signing/signing-service.ts';
import { migrate } from '../../src/store/migrate.ts';
import { openPgliteDb, sharedPgliteSeedDir } from '../../src/store/pglite-db.ts';
import { storeOver, type Store } from '../../src/store/store.ts';
import { joinPeer, newRoom, publish, testLog, useRecordingHarness } from '../helpers/recording.ts';
import { makeContractPdf, sampleSignature } from './fixtures.ts';

// The still at the signing moment: a real mediasoup worker, a clip played in
// as the customer's camera, the server's still grabber, the signing service.

const h = useRecordingHarness({ durationS: 6, width: 640, height: 360 });
let store: Store | undefined;

afterEach(async () => {
  await store?.close();
  store = undefined;
});

describe('signature still', () => {
  it('keeps a still of the customer’s camera with each signature attempt and names it in the event', async () => {
    store = storeOver(await openPgliteDb(join(h.store.root, 'db'), { seedDir: sharedPgliteSeedDir() }), 'node-a');
    await migrate(store.db);
    const room = await newRoom(h.media);
    await store.db.query(`INSERT INTO sessions (id, status, created_at) VALUES ($1, 'active', now())`, [
      room.sessionId,
    ]);
    await h.store.evidence.openSession(room.sessionId);
    const customer = joinPeer(room, 'customer-1', 'customer');
    const feed = await h.feed(room, { loop: true });
    publish(room, customer.peer, feed);
    const signing = new SigningService({
      documents: store.documents,
      evidence: h.store.evidence,
      settings: {
        maxDocumentBytes: 1024 * 1024,
        maxDocumentsPerSession: 2,
        maxPageReports: 10,
        maxSignatureAttempts: 2,
        minimum: { points: 20, widthShare: 0.15, inkLengthShare: 0.5 },
        pdfCertificateFile: undefined,
        pdfKeyFile: undefined,
        pdfContactInfo: 'Example Test Bank',
        pdfLocation: 'Video counter',
      },
      pdfKey: undefined,
      stills: new StillGrabber({
        evidence: h.store.evidence,
        recording: h.recorder(),
        settings: { maxPerSession: 5, timeoutMs: 10_000 },
        log: testLog,
      }),
      log: testLog,
    });
    const document = await signing.addDocument(
      room.sessionId,
      {
        documentId: 'loan-1',
        title: 'Loan contract',
        field: { page: 2, x: 72, y: 100, width: 220, height: 70 },
        pdf: await makeContractPdf(),
      },
      room,
    );
    await signing.confirmRead(room, customer.peer, { documentId: 'loan-1', shortCode: document.shortCode });
    room.recordingStatus = { state: 'active', since: Date.now(), consentGiven: true, recordingId: 'rec-1' };

    const submitted = await signing.submit(room, customer.peer, {
      documentId: 'loan-1',
      attemptId: randomUUID(),
      signature: sampleSignature(),
    });
    expect(submitted.attempt).toBe(1);

    const events = (await h.store.evidence.readEvents(room.sessionId)) ?? [];
    const entry = events.map((item) => readEvent(item, 'signing.signature.submitted')).find((item) => item);
    const stillSha256 = entry?.data.stillSha256 ?? '';
    expect(stillSha256).toMatch(/^[0-9a-f]{64}$/);
    const jpeg = await readArtifact(h.store.evidence, room.sessionId, {
      kind: 'still',
      sha256: stillSha256,
      mediaType: 'image/jpeg',
    });
    // A JPEG (SOI marker) the evidence keeps under the hash the event names.
    expect([jpeg?.[0], jpeg?.[1]]).toEqual([0xff, 0xd8]);
    room.close('test-ended');
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { createBankBackend, DEMO_JOURNEY, PRODUCT_TERMS_ID } from '../../examples/demo-bank/src/bank-backend.ts';
import { PRODUCT_TERMS_SHA256 } from '../../examples/demo-bank/src/journeys/wealth-sale.ts';
import { StaffSessions } from '../../examples/demo-bank/src/staff/staff-sessions.ts';
import { createStaffDirectory } from '../../examples/demo-bank/src/staff/staff-users.ts';
import { startTestServer, type TestServer } from './helpers/test-server.ts';

// The demo bank publishes its 双录 script and opens sessions that run it,
// through AirCounter's REST API as a bank's back end would.

let air: TestServer;
let bank: ReturnType<typeof createBankBackend>;

beforeAll(async () => {
  air = await startTestServer();
  bank = createBankBackend({
    airBaseUrl: air.baseUrl,
    apiKey: air.config.auth.apiKey.reveal(),
    publicBaseUrl: 'http://demo.test',
    linkTtlSeconds: 3600,
    pinnedEvidenceKeys: [],
    staff: await createStaffDirectory({}),
    staffSessions: new StaffSessions(),
  });
});

afterAll(async () => {
  await air.close();
});

describe('the demo bank’s 双录 journey', () => {
  it('registers its script at every start without a conflict', async () => {
    await bank.registerJourneys();
    await bank.registerJourneys();
    const response = await air.api('GET', `/api/v1/journeys/${DEMO_JOURNEY.id}/${DEMO_JOURNEY.version}`);
    expect(response.status).toBe(200);
    const body = (await response.json()) as { definition: { steps: { id: string }[] } };
    expect(body.definition.steps.map((step) => step.id)).toEqual([
      'consent',
      'introduction',
      'identity',
      'risk-disclosure',
      'risk-assessment',
      'understood',
      'product-terms',
      'cooling-off',
      'handwritten-sentence',
    ]);
  });

  it('opens a session that runs the script in the chosen language, with its product terms to read, and one without', async () => {
    const withJourney = await bank.createSession({ customerName: 'Wang Fang', journeyLocale: 'zh-Hant' });
    expect(withJourney.journey).toEqual({ ...DEMO_JOURNEY, locale: 'zh-Hant' });
    const started = ((await air.app.services.evidence.readEvents(withJourney.sessionId)) ?? []).find(
      (event) => event.type === 'journey.started',
    );
    expect(started?.data).toMatchObject({
      journeyId: DEMO_JOURNEY.id,
      version: DEMO_JOURNEY.version,
      locale: 'zh-Hant',
    });
    // The product terms of the script's language: the file its document step names, to be read only.
    const documents = await air.app.services.signing.list(withJourney.sessionId);
    expect(documents.map((doc) => [doc.documentId, doc.sha256, doc.signable])).toEqual([
      [PRODUCT_TERMS_ID, PRODUCT_TERMS_SHA256['zh-Hant'], false],
    ]);
    const stored = await air.app.services.signing.readDocument(withJourney.sessionId, PRODUCT_TERMS_ID);
    expect(createHash('sha256').update(stored).digest('hex')).toBe(PRODUCT_TERMS_SHA256['zh-Hant']);

    const without = await bank.createSession({ customerName: 'Li Na' });
    expect(without.journey).toBeUndefined();
    const events = (await air.app.services.evidence.readEvents(without.sessionId)) ?? [];
    expect(events.some((event) => event.type === 'journey.started')).toBe(false);
    expect(await air.app.services.signing.list(without.sessionId)).toEqual([]);
  });
});

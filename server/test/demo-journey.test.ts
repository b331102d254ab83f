import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBankBackend, DEMO_JOURNEY } from '../../examples/demo-bank/src/bank-backend.ts';
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
      'risk-disclosure',
      'risk-assessment',
      'understood',
      'cooling-off',
      'handwritten-sentence',
    ]);
  });

  it('opens a session that runs the script in the chosen language, and one without', async () => {
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

    const without = await bank.createSession({ customerName: 'Li Na' });
    expect(without.journey).toBeUndefined();
    const events = (await air.app.services.evidence.readEvents(without.sessionId)) ?? [];
    expect(events.some((event) => event.type === 'journey.started')).toBe(false);
  });
});

import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fetchSigningKeys } from '@aircounter/evidence';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDemo } from '../../examples/demo-bank/src/main.ts';
import { ensureFaceFixtures, generated, PORTRAIT } from '../../packages/vision/test/support/face-fixtures.ts';
import { launchWithFakeMedia, type FakeCameraBrowser } from './support/browser.ts';
import { fakeParticipantMedia } from './support/media-fixtures.ts';

// The demo's identity check end to end: the customer page runs
// <air-liveness-check> on the call's camera, the server re-checks the evidence
// and the agent console shows the server's signed decision. The customer's
// fake camera shows a still photo of the ID photo's owner, held up to the
// camera: the face matches, but a photo cannot follow the challenges, so the
// server must decide FAILED.

let demo: Awaited<ReturnType<typeof startDemo>>;
let customer: FakeCameraBrowser;
let agent: FakeCameraBrowser;
const dataDir = mkdtempSync(join(tmpdir(), 'air-e2e-identity-'));

beforeAll(async () => {
  ensureFaceFixtures();
  const blue = await fakeParticipantMedia({ name: 'agent', colour: 'blue', toneHz: 880 });
  demo = await startDemo({ port: 0, dataDir, env: { ...process.env, AIR_LOG_LEVEL: 'warn', AIR_WORKERS: '1' } });
  [customer, agent] = await Promise.all([
    launchWithFakeMedia({ video: generated('still.y4m'), audio: blue.audio }),
    launchWithFakeMedia(blue),
  ]);
});

afterAll(async () => {
  await Promise.allSettled([customer?.close(), agent?.close()]);
  await demo?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('identity check in the demo bank', () => {
  it('a photo held to the camera fails, and the agent sees the server-signed decision', async () => {
    const session = await demo.bank.createSession({ customerName: 'Photo Attack', agentName: 'Agent Blue' });
    const idPhoto = await fetch(`${demo.url}/bank/api/sessions/${session.sessionId}/id-photo`, {
      method: 'PUT',
      headers: { 'content-type': 'image/jpeg' },
      body: readFileSync(PORTRAIT),
    });
    expect(idPhoto.status).toBe(204);
    await Promise.all([customer.page.goto(session.links.customer), agent.page.goto(session.links.agent)]);

    await customer.page.locator('air-liveness-check [part~="start"]').click({ timeout: 60_000 });
    const result = agent.page.locator('section[aria-label="Identity check"] dl');
    await result.waitFor({ timeout: 90_000 });
    const text = (await result.textContent())?.replace(/\s+/g, ' ') ?? '';
    expect(text).toContain('FAILED');
    expect(text).toMatch(/Liveness failed/);
    // Signed by the key the server publishes.
    const [key] = await fetchSigningKeys(demo.url);
    expect(key).toBeDefined();
    expect(text).toContain(key?.kid);
    // The customer is told too, in words.
    await customer.page
      .locator('air-liveness-check [part~="prompt"]')
      .filter({ hasText: 'did not succeed' })
      .waitFor({ timeout: 10_000 });
  });
});

import { readFileSync } from 'node:fs';
import { fetchSigningKeys } from '@aircounter/evidence';
import { describe, expect, it } from 'vitest';
import { useDemoCall } from './support/demo-call.ts';
import { ensureFaceFixtures, generated, PORTRAIT } from '../../packages/vision/test/support/face-fixtures.ts';
import { staffCookie } from './support/staff-login.ts';

// The demo's identity check end to end: the customer page runs
// <air-liveness-check> on the call's camera, the server re-checks the evidence
// and the agent console shows the server's signed decision. The customer's
// fake camera shows a still photo of the ID photo's owner, held up to the
// camera: the face matches, but a photo cannot follow the challenges, so the
// server must decide FAILED.

const call = useDemoCall({
  customerMedia: (agentMedia) => {
    ensureFaceFixtures();
    return { video: generated('still.y4m'), audio: agentMedia.audio };
  },
});

describe('identity check in the demo bank', () => {
  it('a photo held to the camera fails, and the agent sees the server-signed decision', async () => {
    const session = await call.demo.bank.createSession({ customerName: 'Photo Attack', agentName: 'Agent Blue' });
    const cookie = await staffCookie(call.demo.url, 'agent', call.demo.demoPassword);
    const idPhoto = await fetch(`${call.demo.url}/bank/api/sessions/${session.sessionId}/id-photo`, {
      method: 'PUT',
      headers: { 'content-type': 'image/jpeg', cookie },
      body: readFileSync(PORTRAIT),
    });
    expect(idPhoto.status).toBe(204);
    await Promise.all([call.customer.page.goto(session.links.customer), call.agent.page.goto(session.links.agent)]);

    await call.customer.page.locator('air-liveness-check [part~="start"]').click({ timeout: 60_000 });
    const result = call.agent.page.locator('section[aria-labelledby="identity-title"] dl');
    await result.waitFor({ timeout: 90_000 });
    const text = (await result.textContent())?.replace(/\s+/g, ' ') ?? '';
    expect(text).toContain('FAILED');
    expect(text).toMatch(/Liveness failed/);
    // Signed by the key the server publishes.
    const [key] = await fetchSigningKeys(call.demo.url);
    expect(key).toBeDefined();
    expect(text).toContain(key?.kid);
    // The customer is told too, in words.
    await call.customer.page
      .locator('air-liveness-check [part~="prompt"]')
      .filter({ hasText: 'did not succeed' })
      .waitFor({ timeout: 10_000 });
  });
});

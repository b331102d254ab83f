import { readFileSync } from 'node:fs';
import { fetchSigningKeys } from '@aircounter/evidence';
import { describe, expect, it } from 'vitest';
import { PORTRAIT } from '../../packages/vision/test/support/face-fixtures.ts';
import { clickInShadow } from './support/call-page.ts';
import { useImageAsCamera } from './support/canvas-camera.ts';
import { useDemoCall } from './support/demo-call.ts';
import { staffCookie } from './support/staff-login.ts';

// The identity check with the customer in Firefox: the face models and the
// wasm backend run there, the server re-checks the evidence and the agent
// (Chromium) sees the signed decision. Firefox's fake camera cannot play a
// file, so the page's camera is a canvas showing the ID photo's owner as a
// still photo held to the camera (support/canvas-camera.ts): the face
// matches, but a photo cannot follow the challenges, so the server must
// decide FAILED, as in the Chromium suite.

const call = useDemoCall({ browsers: { customer: 'firefox' } });

describe('identity check with the customer in Firefox', () => {
  it('runs the liveness check in Firefox and the agent sees the server-signed decision', async () => {
    const session = await call.demo.bank.createSession({ customerName: 'Photo Attack', agentName: 'Agent Blue' });
    const cookie = await staffCookie(call.demo.url, 'agent', call.demo.demoPassword);
    const idPhoto = await fetch(`${call.demo.url}/bank/api/sessions/${session.sessionId}/id-photo`, {
      method: 'PUT',
      headers: { 'content-type': 'image/jpeg', cookie },
      body: readFileSync(PORTRAIT),
    });
    expect(idPhoto.status).toBe(204);
    // The same selfie-like framing as the Chromium suite's clip (face-fixtures CAMERA_CROP).
    await useImageAsCamera(call.customer.call, PORTRAIT, { x: 45, y: 0, width: 720, height: 540 });
    await Promise.all([call.customer.call.goto(session.links.customer), call.agent.page.goto(session.links.agent)]);

    await clickInShadow(call.customer.call, 'air-liveness-check', '[part~="start"]', 60_000);
    const result = call.agent.page.locator('section[aria-labelledby="identity-title"] dl');
    await result.waitFor({ timeout: 120_000 });
    const text = (await result.textContent())?.replace(/\s+/g, ' ') ?? '';
    expect(text).toContain('FAILED');
    expect(text).toMatch(/Liveness failed/);
    const [key] = await fetchSigningKeys(call.demo.url);
    expect(key).toBeDefined();
    expect(text).toContain(key?.kid);
    await call.customer.call.waitFor(
      () =>
        document
          .querySelector('air-liveness-check')
          ?.shadowRoot?.querySelector('[part~="prompt"]')
          ?.textContent?.includes('did not succeed') ?? false,
      undefined,
      10_000,
    );
  });
});

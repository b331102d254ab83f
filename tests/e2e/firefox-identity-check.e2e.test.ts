import { describe, it } from 'vitest';
import { PORTRAIT } from '../../packages/vision/test/support/face-fixtures.ts';
import { clickInShadow } from './support/call-page.ts';
import { useImageAsCamera } from './support/canvas-camera.ts';
import { useDemoCall } from './support/demo-call.ts';
import { expectSignedFailure, sessionWithIdPhoto } from './support/identity-check.ts';

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
    const session = await sessionWithIdPhoto(call.demo);
    // The same selfie-like framing as the Chromium suite's clip (face-fixtures CAMERA_CROP).
    await useImageAsCamera(call.customer.call, PORTRAIT, { x: 45, y: 0, width: 720, height: 540 });
    await Promise.all([call.customer.call.goto(session.links.customer), call.agent.page.goto(session.links.agent)]);

    await clickInShadow(call.customer.call, 'air-liveness-check', '[part~="start"]', 60_000);
    // The agent sees the server’s decision, signed by the key it publishes.
    await expectSignedFailure(call.agent.page, call.demo, 120_000);
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

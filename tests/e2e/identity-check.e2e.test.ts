import { describe, it } from 'vitest';
import { useDemoCall } from './support/demo-call.ts';
import { ensureFaceFixtures, generated } from '../../packages/vision/test/support/face-fixtures.ts';
import { expectSignedFailure, sessionWithIdPhoto } from './support/identity-check.ts';

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
    const session = await sessionWithIdPhoto(call.demo);
    await Promise.all([call.customer.page.goto(session.links.customer), call.agent.page.goto(session.links.agent)]);

    await call.customer.page.locator('air-liveness-check [part~="start"]').click({ timeout: 60_000 });
    // The agent sees the server’s decision, signed by the key it publishes.
    await expectSignedFailure(call.agent.page, call.demo, 90_000);
    // The customer is told too, in words.
    await call.customer.page
      .locator('air-liveness-check [part~="prompt"]')
      .filter({ hasText: 'did not succeed' })
      .waitFor({ timeout: 10_000 });
  });
});

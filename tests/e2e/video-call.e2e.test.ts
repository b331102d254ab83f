import { describe, expect, it } from 'vitest';
import { useDemoCall } from './support/demo-call.ts';
import { remoteAudio, remoteParticipantCount, remoteVideoColour, waitForRemoteVideo } from './support/page-probes.ts';

// Two people, two browsers, two different fake cameras and microphones,
// through the real demo bank, server, mediasoup worker and WebRTC.
// Customer: a red clip and a 440 Hz tone. Agent: a blue clip and an 880 Hz tone.

const call = useDemoCall();

describe('a two-party video call through the real server', () => {
  it('each side sees and hears the other side, not itself', async () => {
    const session = await call.demo.bank.createSession({ customerName: 'Customer Red', agentName: 'Agent Blue' });
    await Promise.all([call.customer.page.goto(session.links.customer), call.agent.page.goto(session.links.agent)]);
    await Promise.all([waitForRemoteVideo(call.customer.page), waitForRemoteVideo(call.agent.page)]);

    const customerSees = await remoteVideoColour(call.customer.page);
    const agentSees = await remoteVideoColour(call.agent.page);
    // The customer's remote video is the agent's blue clip, and vice versa.
    expect(customerSees.b).toBeGreaterThan(customerSees.r + 60);
    expect(agentSees.r).toBeGreaterThan(agentSees.b + 60);

    const customerHears = await remoteAudio(call.customer.page);
    const agentHears = await remoteAudio(call.agent.page);
    expect(customerHears.rms).toBeGreaterThan(0.01);
    expect(agentHears.rms).toBeGreaterThan(0.01);
    expect(Math.abs(customerHears.peakHz - 880)).toBeLessThan(30);
    expect(Math.abs(agentHears.peakHz - 440)).toBeLessThan(30);
  });

  it('when the agent hangs up, the customer sees them leave', async () => {
    expect(await remoteParticipantCount(call.customer.page)).toBe(1);
    await call.agent.page.locator('air-video-session [part~="hang-up"]').click();
    await call.agent.page.locator('air-video-session [part~="confirm-hang-up"]').click();
    await call.customer.page.waitForFunction(
      () =>
        document.querySelector('air-video-session')?.shadowRoot?.querySelectorAll('[part~="participant"]').length === 0,
      undefined,
      { timeout: 20_000 },
    );
    expect(await remoteParticipantCount(call.customer.page)).toBe(0);
  });
});

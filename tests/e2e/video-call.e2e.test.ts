import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDemo } from '../../examples/demo-bank/src/main.ts';
import { launchWithFakeMedia, type FakeCameraBrowser } from './support/browser.ts';
import { fakeParticipantMedia } from './support/media-fixtures.ts';
import { remoteAudio, remoteParticipantCount, remoteVideoColour, waitForRemoteVideo } from './support/page-probes.ts';

// Two people, two browsers, two different fake cameras and microphones,
// through the real demo bank, server, mediasoup worker and WebRTC.
// Customer: a red clip and a 440 Hz tone. Agent: a blue clip and an 880 Hz tone.

let demo: Awaited<ReturnType<typeof startDemo>>;
let customer: FakeCameraBrowser;
let agent: FakeCameraBrowser;
const dataDir = mkdtempSync(join(tmpdir(), 'air-e2e-call-'));

beforeAll(async () => {
  const [red, blue] = await Promise.all([
    fakeParticipantMedia({ name: 'customer', colour: 'red', toneHz: 440 }),
    fakeParticipantMedia({ name: 'agent', colour: 'blue', toneHz: 880 }),
  ]);
  demo = await startDemo({ port: 0, dataDir, env: { ...process.env, AIR_LOG_LEVEL: 'warn', AIR_WORKERS: '1' } });
  [customer, agent] = await Promise.all([launchWithFakeMedia(red), launchWithFakeMedia(blue)]);
});

afterAll(async () => {
  await Promise.allSettled([customer?.close(), agent?.close()]);
  await demo?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('a two-party video call through the real server', () => {
  it('each side sees and hears the other side, not itself', async () => {
    const session = await demo.bank.createSession({ customerName: 'Customer Red', agentName: 'Agent Blue' });
    await Promise.all([customer.page.goto(session.links.customer), agent.page.goto(session.links.agent)]);
    await Promise.all([waitForRemoteVideo(customer.page), waitForRemoteVideo(agent.page)]);

    const customerSees = await remoteVideoColour(customer.page);
    const agentSees = await remoteVideoColour(agent.page);
    // The customer's remote video is the agent's blue clip, and vice versa.
    expect(customerSees.b).toBeGreaterThan(customerSees.r + 60);
    expect(agentSees.r).toBeGreaterThan(agentSees.b + 60);

    const customerHears = await remoteAudio(customer.page);
    const agentHears = await remoteAudio(agent.page);
    expect(customerHears.rms).toBeGreaterThan(0.01);
    expect(agentHears.rms).toBeGreaterThan(0.01);
    expect(Math.abs(customerHears.peakHz - 880)).toBeLessThan(30);
    expect(Math.abs(agentHears.peakHz - 440)).toBeLessThan(30);
  });

  it('when the agent hangs up, the customer sees them leave', async () => {
    expect(await remoteParticipantCount(customer.page)).toBe(1);
    await agent.page.locator('air-video-session [part~="hang-up"]').click();
    await customer.page.waitForFunction(
      () =>
        document.querySelector('air-video-session')?.shadowRoot?.querySelectorAll('[part~="participant"]').length === 0,
      undefined,
      { timeout: 20_000 },
    );
    expect(await remoteParticipantCount(customer.page)).toBe(0);
  });
});

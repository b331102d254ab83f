import { join } from 'node:path';
import { fetchSigningKeys } from '@aircounter/evidence';
import { describe, expect, it } from 'vitest';
import { useDemoCall } from './support/demo-call.ts';
import { probe } from './support/ffprobe.ts';
import { waitForRemoteVideo } from './support/page-probes.ts';
import { markerKinds, openVerifiedReplay } from './support/replay-probes.ts';
import { sealedPackage } from './support/sealed-package.ts';
import { loginContext } from './support/staff-login.ts';

// 双录 end to end: the customer consents in their page, the agent records
// about ten seconds of the call and stops, the bank ends the session; the
// sealed evidence package verifies, holds audio and video of both people, and
// the compliance portal replays it with its markers and a verified badge.

const RECORD_SECONDS = 10;
const call = useDemoCall();

describe('a recorded call (双录) from consent to replay', () => {
  let sessionId = '';

  it('records only after consent, for as long as the agent records', async () => {
    const session = await call.demo.bank.createSession({ customerName: 'Customer Red', agentName: 'Agent Blue' });
    sessionId = session.sessionId;
    await Promise.all([call.customer.page.goto(session.links.customer), call.agent.page.goto(session.links.agent)]);
    await Promise.all([waitForRemoteVideo(call.customer.page), waitForRemoteVideo(call.agent.page)]);

    const start = call.agent.page.getByRole('button', { name: 'Start recording' });
    await expect.poll(() => start.isDisabled()).toBe(true); // no consent yet

    await call.customer.page.getByRole('button', { name: 'I agree to the recording' }).click();
    await expect.poll(() => start.isEnabled(), { timeout: 10_000 }).toBe(true);
    await start.click();
    await call.agent.page.getByText('● Recording').waitFor({ timeout: 20_000 });
    // The customer always sees that recording is on.
    await call.customer.page.getByText('● Recording').waitFor({ timeout: 10_000 });

    await call.agent.page.waitForTimeout(RECORD_SECONDS * 1000);
    await call.agent.page.getByRole('button', { name: 'Stop recording' }).click();
    await call.agent.page.getByText('Recording stopped and saved').waitFor({ timeout: 30_000 });
    // Ending a session is a staff action of the bank's back end: the agent is logged in.
    await loginContext(call.agent.context, call.demo.url, 'agent', call.demo.demoPassword);
    await call.agent.page.getByRole('button', { name: 'End session for everyone' }).click();
  });

  it('seals a package that verifies and holds both participants on audio and video', async () => {
    // Verified from the files on disk, as an auditor's copy, with the keys the server publishes.
    const {
      dir: packageDir,
      report,
      manifest,
    } = await sealedPackage(call.demo, sessionId, {
      timeoutMs: 30_000,
      publicKeys: await fetchSigningKeys(call.demo.url),
    });
    expect(report.problems).toEqual([]);
    expect(report.ok).toBe(true);
    const types = report.events.map((event) => event.type);
    const consentAt = types.indexOf('consent.given');
    const activeAt = report.events.findIndex(
      (event) => event.type === 'recording.state' && (event.data as { state?: unknown }).state === 'active',
    );
    expect(consentAt).toBeGreaterThanOrEqual(0);
    expect(activeAt).toBeGreaterThan(consentAt);

    expect(manifest.complete).toBe(true);
    const media = manifest.files.filter((file) => /^(audio|video)\//.test(file.mediaType ?? ''));
    const kinds = new Map<string, number>();
    for (const file of media) {
      const probed = await probe(join(packageDir, file.name));
      for (const stream of probed.streams) kinds.set(stream.codecType, (kinds.get(stream.codecType) ?? 0) + 1);
      // Each recorded track lasts about as long as the agent recorded.
      expect(probed.durationSeconds).toBeGreaterThan(RECORD_SECONDS - 3);
      expect(probed.durationSeconds).toBeLessThan(RECORD_SECONDS + 6);
    }
    // Two participants, each with a microphone and a camera.
    expect(kinds.get('audio')).toBe(2);
    expect(kinds.get('video')).toBe(2);
  });

  it('replays in the compliance portal with its markers and a verified badge', async () => {
    const { page, replay } = await openVerifiedReplay(call.customer.context, call.demo, sessionId);
    const kinds = await markerKinds(replay);
    expect(kinds).toContain('join');
    expect(kinds).toContain('consent');
    expect(kinds).toContain('recording');
    expect(await replay.locator('video[part~="video"]').count()).toBe(2);
    await page.close();
  });
});

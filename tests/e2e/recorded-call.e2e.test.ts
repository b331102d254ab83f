import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fetchSigningKeys, verifyEvidence } from '@aircounter/evidence';
import { createDirectoryReader } from '../../server/src/evidence/directory-reader.ts';
import { LocalWormStore } from '../../server/src/evidence/local-worm-store.ts';
import { describe, expect, it } from 'vitest';
import { useDemoCall } from './support/demo-call.ts';
import { probe } from './support/ffprobe.ts';
import { waitForRemoteVideo } from './support/page-probes.ts';
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
    const { evidence } = call.demo.air.services;
    await expect.poll(() => evidence.store.isSealed(sessionId), { timeout: 30_000 }).toBe(true);
    // The demo keeps evidence on the local write-once store: verify the files on disk, as an auditor's copy.
    if (!(evidence.store instanceof LocalWormStore)) throw new Error('the demo should use the local store');
    const packageDir = evidence.store.sessionDir(sessionId);
    const report = await verifyEvidence(createDirectoryReader(packageDir, { expectedSessionId: sessionId }), {
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

    const manifest = JSON.parse(readFileSync(join(packageDir, 'manifest.json'), 'utf8')) as {
      complete: boolean;
      files: { name: string; mediaType?: string }[];
    };
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
    await loginContext(call.customer.context, call.demo.url, 'compliance', call.demo.demoPassword);
    const page = await call.customer.context.newPage();
    await page.goto(`${call.demo.url}/compliance.html#session=${encodeURIComponent(sessionId)}`);
    const replay = page.locator('air-session-replay');
    await replay
      .locator('[part~="integrity-status"]')
      .filter({ hasText: 'Integrity verified' })
      .waitFor({ timeout: 60_000 });
    const kinds = await replay
      .locator('[part~="marker"]')
      .evaluateAll((buttons) => buttons.map((button) => button.getAttribute('data-kind')));
    expect(kinds).toContain('join');
    expect(kinds).toContain('consent');
    expect(kinds).toContain('recording');
    expect(await replay.locator('video[part~="video"]').count()).toBe(2);
    await page.close();
  });
});

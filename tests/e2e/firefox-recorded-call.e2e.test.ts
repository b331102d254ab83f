import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fetchSigningKeys, verifyEvidence } from '@aircounter/evidence';
import { describe, expect, it } from 'vitest';
import { createDirectoryReader } from '../../server/src/evidence/directory-reader.ts';
import { LocalWormStore } from '../../server/src/evidence/local-worm-store.ts';
import type { BrowserName, FakeCameraBrowser, FakeCameraFirefox } from './support/browser.ts';
import {
  buttonEnabled,
  clickButton,
  clickInShadow,
  firefoxCallPage,
  waitForText,
  type CallPage,
} from './support/call-page.ts';
import {
  decodedRemoteFrames,
  publishedFrameRate,
  recordPeerConnections,
  sentVideo,
  waitForDecodedRemoteFrames,
  type SentVideo,
} from './support/call-probes.ts';
import { useDemoCall } from './support/demo-call.ts';
import { cutAddress } from './support/address-outage.ts';
import { replayVideos, waitForReplayProgress } from './support/replay-probes.ts';
import { loginInPage } from './support/staff-login.ts';
import { countVideoFrames, videoFrameSizes } from './support/ffprobe.ts';

// A recorded call (双录) between Firefox and Chromium, both ways round: each
// side decodes the other's video, consent gates the recording, and every
// camera track in the sealed package holds the frames that were sent (within
// 10 % of its duration, less the freezes its layer switches state, × the
// publisher's frame rate), not a frozen picture.

const RECORD_SECONDS = 8;
/** Camera tracks whose recording did not end on the best layer sent (checked by the last test). */
const layerMismatches: string[] = [];
/** How long the layers a publisher sends must stay the same before the recording stops, and the bound on waiting. */
const LAYER_STEADY_MS = 4000;
const LAYER_SETTLE_MAX_MS = 20_000;

/** The largest simulcast layer a publisher is sending, as `WxH` ('' when none). */
function largest(sent: SentVideo | undefined): string {
  const best = [...(sent?.layers ?? [])].sort((a, b) => b.frameWidth * b.frameHeight - a.frameWidth * a.frameHeight)[0];
  return best ? `${best.frameWidth}x${best.frameHeight}` : '';
}
/** How far the recorded frame count may be from duration × published frame rate. */
const FRAME_TOLERANCE = 0.1;

/** How far every recorded video must play in the Firefox replay, seconds. */
const REPLAY_PLAY_SECONDS = 2;
/** Decoded frames each side must add after the network comes back (about a second of video). */
const FRAMES_AFTER_OUTAGE = 20;

function firefoxOf(participant: FakeCameraBrowser | FakeCameraFirefox): FakeCameraFirefox {
  if ('context' in participant) throw new Error('this participant runs Chromium, not Firefox');
  return participant;
}

interface TimingSegment {
  readonly file: string;
  readonly role: string;
  readonly source: string;
}

function recordedCallSuite(customerBrowser: BrowserName, agentBrowser: BrowserName): void {
  describe(`a recorded call, customer in ${customerBrowser}, agent in ${agentBrowser}`, () => {
    const call = useDemoCall({ browsers: { customer: customerBrowser, agent: agentBrowser } });
    let sessionId = '';
    const published = new Map<string, number>();
    /** What each publisher's encoder sent per simulcast layer at the stop, for the log. */
    const layers = new Map<string, string>();
    /** The largest picture each publisher sent at the stop (the best layer, which the recorder must take). */
    const topLayer = new Map<string, string>();

    it('connects both ways, records after consent and seals', async () => {
      const customer: CallPage = call.customer.call;
      const agent: CallPage = call.agent.call;
      const session = await call.demo.bank.createSession({ customerName: 'Customer', agentName: 'Agent' });
      sessionId = session.sessionId;
      await Promise.all([recordPeerConnections(customer), recordPeerConnections(agent)]);
      await Promise.all([customer.goto(session.links.customer), agent.goto(session.links.agent)]);

      // Each side decodes the other's video, and keeps decoding.
      await Promise.all([waitForDecodedRemoteFrames(customer, 10), waitForDecodedRemoteFrames(agent, 10)]);
      const decodedBefore = await Promise.all([decodedRemoteFrames(customer), decodedRemoteFrames(agent)]);
      await Promise.all([
        waitForDecodedRemoteFrames(customer, (decodedBefore[0] ?? 0) + 20),
        waitForDecodedRemoteFrames(agent, (decodedBefore[1] ?? 0) + 20),
      ]);

      expect(await buttonEnabled(agent, 'Start recording')).toBe(false); // no consent yet
      await clickButton(customer, 'I agree to the recording');
      await clickButton(agent, 'Start recording', 10_000);
      await Promise.all([waitForText(agent, '● Recording', 20_000), waitForText(customer, '● Recording', 20_000)]);

      const before: SentVideo[] = await Promise.all([sentVideo(customer), sentVideo(agent)]);
      await new Promise((resolve) => setTimeout(resolve, RECORD_SECONDS * 1000));
      // A browser adds its top simulcast layer once its bandwidth estimate allows (seconds into the call). The
      // recording must end on the best layer sent: record on until the layers sent have been the same for a while
      // (the recorder switches at the next keyframe), within a bound.
      let sending = (await Promise.all([sentVideo(customer), sentVideo(agent)])).map(largest).join(' ');
      let steadySince = Date.now();
      const giveUpAt = Date.now() + LAYER_SETTLE_MAX_MS;
      while (Date.now() - steadySince < LAYER_STEADY_MS && Date.now() < giveUpAt) {
        await new Promise((resolve) => setTimeout(resolve, 500));
        const now = (await Promise.all([sentVideo(customer), sentVideo(agent)])).map(largest).join(' ');
        if (now !== sending) {
          sending = now;
          steadySince = Date.now();
        }
      }
      const after: SentVideo[] = await Promise.all([sentVideo(customer), sentVideo(agent)]);
      published.set('customer', publishedFrameRate(before[0] as SentVideo, after[0] as SentVideo));
      published.set('agent', publishedFrameRate(before[1] as SentVideo, after[1] as SentVideo));
      const describeLayers = (sent: SentVideo | undefined): string =>
        (sent?.layers ?? []).map((layer) => `${layer.layer} ${layer.frameWidth}x${layer.frameHeight}`).join(', ');
      layers.set('customer', describeLayers(after[0]));
      layers.set('agent', describeLayers(after[1]));
      topLayer.set('customer', largest(after[0]));
      topLayer.set('agent', largest(after[1]));

      await clickButton(agent, 'Stop recording');
      await waitForText(agent, 'Recording stopped and saved', 30_000);
      // Ending a session is a staff action of the bank's back end: the agent is logged in there.
      await loginInPage(agent, 'agent', call.demo.demoPassword);
      await clickButton(agent, 'End session for everyone');
    });

    it('seals a verified package whose camera tracks hold every sent frame', async () => {
      const { evidence } = call.demo.air.services;
      await expect.poll(() => evidence.store.isSealed(sessionId), { timeout: 30_000 }).toBe(true);
      if (!(evidence.store instanceof LocalWormStore)) throw new Error('the demo should use the local store');
      const packageDir = evidence.store.sessionDir(sessionId);
      const report = await verifyEvidence(createDirectoryReader(packageDir, { expectedSessionId: sessionId }), {
        publicKeys: await fetchSigningKeys(call.demo.url),
      });
      expect(report.problems).toEqual([]);
      expect(report.ok).toBe(true);
      const types = report.events.map((event) => event.type);
      expect(types.indexOf('consent.given')).toBeGreaterThanOrEqual(0);

      const manifest = JSON.parse(readFileSync(join(packageDir, 'manifest.json'), 'utf8')) as {
        complete: boolean;
        files: { name: string }[];
      };
      expect(manifest.complete).toBe(true);
      const timingFile = manifest.files.find((file) => file.name.endsWith('.timing.json'));
      if (!timingFile) throw new Error('no timing file in the package');
      const timing = JSON.parse(readFileSync(join(packageDir, timingFile.name), 'utf8')) as {
        segments: TimingSegment[];
      };
      const cameras = timing.segments.filter((segment) => segment.source === 'camera');
      expect(cameras.map((segment) => segment.role).sort()).toEqual(['agent', 'customer']);
      // The layer changes the recorder wrote, as the evidence log has them (for the test log).
      for (const event of report.events.filter((entry) => entry.type === 'recording.track.layer'))
        console.info(
          `[${customerBrowser}→${agentBrowser}] layer at ${event.mediaTimeMs ?? '?'} ms: ${JSON.stringify(event.data)}`,
        );
      for (const segment of cameras) {
        const frameRate = published.get(segment.role) ?? 0;
        expect(frameRate, `${segment.role} published frame rate`).toBeGreaterThan(5);
        const recorded = await countVideoFrames(join(packageDir, segment.file));
        const sizes = await videoFrameSizes(join(packageDir, segment.file));
        // A layer switch that ended a freeze says how long the picture stood still: those frames are stated as
        // missing (a loaded machine makes the browser drop its upper layer), every other one must be in the file.
        const statedFreezeMs = report.events
          .filter((entry) => entry.type === 'recording.track.layer' && entry.data['file'] === segment.file)
          .reduce((sum, entry) => sum + Number(entry.data['stalledForMs'] ?? 0), 0);
        const expected = Math.max(0, recorded.durationSeconds - statedFreezeMs / 1000) * frameRate;
        console.info(
          `[${customerBrowser}→${agentBrowser}] ${segment.role} camera: ${recorded.frames} frames in ` +
            `${recorded.durationSeconds.toFixed(2)} s at ${sizes.join(' → ')}; ` +
            `published ${frameRate.toFixed(1)} fps (${layers.get(segment.role) ?? ''}), stated freezes ` +
            `${statedFreezeMs} ms, expected ≈ ${expected.toFixed(0)}`,
        );
        expect(recorded.durationSeconds).toBeGreaterThan(RECORD_SECONDS - 3);
        expect(Math.abs(recorded.frames - expected) / expected).toBeLessThanOrEqual(FRAME_TOLERANCE);
        const best = topLayer.get(segment.role) ?? '';
        if (sizes.at(-1) !== best)
          layerMismatches.push(`${segment.role}: recorded ${sizes.at(-1) ?? '-'}, sent ${best}`);
      }
    });

    // A browser adds (or drops and re-adds) simulcast layers during the call: the recorder follows the best one
    // that arrives, so the file ends on the largest picture the publisher was sending.
    it('ends the recording on the best simulcast layer the publisher sends', () => {
      expect(layerMismatches).toEqual([]);
    });

    if (customerBrowser !== 'firefox') return;

    // The compliance officer may use Firefox too: the package of this call replays there, verified.
    it('replays the sealed package in Firefox: the badge verifies and every recorded video plays', async () => {
      const page = firefoxCallPage(await firefoxOf(call.customer).browser.newPage());
      try {
        await page.goto(`${call.demo.url}/`);
        await loginInPage(page, 'compliance', call.demo.demoPassword);
        await page.goto(`${call.demo.url}/compliance.html#session=${encodeURIComponent(sessionId)}`);
        await waitForText(page, 'Integrity verified', 60_000);
        const before = await replayVideos(page);
        expect(before.length).toBe(2);
        await clickInShadow(page, 'air-session-replay', 'button[part~="play-pause"]');
        const after = await waitForReplayProgress(page, before, REPLAY_PLAY_SECONDS);
        console.info(`[firefox replay] ${JSON.stringify(after)}`);
      } finally {
        await page.close();
      }
    });

    // The customer's network goes away mid-call (the server's media address is unreachable) and comes back.
    it('a customer in Firefox who loses the network comes back and both sides decode video again', async () => {
      const customer: CallPage = call.customer.call;
      const agent: CallPage = call.agent.call;
      const session = await call.demo.bank.createSession({ customerName: 'Customer', agentName: 'Agent' });
      // The pages show the last call; a link that differs only in its fragment would not load a new page.
      await Promise.all([customer.goto('about:blank'), agent.goto('about:blank')]);
      await Promise.all([customer.goto(session.links.customer), agent.goto(session.links.agent)]);
      await Promise.all([waitForDecodedRemoteFrames(customer, 10), waitForDecodedRemoteFrames(agent, 10)]);

      const outage = await cutAddress(call.demo.air.config.media.listenIp);
      try {
        await waitForText(customer, 'Connection lost. Reconnecting…', 45_000);
      } finally {
        await outage.restore();
      }
      const decoded = await Promise.all([decodedRemoteFrames(customer), decodedRemoteFrames(agent)]);
      await Promise.all([
        waitForDecodedRemoteFrames(customer, (decoded[0] ?? 0) + FRAMES_AFTER_OUTAGE),
        waitForDecodedRemoteFrames(agent, (decoded[1] ?? 0) + FRAMES_AFTER_OUTAGE),
      ]);
      // And the page says so: the reconnecting notice is gone (searched through every shadow root).
      await customer.waitFor(
        (notice) => {
          const shows = (root: ParentNode): boolean =>
            [...root.querySelectorAll('*')].some(
              (element) =>
                element.shadowRoot !== null &&
                ((element.shadowRoot.textContent ?? '').includes(notice) || shows(element.shadowRoot)),
            );
          return !(document.body.textContent ?? '').includes(notice) && !shows(document);
        },
        'Connection lost. Reconnecting…',
        30_000,
      );
    });
  });
}

recordedCallSuite('firefox', 'chromium');
recordedCallSuite('chromium', 'firefox');

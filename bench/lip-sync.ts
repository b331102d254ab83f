// Lip sync through a real browser. Prints one JSON line (the last line of stdout).
// The customer's Chromium plays a clip whose picture flashes white and whose
// sound beeps at the very same instants (tests/fixtures/sync-clip.ts) through
// its fake camera and microphone; the browser encodes it as it would a
// camera's, sends it through the SFU, and the demo bank records it. In the
// recorded files the flashes and beeps are found and placed on the session
// timeline with the recording's timing sidecar (as an auditor's player does);
// each flash minus its beep is the offset (positive: picture late). Goal:
// within 40 ms (the ITU-R BT.1359 detectability threshold is about +45/−125 ms).
// Floor, in the same run: the same detection on the clip files the browser
// plays (what the fixture and the detector alone contribute).
// Run: `make bench ONLY=lip-sync`.
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startDemo } from '../examples/demo-bank/src/main.ts';
import { LocalWormStore } from '../server/src/evidence/local-worm-store.ts';
import type { RecordingTimingSummary } from '../server/src/recording/finalize.ts';
import { avOffsets } from '../server/test/recording-fixtures.ts';
import { launchWithFakeMedia } from '../tests/e2e/support/browser.ts';
import { fakeParticipantMedia } from '../tests/e2e/support/media-fixtures.ts';
import { waitForRemoteVideo } from '../tests/e2e/support/page-probes.ts';
import { ensureSyncClip } from '../tests/fixtures/sync-clip.ts';
import { beepOnsetsMs, flashOnsetsMs, pairPulses } from '../tests/fixtures/sync-measure.ts';
import { loadAverage1m } from './support/load-average.ts';
import { median } from './support/process-stats.ts';

const RECORD_MS = Number(process.env['AIR_BENCH_LIP_SYNC_RECORD_MS'] ?? '16000');
const GOAL_MS = 40;

const round = (value: number): number => Math.round(value * 10) / 10;
const summary = (offsets: readonly number[]) => ({
  pulses: offsets.length,
  offsetsMs: offsets.map(round),
  medianMs: round(median(offsets)),
  maxAbsMs: round(Math.max(...offsets.map(Math.abs))),
});

const clip = await ensureSyncClip({ durationS: 20, width: 640, height: 480, formats: ['y4m', 'wav'] });
const loadBefore = loadAverage1m();
const floor = pairPulses(await flashOnsetsMs(clip.y4m ?? ''), await beepOnsetsMs(clip.wav ?? ''), 500).map(
  (pair) => pair.offsetMs,
);

const dataDir = mkdtempSync(join(tmpdir(), 'air-bench-lip-sync-'));
const demo = await startDemo({ port: 0, dataDir, env: { ...process.env, AIR_LOG_LEVEL: 'error', AIR_WORKERS: '1' } });
const customer = await launchWithFakeMedia({ video: clip.y4m ?? '', audio: clip.wav ?? '' });
const agent = await launchWithFakeMedia(await fakeParticipantMedia({ name: 'agent', colour: 'blue', toneHz: 880 }));
try {
  const session = await demo.bank.createSession({ customerName: 'Sync clip', agentName: 'Agent' });
  await Promise.all([customer.page.goto(session.links.customer), agent.page.goto(session.links.agent)]);
  await Promise.all([waitForRemoteVideo(customer.page), waitForRemoteVideo(agent.page)]);
  await customer.page.getByRole('button', { name: 'I agree to the recording' }).click();
  const start = agent.page.getByRole('button', { name: 'Start recording' });
  await start.click({ timeout: 20_000 });
  await agent.page.getByText('● Recording').waitFor({ timeout: 20_000 });
  await agent.page.waitForTimeout(RECORD_MS);
  await agent.page.getByRole('button', { name: 'Stop recording' }).click();
  await agent.page.getByText('Recording stopped and saved').waitFor({ timeout: 60_000 });

  const store = demo.air.services.evidence.store;
  if (!(store instanceof LocalWormStore)) throw new Error('the demo should use the local store');
  const dir = store.sessionDir(session.sessionId);
  const timingFile = readdirSync(dir).find((name) => name.endsWith('.timing.json'));
  if (!timingFile) throw new Error('no timing sidecar in the package');
  const timing = JSON.parse(readFileSync(join(dir, timingFile), 'utf8')) as RecordingTimingSummary;
  const customerPeer = timing.segments.find((segment) => segment.peerId.startsWith('customer-'))?.peerId;
  if (!customerPeer) throw new Error('no recorded customer');
  const pairs = await avOffsets({ filePath: (_sessionId, name) => join(dir, name) }, timing, customerPeer);
  const browser = pairs.map((pair) => pair.offsetMs);

  console.log(
    JSON.stringify({
      browser: summary(browser),
      floor: summary(floor),
      goalMs: GOAL_MS,
      // Where each pulse fell: a jump between segments would point at the timeline, not at the capture.
      pairs: pairs.map((pair) => ({ flashMs: round(pair.flashMs), offsetMs: round(pair.offsetMs) })),
      customerSegments: timing.segments
        .filter((segment) => segment.peerId === customerPeer)
        .map((segment) => ({ kind: segment.kind, startMs: segment.startMs, durationMs: segment.durationMs })),
      withinGoal: browser.length > 0 && browser.every((offset) => Math.abs(offset) <= GOAL_MS),
      loadAverage1m: { before: loadBefore, after: loadAverage1m() },
      method:
        `Chromium ${customer.browser.version()} plays a 640x480 25 fps flash/beep clip (a pulse every 2 s) through its fake camera and microphone; ` +
        `the demo bank records ${RECORD_MS} ms; flashes in the recorded video and beeps in the recorded audio are placed on the session ` +
        'timeline with the timing sidecar; offset = flash − beep per pulse. Floor: the same detection on the clip files the browser plays.',
    }),
  );
} finally {
  await Promise.allSettled([customer.close(), agent.close()]);
  await demo.close();
  rmSync(dataDir, { recursive: true, force: true });
}

// Lip sync through a real browser. Prints one JSON line (the last line of stdout).
// The customer's Chromium sends a picture that flashes white and a sound that
// beeps at the very same instants, from two sources in turn: a canvas camera
// and an oscillator microphone driven by one clock in the page
// (support/clock-media.ts: what the pipeline does to sync), and a clip
// (tests/fixtures/sync-clip.ts) played by Chromium's fake camera and
// microphone (which read frames and samples on two independent clocks); the
// browser encodes it as it would a camera's, sends it through the SFU, and
// the demo bank records it. In the
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
import { avOffsets } from '../server/test/helpers/recording.ts';
import { launchWithFakeMedia } from '../tests/e2e/support/browser.ts';
import { fakeParticipantMedia } from '../tests/e2e/support/media-fixtures.ts';
import { waitForRemoteVideo } from '../tests/e2e/support/page-probes.ts';
import { ensureSyncClip } from '../tests/fixtures/sync-clip.ts';
import { beepOnsetsMs, flashOnsetsMs, pairPulses } from '../tests/fixtures/sync-measure.ts';
import { useClockDrivenMedia, type PulseSchedule } from './support/clock-media.ts';
import { loadAverage1m } from './support/load-average.ts';
import { median } from './support/process-stats.ts';

const RECORD_MS = Number(process.env['AIR_BENCH_LIP_SYNC_RECORD_MS'] ?? '16000');
/** The clip's schedule (sync-clip.ts defaults), kept by the clock-driven media too. */
const CLOCK_PULSES: PulseSchedule = { firstMs: 1000, periodMs: 2000, pulseMs: 80 };
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

type Source = 'clock-driven' | 'fake-devices';

/** Records one call whose customer sends the pulses from `source`; the customer's recorded offsets. */
async function recordedOffsets(source: Source) {
  const dataDir = mkdtempSync(join(tmpdir(), 'air-bench-lip-sync-'));
  const demo = await startDemo({ port: 0, dataDir, env: { ...process.env, AIR_LOG_LEVEL: 'error', AIR_WORKERS: '1' } });
  const customer = await launchWithFakeMedia(
    source === 'fake-devices'
      ? { video: clip.y4m ?? '', audio: clip.wav ?? '' }
      : await fakeParticipantMedia({ name: 'customer', colour: 'red', toneHz: 440 }),
  );
  if (source === 'clock-driven') await useClockDrivenMedia(customer.page, CLOCK_PULSES);
  const agent = await launchWithFakeMedia(await fakeParticipantMedia({ name: 'agent', colour: 'blue', toneHz: 880 }));
  try {
    const session = await demo.bank.createSession({ customerName: 'Sync clip', agentName: 'Agent' });
    await Promise.all([customer.page.goto(session.links.customer), agent.page.goto(session.links.agent)]);
    await Promise.all([waitForRemoteVideo(customer.page), waitForRemoteVideo(agent.page)]);
    await customer.page.getByRole('button', { name: 'I agree to the recording' }).click();
    await agent.page.getByRole('button', { name: 'Start recording' }).click({ timeout: 20_000 });
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
    // A file that starts on a bright frame reads as a flash at its first frame: not a pulse.
    const starts = new Set(timing.segments.map((segment) => Math.round(segment.startMs ?? -1)));
    const pulses = pairs.filter((pair) => !starts.has(Math.round(pair.flashMs)));
    return {
      ...summary(pulses.map((pair) => pair.offsetMs)),
      // Where each pulse fell, and the flashes' spacing: a steady drift means the picture's content ran at another rate.
      pairs: pulses.map((pair) => ({ flashMs: round(pair.flashMs), offsetMs: round(pair.offsetMs) })),
      customerSegments: timing.segments
        .filter((segment) => segment.peerId === customerPeer)
        .map((segment) => ({ kind: segment.kind, startMs: segment.startMs, durationMs: segment.durationMs })),
    };
  } finally {
    await Promise.allSettled([customer.close(), agent.close()]);
    await demo.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

const clockDriven = await recordedOffsets('clock-driven');
const fakeDevices = await recordedOffsets('fake-devices');
console.log(
  JSON.stringify({
    clockDriven,
    fakeDevices,
    floor: summary(floor),
    goalMs: GOAL_MS,
    withinGoal: clockDriven.pulses > 0 && clockDriven.maxAbsMs <= GOAL_MS,
    loadAverage1m: { before: loadBefore, after: loadAverage1m() },
    method:
      `Chromium, ${RECORD_MS} ms recorded by the demo bank per source; the customer sends a flash and a 1 kHz beep at the same instants ` +
      `every ${CLOCK_PULSES.periodMs} ms. clockDriven: a canvas camera and an oscillator microphone in the page, both driven by its AudioContext clock ` +
      "(bench/support/clock-media.ts). fakeDevices: the same pulses from a 640x480 25 fps clip played by Chromium's fake camera and microphone. " +
      'Flashes in the recorded video and beeps in the recorded audio are placed on the session timeline with the timing sidecar; offset = flash − beep. ' +
      'Floor: the same detection on the clip files.',
  }),
);

import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { verifyEvidence, type EventEntry } from '@aircounter/evidence';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDemo } from '../../examples/demo-bank/src/main.ts';
import { createDirectoryReader } from '../../server/src/evidence/directory-reader.ts';
import { LocalWormStore } from '../../server/src/evidence/local-worm-store.ts';
import { createTestNetwork, type TestNetwork } from '../support/test-network.ts';
import type { FakeCameraBrowser } from './support/browser.ts';
import { videoFrameSizes } from './support/ffprobe.ts';
import { launchChromiumAt } from './support/namespaced-chromium.ts';
import { recordPeerConnections } from './support/call-probes.ts';
import { waitForRemoteVideo } from './support/page-probes.ts';
import { fakeParticipantAtSize } from './support/sized-camera.ts';
import { loginContext } from './support/staff-login.ts';

// 双录 continuity, end to end with two real Chromium browsers: during one
// recording the customer's media stops three times — 1 s and 30 s with camera
// and microphone paused, and 3 s of frozen network (every packet the
// customer's browser sends is dropped on the test network it runs in). The
// agent's page shows each drop within 3 s. The sealed package holds the
// drops: the customer's microphone exactly those gaps, each within ±0.5 s of
// the stop and return the test measured; the camera one gap over each drop,
// ending within ±0.5 s of when it really sent again. It is incomplete — alike
// in its manifest, its timing file, its evidence log and the compliance portal. Both cameras are recorded at the
// size they capture: the customer's 1280×720, the agent's 640×480.

/** A stall longer than this is a gap (below the 1 s drop, above audio packet spacing and scheduling hiccups). */
const STALL_GAP_MS = 700;
/**
 * ffmpeg closes a file after this long without a packet; above the longest drop
 * here, so each drop is a gap inside one file and its end is when media flows again.
 */
const STALL_TIMEOUT_S = 60;
/** How far a gap's bounds may be from the stop and restart the test measured. */
const TOLERANCE_MS = 500;
/** The agent must see the drop this soon after it began. */
const VISIBLE_WITHIN_MS = 3000;
/** The demo, the test network and two browsers; on a busy machine this takes minutes. */
const SET_UP_TIMEOUT_MS = 300_000;
/** Media flows this long before the first drop and between drops. */
const STEADY_MS = 6000;

type Mechanism = 'network' | 'pause';
interface Drop {
  readonly seconds: number;
  readonly mechanism: Mechanism;
}
const DROPS: readonly Drop[] = [
  { seconds: 1, mechanism: 'pause' },
  { seconds: 3, mechanism: 'network' },
  { seconds: 30, mechanism: 'pause' },
];
const CAUSE_OF: Readonly<Record<Mechanism, string>> = { network: 'network', pause: 'camera-off' };
/**
 * The causes a drop's gap may carry: a pause is `camera-off` when the server
 * knew of it by the time the stall was detected; on a busy machine the pause
 * request can arrive later, and the gap keeps its first cause, `network`.
 */
function causesFor(cause: string): string[] {
  return cause === 'camera-off' ? ['camera-off', 'network'] : [cause];
}

/** An instant the test caused, known to lie between `notBefore` and `notAfter` (wall clock, ms). */
interface Instant {
  readonly notBefore: number;
  readonly notAfter: number;
}

/** A drop as it really happened. */
interface MeasuredDrop extends Drop {
  readonly stopped: Instant;
  /** When the test let media flow again: audio flows at once. */
  readonly resumed: Instant;
}

/** What the customer's encoder sent, sampled every 50 ms in their page (outbound-rtp of the camera). */
interface SentSample {
  readonly at: number;
  readonly packets: number;
  readonly keyFrames: number;
}

/**
 * When the customer's camera really sent again after `drop`: video flows
 * only once the encoder runs again (after a pause) or once it sent the key
 * frame the server asks for after lost packets (after a network freeze).
 */
function cameraResumed(drop: MeasuredDrop, sent: readonly SentSample[]): Instant {
  const after = sent.filter((sample) => sample.at >= drop.resumed.notBefore);
  const before = sent.filter((sample) => sample.at < drop.resumed.notBefore).at(-1);
  if (before === undefined) return drop.resumed;
  const field = drop.mechanism === 'pause' ? 'packets' : 'keyFrames';
  const index = after.findIndex((sample) => sample[field] > before[field]);
  const first = after[index];
  if (first === undefined) return drop.resumed;
  const previous = index > 0 ? (after[index - 1]?.at ?? drop.resumed.notBefore) : drop.resumed.notBefore;
  return { notBefore: Math.max(drop.resumed.notBefore, previous), notAfter: Math.max(drop.resumed.notAfter, first.at) };
}

interface BadgeSample {
  readonly at: number;
  readonly coverage: string;
  readonly text: string;
}

interface TimingGapRecord {
  readonly trackKey: string;
  readonly peerId: string;
  readonly source: string;
  readonly fromMs: number;
  readonly toMs: number;
  readonly durationMs: number;
  readonly cause?: string;
  readonly counts?: boolean;
}

interface TimingFile {
  readonly originUnixMs: number;
  readonly complete: boolean;
  readonly incomplete: readonly string[];
  readonly gaps: readonly TimingGapRecord[];
  readonly segments: readonly {
    readonly file: string;
    readonly playableFile: string | null;
    readonly role: string;
    readonly source: string;
    readonly peerId: string;
    readonly width?: number;
    readonly height?: number;
  }[];
}

/** A free TCP port on `host` (the demo's public URL must name it before the demo starts). */
async function freePort(host: string): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, host, () => resolve());
  });
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (typeof address !== 'object' || address === null) throw new Error('no port');
  return address.port;
}

/** Runs `action`, which takes effect at some instant while it runs (on a busy machine a command may take a while). */
async function timed(action: () => Promise<unknown>): Promise<Instant> {
  const notBefore = Date.now();
  await action();
  return { notBefore, notAfter: Date.now() };
}

/** Whether `value` is within `tolerance` of the range [low, high]. */
function near(value: number, low: number, high: number, tolerance: number): boolean {
  return value >= low - tolerance && value <= high + tolerance;
}

/**
 * Runs in the customer's page: mutes or unmutes camera and microphone of the
 * session its <air-video-session> shows. A mute takes effect in the page at
 * once (no RTP leaves it); an unmute only once the server has resumed the
 * producers too (until then it drops what arrives), so that is when it ends.
 */
async function setCustomerMuted(muted: boolean): Promise<{ notBefore: number; notAfter: number }> {
  const element = document.querySelector('air-video-session');
  const session: unknown = element ? Reflect.get(element, 'session') : undefined;
  if (typeof session !== 'object' || session === null || !('setMuted' in session)) {
    throw new Error('the customer page has no session');
  }
  const { setMuted } = session as { setMuted(source: 'camera' | 'microphone', muted: boolean): Promise<void> };
  const notBefore = Date.now();
  const told = Promise.all([setMuted.call(session, 'camera', muted), setMuted.call(session, 'microphone', muted)]);
  const paused = Date.now();
  await told;
  return { notBefore, notAfter: muted ? paused : Date.now() };
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

describe('a customer whose media stops three times during a recording', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'air-e2e-continuity-'));
  let network: TestNetwork;
  let demo: Awaited<ReturnType<typeof startDemo>>;
  let baseUrl = '';
  let customer: FakeCameraBrowser;
  let agent: FakeCameraBrowser;
  let sessionId = '';
  const drops: MeasuredDrop[] = [];
  let sent: SentSample[] = [];

  beforeAll(async () => {
    network = await createTestNetwork();
    const port = await freePort(network.hostAddress);
    baseUrl = `http://${network.hostAddress}:${port}`;
    // The bank's back end calls AirCounter on 127.0.0.1 and the customer's browser
    // reaches it over the test network: the demo listens on both (any address, a random port).
    demo = await startDemo({
      port,
      host: '0.0.0.0',
      dataDir,
      env: {
        ...process.env,
        AIR_LOG_LEVEL: 'warn',
        AIR_WORKERS: '1',
        AIR_LISTEN_IP: network.hostAddress,
        AIR_DEMO_PUBLIC_URL: baseUrl,
        AIR_RECORDING_STALL_GAP_MS: String(STALL_GAP_MS),
        AIR_RECORDING_STALL_TIMEOUT_S: String(STALL_TIMEOUT_S),
      },
    });
    const [customerMedia, agentMedia] = await Promise.all([
      fakeParticipantAtSize({ name: 'customer', colour: 'red', toneHz: 440, width: 1280, height: 720 }),
      fakeParticipantAtSize({ name: 'agent', colour: 'blue', toneHz: 880, width: 640, height: 480 }),
    ]);
    [customer, agent] = await Promise.all([
      launchChromiumAt({ media: customerMedia, origin: baseUrl, namespace: network.namespace }),
      launchChromiumAt({ media: agentMedia, origin: baseUrl }),
    ]);
  }, SET_UP_TIMEOUT_MS);

  afterAll(async () => {
    await Promise.allSettled([customer?.close(), agent?.close()]);
    await demo?.close();
    await network?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  /** Stops the customer's media by `mechanism`; resolves with the instant it stopped. */
  function stop(mechanism: Mechanism): Promise<Instant> {
    if (mechanism === 'network') return timed(() => network.block());
    return customer.page.evaluate(setCustomerMuted, true);
  }

  function resume(mechanism: Mechanism): Promise<Instant> {
    if (mechanism === 'network') return timed(() => network.restore());
    return customer.page.evaluate(setCustomerMuted, false);
  }

  it('shows the agent every drop within 3 s while recording', { timeout: 240_000 }, async () => {
    const session = await demo.bank.createSession({ customerName: 'Customer Red', agentName: 'Agent Blue' });
    sessionId = session.sessionId;
    await recordPeerConnections(customer.call);
    await Promise.all([customer.page.goto(session.links.customer), agent.page.goto(session.links.agent)]);
    await Promise.all([waitForRemoteVideo(customer.page), waitForRemoteVideo(agent.page)]);
    await customer.page.getByRole('button', { name: 'I agree to the recording' }).click();
    const start = agent.page.getByRole('button', { name: 'Start recording' });
    await expect.poll(() => start.isEnabled(), { timeout: 10_000 }).toBe(true);
    await start.click();
    await agent.page.getByText('● Recording').waitFor({ timeout: 60_000 });

    // The agent's recording badge, sampled every 50 ms in the page: a 1 s drop is on screen only briefly.
    await agent.page.evaluate(() => {
      const samples: BadgeSample[] = [];
      Reflect.set(window, '__badgeSamples', samples);
      setInterval(() => {
        const badge = document
          .querySelector('air-recording-status')
          ?.shadowRoot?.querySelector<HTMLElement>('[part~="badge"]');
        const sample = {
          at: Date.now(),
          coverage: badge?.dataset['coverage'] ?? '',
          text: badge?.textContent?.replace(/\s+/g, ' ').trim() ?? '',
        };
        const last = samples.at(-1);
        if (last?.coverage !== sample.coverage || last.text.slice(0, 20) !== sample.text.slice(0, 20)) {
          samples.push(sample);
        }
      }, 50);
    });

    // The customer's camera as sent, sampled every 50 ms in their page.
    await customer.page.evaluate(() => {
      const sent: SentSample[] = [];
      Reflect.set(window, '__sentSamples', sent);
      const connections = Reflect.get(window, '__airTestPeerConnections') as RTCPeerConnection[];
      const sample = async (): Promise<void> => {
        let packets = 0;
        let keyFrames = 0;
        for (const connection of connections) {
          if (connection.connectionState === 'closed') continue;
          (await connection.getStats()).forEach((stat: Record<string, unknown>) => {
            if (stat['type'] !== 'outbound-rtp' || stat['kind'] !== 'video') return;
            packets += Number(stat['packetsSent'] ?? 0);
            keyFrames += Number(stat['keyFramesEncoded'] ?? 0);
          });
        }
        sent.push({ at: Date.now(), packets, keyFrames });
        setTimeout(() => void sample(), 50);
      };
      void sample();
    });

    for (const drop of DROPS) {
      await sleep(STEADY_MS);
      const stopped = await stop(drop.mechanism);
      // (On a busy machine telling the server may take longer than the drop: then the drop lasts that long.)
      await sleep(Math.max(0, drop.seconds * 1000 - (Date.now() - stopped.notAfter)));
      const resumed = await resume(drop.mechanism);
      drops.push({ ...drop, stopped, resumed });
    }
    await sleep(STEADY_MS);

    sent = (await customer.page.evaluate(() => Reflect.get(window, '__sentSamples'))) as SentSample[];
    const samples = (await agent.page.evaluate(() => Reflect.get(window, '__badgeSamples'))) as BadgeSample[];
    for (const drop of drops) {
      const shown = samples.find(
        (sample) =>
          sample.at >= drop.stopped.notBefore &&
          sample.coverage === 'partial' &&
          sample.text.startsWith('Customer not recorded since'),
      );
      expect(shown, `the ${drop.seconds} s drop on the agent's page`).toBeDefined();
      expect(
        (shown?.at ?? Infinity) - drop.stopped.notAfter,
        `ms until the agent saw the ${drop.seconds} s drop`,
      ).toBeLessThan(VISIBLE_WITHIN_MS);
      // And it clears once the customer is recorded again.
      expect(
        samples.some((sample) => sample.at > (shown?.at ?? Infinity) && sample.coverage === 'full'),
        `the agent's page after the ${drop.seconds} s drop`,
      ).toBe(true);
    }

    await agent.page.getByRole('button', { name: 'Stop recording' }).click();
    await agent.page.getByText(/Recording stopped — incomplete/).waitFor({ timeout: 30_000 });
    await loginContext(agent.context, baseUrl, 'agent', demo.demoPassword);
    await agent.page.getByRole('button', { name: 'End session for everyone' }).click();
  });

  it('seals exactly those gaps, each within ±0.5 s, and says incomplete everywhere', { timeout: 120_000 }, async () => {
    expect(drops).toHaveLength(DROPS.length);
    const { evidence } = demo.air.services;
    await expect.poll(() => evidence.store.isSealed(sessionId), { timeout: 60_000 }).toBe(true);
    if (!(evidence.store instanceof LocalWormStore)) throw new Error('the demo should use the local store');
    const packageDir = evidence.store.sessionDir(sessionId);
    const report = await verifyEvidence(createDirectoryReader(packageDir, { expectedSessionId: sessionId }), {
      publicKeys: evidence.keys.jwks().keys,
    });
    // The package verifies; its one finding is that the recording it holds is incomplete.
    expect(report.problems.map((problem) => problem.code)).toEqual(['PACKAGE_INCOMPLETE']);

    const manifest = JSON.parse(readFileSync(join(packageDir, 'manifest.json'), 'utf8')) as {
      complete: boolean;
      incompleteReason: string | null;
      files: { name: string }[];
    };
    const timingName = manifest.files.map((file) => file.name).find((name) => name.endsWith('.timing.json'));
    if (timingName === undefined) throw new Error('no timing summary in the package');
    const timing = JSON.parse(readFileSync(join(packageDir, timingName), 'utf8')) as TimingFile;

    const customerPeer = timing.segments.find((segment) => segment.role === 'customer')?.peerId;
    expect(customerPeer).toBeDefined();
    // Each drop is one gap on each of the customer's tracks, where and as long as it really was.
    const origin = timing.originUnixMs;
    const expectedOf = (source: string) =>
      drops.map((drop) => {
        const { stopped, mechanism } = drop;
        const resumed = source === 'camera' ? cameraResumed(drop, sent) : drop.resumed;
        return {
          from: [stopped.notBefore - origin, stopped.notAfter - origin] as const,
          duration: [resumed.notBefore - stopped.notAfter, resumed.notAfter - stopped.notBefore] as const,
          to: [resumed.notBefore - origin, resumed.notAfter - origin] as const,
          cause: CAUSE_OF[mechanism],
        };
      });
    const expected = expectedOf('camera');
    const summary = (gap: TimingGapRecord) =>
      `${gap.peerId}/${gap.source} ${gap.cause ?? ''} ${gap.fromMs}+${gap.durationMs}`;
    console.log(
      JSON.stringify({ camera: expected, microphone: expectedOf('microphone'), gaps: timing.gaps.map(summary) }),
    );
    // Audio stops only when the test stops it: the customer's microphone has exactly those gaps, each where and as
    // long as the drop really was.
    const microphone = timing.gaps.filter((gap) => gap.source === 'microphone');
    expect(microphone.map(summary)).toHaveLength(drops.length);
    for (const [index, want] of expectedOf('microphone').entries()) {
      const what = `the ${DROPS[index]?.seconds} s drop on the customer's microphone`;
      const gap = microphone.find((candidate) => near(candidate.fromMs, ...want.from, TOLERANCE_MS));
      expect(gap?.peerId, what).toBe(customerPeer);
      expect(causesFor(want.cause), what).toContain(gap?.cause);
      expect(gap?.counts, what).toBe(true);
      expect(near(gap?.durationMs ?? Infinity, ...want.duration, TOLERANCE_MS), `length of ${what}`).toBe(true);
    }
    // The camera: one gap of the drop's cause over each drop, ending when the camera really sent again. It starts
    // with the drop, or earlier when the camera had already stalled on its own (on a loaded machine a simulcast layer
    // switch waits for a key frame): the gap then starts where the recording really lost the picture.
    const camera = timing.gaps.filter((gap) => gap.peerId === customerPeer && gap.source === 'camera');
    for (const [index, want] of expectedOf('camera').entries()) {
      const what = `the ${DROPS[index]?.seconds} s drop on the customer's camera`;
      const over = camera.filter(
        (gap) => gap.fromMs <= want.from[1] + TOLERANCE_MS && gap.toMs >= want.to[0] - TOLERANCE_MS,
      );
      expect(over.map(summary), what).toHaveLength(1);
      const gap = over[0];
      expect(causesFor(want.cause), what).toContain(gap?.cause);
      expect(near(gap?.toMs ?? Infinity, ...want.to, TOLERANCE_MS), `end of ${what}`).toBe(true);
    }
    // Any other camera gap is such a stall of its own: a network stall, in the package like the drops.
    const dropGaps = new Set(
      expectedOf('camera').flatMap((want) =>
        camera.filter((gap) => gap.fromMs <= want.from[1] + TOLERANCE_MS && gap.toMs >= want.from[1]),
      ),
    );
    for (const gap of timing.gaps.filter((candidate) => candidate.source === 'camera' && !dropGaps.has(candidate))) {
      expect(gap.cause, summary(gap)).toBe('network');
    }

    // The same gaps, with the same bounds, on the hash-chained evidence log.
    const logged = report.events
      .filter((event: EventEntry) => event.type === 'recording.gap')
      .map((event) => event.data as { source: string; fromMs: number; toMs: number; cause: string });
    expect(logged.map(({ source, fromMs, toMs, cause }) => `${source} ${fromMs}–${toMs} ${cause}`).sort()).toEqual(
      timing.gaps.map(({ source, fromMs, toMs, cause }) => `${source} ${fromMs}–${toMs} ${cause ?? ''}`).sort(),
    );

    // Incomplete for the gaps, alike in the timing file, the signed manifest and the portal.
    expect(timing.complete).toBe(false);
    // (A loaded machine may add a real `track-short`; whatever the reasons, they are the same in both.)
    expect(timing.incomplete).toContain('gap');
    expect(manifest.complete).toBe(false);
    for (const reason of timing.incomplete) expect(manifest.incompleteReason).toContain(reason);
    await loginContext(agent.context, baseUrl, 'compliance', demo.demoPassword);
    const portal = await agent.context.newPage();
    await portal.goto(`${baseUrl}/compliance.html`);
    const row = portal.locator('tr', { has: portal.locator('code', { hasText: sessionId }) });
    const status = row.locator('td[data-status]');
    await status.waitFor({ timeout: 30_000 });
    expect(await status.getAttribute('data-status')).toBe('incomplete');
    // In plain words, beside the reason as signed.
    await status.filter({ hasText: 'Incomplete: a participant was not recorded for a while' }).waitFor();
    expect(await status.textContent()).toContain(manifest.incompleteReason ?? '');
    await portal.close();

    // Recorded at the size captured: the customer's camera at 1280×720, the agent's at 640×480.
    for (const [role, size] of [
      ['customer', '1280x720'],
      ['agent', '640x480'],
    ] as const) {
      const cameras = timing.segments.filter((segment) => segment.role === role && segment.source === 'camera');
      expect(cameras.length).toBeGreaterThan(0);
      const sizes = (
        await Promise.all(cameras.map((camera) => videoFrameSizes(join(packageDir, camera.playableFile ?? ''))))
      ).flat();
      const inTiming = cameras.map((camera) => `${camera.width}x${camera.height}`);
      console.log(JSON.stringify({ role, sizes, timing: inTiming }));
      // The files hold the picture at the size the camera captured (ffprobe). (The size in the timing data is
      // measured once, early in a segment, and may name a lower layer the browser sent first: logged, not asserted.)
      expect(sizes).toContain(size);
      expect(inTiming.length).toBe(cameras.length);
    }
  });
});

// Session benchmarks (issue 2). Prints one JSON line:
// - join: two headless Chromium pages with fake cameras join a session of the
//   demo bank over loopback, 10 times. navigationToFirstRemoteFrameMs: from
//   navigation until both pages show a decoded remote frame (page bundle,
//   camera and microphone, signaling, ICE/DTLS, first keyframe). Each phase of
//   the client's join as it timed it (User Timing), median and p95 over the
//   pages. The floor in the same run and browsers: two RTCPeerConnections
//   connected directly, createOffer → first decoded frame.
// - perSession: SFU cost of N simultaneous 2-party sessions with audio+video
//   flowing (each party: ffmpeg sending a pre-encoded VP8 640x480 + Opus clip
//   into PlainTransports; each party consumes the other), measured on the
//   mediasoup worker process: CPU % of one core and resident memory.
import { mkdtempSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import * as mediasoup from 'mediasoup';
import { startDemo } from '../examples/demo-bank/src/main.ts';
import { routerMediaCodecs } from '../server/src/media/codecs.ts';
import { launchWithFakeMedia } from '../tests/e2e/support/browser.ts';
import { fakeParticipantMedia, GENERATED_DIR, runFfmpeg } from '../tests/e2e/support/media-fixtures.ts';
import { waitForRemoteVideo } from '../tests/e2e/support/page-probes.ts';
import { FIRST_MEDIA_POLL_MS } from '../packages/client/src/media/first-media.ts';
import { directCallMs } from './support/direct-call.ts';
import { phaseSummaries, readJoinPhases, type PageJoinPhases } from './support/join-phases.ts';
import { summarize } from './support/percentiles.ts';
import { loadAverage1m } from './support/load-average.ts';
import { median, rssMiB } from './support/process-stats.ts';
import { startRtpParty, startRtpSink, type RtpParty, type RtpSink } from './support/rtp-party.ts';

const JOIN_RUNS = 10;
const SESSION_COUNTS = [1, 2, 4, 8];
const WARM_UP_MS = 3000;
const MEASURE_MS = 10_000;

interface JoinRuns {
  /** Bench process: navigation of both pages → both show a decoded remote frame. */
  readonly navigationToFrameMs: number[];
  /** Per page (two per run): the client's phase → ms since its join started. */
  readonly pages: PageJoinPhases[];
  /** Per run: the direct two-peer-connection call in the same browsers. */
  readonly floorMs: number[];
}

async function joinRuns(): Promise<JoinRuns> {
  const dataDir = mkdtempSync(join(tmpdir(), 'air-bench-join-'));
  const demo = await startDemo({ port: 0, dataDir, env: { ...process.env, AIR_LOG_LEVEL: 'error' } });
  const [red, blue] = await Promise.all([
    fakeParticipantMedia({ name: 'customer', colour: 'red', toneHz: 440 }),
    fakeParticipantMedia({ name: 'agent', colour: 'blue', toneHz: 880 }),
  ]);
  const runs: JoinRuns = { navigationToFrameMs: [], pages: [], floorMs: [] };
  try {
    for (let run = 0; run < JOIN_RUNS; run++) {
      const [a, b] = await Promise.all([launchWithFakeMedia(red), launchWithFakeMedia(blue)]);
      try {
        const session = await demo.bank.createSession({});
        const started = performance.now();
        await Promise.all([a.page.goto(session.links.customer), b.page.goto(session.links.agent)]);
        await Promise.all([waitForRemoteVideo(a.page, 60_000, 0), waitForRemoteVideo(b.page, 60_000, 0)]);
        runs.navigationToFrameMs.push(performance.now() - started);
        runs.pages.push(...(await Promise.all([readJoinPhases(a.page), readJoinPhases(b.page)])));
        // The floor in the same browsers, once the session's pages (and their media) are gone.
        await Promise.all([a.page.close(), b.page.close()]);
        const origin = new URL(session.links.customer).origin;
        const [sender, receiver] = await Promise.all([a.context.newPage(), b.context.newPage()]);
        // A path that serves nothing: a quiet page on a secure (loopback) origin.
        const blank = `${origin}/bench-floor-blank`;
        await Promise.all([sender.goto(blank), receiver.goto(blank)]);
        runs.floorMs.push(await directCallMs(sender, receiver, FIRST_MEDIA_POLL_MS));
      } finally {
        await Promise.all([a.close(), b.close()]);
      }
    }
  } finally {
    await demo.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
  return runs;
}

async function benchClip(): Promise<string> {
  const clip = join(GENERATED_DIR, 'bench-vp8-opus-640x480.webm');
  if (!existsSync(clip)) {
    await runFfmpeg([
      '-f',
      'lavfi',
      '-i',
      'testsrc2=s=640x480:r=25:d=10',
      '-f',
      'lavfi',
      '-i',
      'sine=frequency=440:sample_rate=48000:duration=10',
      '-c:v',
      'libvpx',
      '-b:v',
      '800k',
      '-deadline',
      'realtime',
      '-cpu-used',
      '8',
      '-g',
      '50',
      '-c:a',
      'libopus',
      '-b:a',
      '32k',
      clip,
    ]);
  }
  return clip;
}

interface SessionLoad {
  readonly sessions: number;
  readonly workerCpuPercent: number;
  readonly workerCpuPercentPerSession: number;
  readonly workerRssMiB: number;
  readonly forwardedKbps: number;
}

async function sfuLoad(sessions: number, clip: string): Promise<SessionLoad> {
  const worker = await mediasoup.createWorker({ logLevel: 'error' });
  const parties: RtpParty[] = [];
  const sinks: RtpSink[] = [];
  try {
    for (let s = 0; s < sessions; s++) {
      const router = await worker.createRouter({ mediaCodecs: routerMediaCodecs(['VP8']) });
      const a = await startRtpParty(router, clip, 10_000 + s * 10);
      const b = await startRtpParty(router, clip, 20_000 + s * 10);
      parties.push(a, b);
      sinks.push(await startRtpSink(router, a.producers), await startRtpSink(router, b.producers));
    }
    await sleep(WARM_UP_MS);
    const before = await worker.getResourceUsage();
    const bytesBefore = sinks.reduce((sum, sink) => sum + sink.bytes(), 0);
    const started = performance.now();
    await sleep(MEASURE_MS);
    const after = await worker.getResourceUsage();
    const elapsedMs = performance.now() - started;
    const bytes = sinks.reduce((sum, sink) => sum + sink.bytes(), 0) - bytesBefore;
    const cpuMs = after.ru_utime + after.ru_stime - (before.ru_utime + before.ru_stime);
    const cpu = (cpuMs / elapsedMs) * 100;
    return {
      sessions,
      workerCpuPercent: round(cpu),
      workerCpuPercentPerSession: round(cpu / sessions),
      workerRssMiB: round(rssMiB(worker.pid)),
      forwardedKbps: round((bytes * 8) / elapsedMs),
    };
  } finally {
    for (const sink of sinks) sink.close();
    for (const party of parties) party.close();
    worker.close();
  }
}

function round(value: number): number {
  return Math.round(value * 100) / 100;
}

const loadBefore = loadAverage1m();
const joins = await joinRuns();
const loadAfterJoins = loadAverage1m();
const clip = await benchClip();
const perSession: SessionLoad[] = [];
for (const count of SESSION_COUNTS) perSession.push(await sfuLoad(count, clip));
const idleWorker = await mediasoup.createWorker({ logLevel: 'error' });
const idleRss = rssMiB(idleWorker.pid);
idleWorker.close();

console.log(
  JSON.stringify({
    join: {
      runs: JOIN_RUNS,
      navigationToFirstRemoteFrameMs: summarize(joins.navigationToFrameMs),
      navigationToJoinStartMs: summarize(joins.pages.map((page) => page.joinStartedAfterNavigationMs)),
      phasesMsSinceJoinStart: phaseSummaries(joins.pages),
      floorMs: summarize(joins.floorMs),
      ratioFirstFrameToFloor: round(
        median(joins.pages.map((page) => page.phases['firstFrameDecoded'] ?? Number.NaN)) / median(joins.floorMs),
      ),
      loadAverage1m: { before: loadBefore, after: loadAfterJoins },
      method:
        "per page: the client's aircounter:join:* User Timing measures (ms since its join started; navigationToJoinStartMs: page load until the join starts); floor: createOffer → first decoded frame of two RTCPeerConnections in the same two browsers over loopback, no server; decoded frames found by getStats polling every " +
        `${FIRST_MEDIA_POLL_MS} ms on both sides`,
    },
    idleWorkerRssMiB: round(idleRss),
    perSession,
    method:
      'SFU load: ffmpeg codec-copy RTP (VP8 640x480 ~800 kbit/s + Opus 32 kbit/s) per party into PlainTransports, each party consumed by the other; CPU from mediasoup worker getResourceUsage over 10 s',
  }),
);

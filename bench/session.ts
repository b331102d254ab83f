// Session benchmarks (issue 2). Prints one JSON line:
// - joinToFirstRemoteFrameMs: two headless Chromium pages with fake cameras join
//   a session of the demo bank over loopback; time from navigation until the
//   page shows a decoded remote frame (median of runs). Includes loading the
//   page bundle, opening camera and microphone, signaling, ICE/DTLS and the
//   first keyframe.
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
import { median, rssMiB } from './support/process-stats.ts';
import { startRtpParty, startRtpSink, type RtpParty, type RtpSink } from './support/rtp-party.ts';

const JOIN_RUNS = 3;
const SESSION_COUNTS = [1, 2, 4, 8];
const WARM_UP_MS = 3000;
const MEASURE_MS = 10_000;

async function joinToFirstRemoteFrame(): Promise<number[]> {
  const dataDir = mkdtempSync(join(tmpdir(), 'air-bench-join-'));
  const demo = await startDemo({ port: 0, dataDir, env: { ...process.env, AIR_LOG_LEVEL: 'error' } });
  const [red, blue] = await Promise.all([
    fakeParticipantMedia({ name: 'customer', colour: 'red', toneHz: 440 }),
    fakeParticipantMedia({ name: 'agent', colour: 'blue', toneHz: 880 }),
  ]);
  const times: number[] = [];
  try {
    for (let run = 0; run < JOIN_RUNS; run++) {
      const [a, b] = await Promise.all([launchWithFakeMedia(red), launchWithFakeMedia(blue)]);
      try {
        const session = await demo.bank.createSession({});
        const started = performance.now();
        await Promise.all([a.page.goto(session.links.customer), b.page.goto(session.links.agent)]);
        await Promise.all([waitForRemoteVideo(a.page, 60_000, 0), waitForRemoteVideo(b.page, 60_000, 0)]);
        times.push(Math.round(performance.now() - started));
      } finally {
        await Promise.all([a.close(), b.close()]);
      }
    }
  } finally {
    await demo.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
  return times;
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

const joinTimes = await joinToFirstRemoteFrame();
const clip = await benchClip();
const perSession: SessionLoad[] = [];
for (const count of SESSION_COUNTS) perSession.push(await sfuLoad(count, clip));
const idleWorker = await mediasoup.createWorker({ logLevel: 'error' });
const idleRss = rssMiB(idleWorker.pid);
idleWorker.close();

console.log(
  JSON.stringify({
    joinToFirstRemoteFrameMs: { median: median(joinTimes), runs: joinTimes },
    idleWorkerRssMiB: round(idleRss),
    perSession,
    method:
      'SFU load: ffmpeg codec-copy RTP (VP8 640x480 ~800 kbit/s + Opus 32 kbit/s) per party into PlainTransports, each party consumed by the other; CPU from mediasoup worker getResourceUsage over 10 s',
  }),
);

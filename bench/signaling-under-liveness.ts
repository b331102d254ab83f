// Signaling latency while liveness checks are being decided. Prints one JSON line:
// - baseline: round-trip times of `getRouterRtpCapabilities` from an idle session's
//   client, with nothing else going on;
// - underLoad: the same while 4 other sessions each submit a liveness check of 4
//   camera frames (real faces: detection, mesh and descriptors run for each);
// - decisionAloneMs: the same submission with nothing else running, median of 3 (the comparison);
// - decisionFloorMs: the same frames measured by the same models in the bench's thread, nothing else (the floor);
// - decisionsMs: how long each of the 4 submissions took.
// The models run in the liveness worker pool (AIR_LIVENESS_WORKERS, default
// cores − 1; AIR_BENCH_LIVENESS_WORKERS to choose), so signaling should stay near its baseline whatever the load.
import { readFileSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import type { LivenessChallenge } from '@aircounter/protocol';
import { ensureFaceFixtures, generated } from '../packages/vision/test/support/face-fixtures.ts';
import { createAirServer } from '../server/src/app.ts';
import { configForTests } from '../server/src/config.ts';
import { createNodeVision, measureFrame } from '../packages/vision/src/node/index.ts';
import { TestSignalingClient } from '../server/test/helpers/signaling-client.ts';

const SESSIONS = 4;
const PROBES = 200;
/** One probe every 40 ms: 25 requests a second. */
const PROBE_PERIOD_MS = 40;
// A decision of the default size: the neutral frame and one frame for each of three challenges. Every frame is
// re-measured whatever it shows, so the bench times the work, not the verdict.
const FRAMES = ['camera-frame.jpg', 'same-brighter.jpg', 'same-rotated.jpg', 'tilted-down.jpg'];
const CHALLENGES: LivenessChallenge[] = ['lookDown', 'turnLeft', 'blink'];

function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  const index = Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1);
  return Math.round((sorted[Math.max(0, index)] ?? Number.NaN) * 10) / 10;
}

function summary(times: readonly number[]): { n: number; p50: number; p95: number; max: number } {
  return { n: times.length, p50: percentile(times, 50), p95: percentile(times, 95), max: percentile(times, 100) };
}

async function probe(client: TestSignalingClient, until: () => boolean, max = PROBES): Promise<number[]> {
  const times: number[] = [];
  while (times.length < max && !until()) {
    const started = performance.now();
    await client.request('getRouterRtpCapabilities', {});
    const took = performance.now() - started;
    times.push(took);
    // Paced under the server's per-client rate limit (AIR_RATE_LIMIT_PER_SECOND, 30 by default) so that every probe
    // is answered rather than refused.
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, PROBE_PERIOD_MS - took)));
  }
  return times;
}

/**
 * The floor of a decision: the same frames decoded and measured (face, mesh, descriptor) one after another with the
 * same models in this thread, warmed up — no socket, request checks, threads, queue, evidence or signature. Median
 * of 3 runs once the decisions are done, so nothing else competes.
 */
async function bareRemeasure(jpegs: readonly Uint8Array[]): Promise<number> {
  const vision = await createNodeVision();
  try {
    await vision.warmUp({ recognition: true });
    const runs: number[] = [];
    for (let run = 0; run < 3; run++) {
      const started = performance.now();
      for (const [i, jpeg] of jpegs.entries()) {
        await measureFrame(vision, { challenge: i === 0 ? 'neutral' : 'lookDown', capturedAt: i, jpeg });
      }
      runs.push(performance.now() - started);
    }
    return percentile(runs, 50);
  } finally {
    vision.dispose();
  }
}

async function main(): Promise<void> {
  ensureFaceFixtures();
  const jpegs = FRAMES.map((name) => readFileSync(generated(name)).toString('base64'));
  const config = configForTests({
    liveness: {
      workers: Number(process.env['AIR_BENCH_LIVENESS_WORKERS'] ?? Math.max(1, availableParallelism() - 1)),
      maxAttempts: 10,
    },
  });
  const app = await createAirServer(config, {
    liveness: { picker: () => [...CHALLENGES], perChallengeMs: 600_000 },
  });
  const { port } = await app.listen(0, '127.0.0.1');
  const base = `http://127.0.0.1:${port}`;
  const wsUrl = `ws://127.0.0.1:${port}/signaling`;
  const api = async (path: string, body: unknown): Promise<Record<string, unknown>> => {
    const response = await fetch(`${base}${path}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${config.auth.apiKey.reveal()}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    return (await response.json()) as Record<string, unknown>;
  };
  const connect = async (role: 'customer' | 'agent', peerId: string): Promise<TestSignalingClient> => {
    const { sessionId } = (await api('/api/v1/sessions', {})) as { sessionId: string };
    const { token } = (await api(`/api/v1/sessions/${sessionId}/tokens`, { role, peerId, displayName: peerId })) as {
      token: string;
    };
    const client = await TestSignalingClient.open(wsUrl, token);
    const { rtpCapabilities } = await client.request('getRouterRtpCapabilities', {});
    await client.request('join', { rtpCapabilities });
    return client;
  };
  try {
    await app.services.liveness.warmUp();
    const observer = await connect('agent', 'observer');
    const customers = await Promise.all(Array.from({ length: SESSIONS }, (_, i) => connect('customer', `cust-${i}`)));
    const baseline = await probe(observer, () => false);

    const decide = async (client: TestSignalingClient): Promise<number> => {
      const issued = await client.request('startLiveness', {});
      const t0 = Date.now() - 2000;
      const started = performance.now();
      await client.request('submitLiveness', {
        nonce: issued.nonce,
        frames: jpegs.map((jpegBase64, i) => ({
          challenge: i === 0 ? ('neutral' as const) : (issued.challenges[i - 1] as LivenessChallenge),
          capturedAt: t0 + i * 100,
          jpegBase64,
        })),
        clientResult: { passed: true },
      });
      return Math.round(performance.now() - started);
    };
    // The same decision alone first: what 4 at once are compared with.
    const alone = await connect('customer', 'alone');
    const aloneRuns: number[] = [];
    for (let i = 0; i < 3; i++) aloneRuns.push(await decide(alone));
    const decisionAloneMs = percentile(aloneRuns, 50);
    await alone.close();

    let pending = SESSIONS;
    const decisionsMs: number[] = [];
    const submissions = customers.map(async (client) => {
      decisionsMs.push(await decide(client));
      pending -= 1;
    });
    const underLoad = await probe(observer, () => pending === 0, 100_000);
    await Promise.all(submissions);
    for (const client of [observer, ...customers]) await client.close();
    const floorMs = await bareRemeasure(FRAMES.map((name) => readFileSync(generated(name))));
    console.log(
      JSON.stringify({
        livenessWorkers: config.liveness.workers,
        concurrentDecisions: SESSIONS,
        framesPerDecision: FRAMES.length,
        signalingRoundTripMs: { baseline: summary(baseline), underLoad: summary(underLoad) },
        decisionAloneMs,
        decisionFloorMs: floorMs,
        decisionAloneToFloor: Math.round((decisionAloneMs / floorMs) * 100) / 100,
        decisionsMs: decisionsMs.sort((a, b) => a - b),
        slowestOfFourToAlone: Math.round(((decisionsMs.at(-1) ?? Number.NaN) / decisionAloneMs) * 100) / 100,
        loadAverage: loadavg().map((x) => Number(x.toFixed(2))),
      }),
    );
  } finally {
    await app.close();
  }
}

await main();

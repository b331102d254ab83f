// Recording benchmarks (issue 3). Prints one JSON line (the last line of stdout):
// - perConcurrency: for N concurrently recorded 2-party sessions (each party: ffmpeg
//   sending a pre-encoded VP8 640x480 ~800 kbit/s + Opus clip into PlainTransports,
//   like a browser would; every producer recorded by the real recorder), the CPU of
//   the recording server side over a measurement window — recorder ffmpegs, mediasoup
//   workers, this Node process — in % of one core, per session, and the packets lost
//   on the way (at the SFU's receive side, and the sequence gaps the recorder ffmpegs
//   report: packets that never reached them or that their socket buffers dropped).
// - maxSessionsWithoutLoss: the largest N of the ramp with no packet lost.
// - stopToSignedManifestMs: stopRecording until the files are in the package
//   (finalized, handed over), then until the session's manifest is written and signed;
//   its floor (sealFloorMs): the same media files hashed and synced once, in turn.
// Run: `node --conditions=source bench/recording.ts` (or `pnpm bench recording`).
// Env: AIR_BENCH_RECORDING_STEPS="1,2,4" to choose the ramp, AIR_BENCH_MEASURE_MS.
import { createHash } from 'node:crypto';
import { mkdtemp, open, readdir, rm } from 'node:fs/promises';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { errorMessage } from '@aircounter/protocol';
import { createWorker, type types } from 'mediasoup';
import { ensureSyncClip } from '../tests/fixtures/sync-clip.ts';
import {
  feedClip,
  joinPeer,
  newRecordingService,
  newRoom,
  openEvidence,
  publish,
  type ClipFeed,
  type MediaHarness,
} from '../server/test/helpers/recording.ts';
import type { Room } from '../server/src/media/room.ts';
import type { RecordingService } from '../server/src/recording/service.ts';
import { processCpuMs } from './support/process-stats.ts';
import { transcodingCost } from './support/transcoding.ts';

const STEPS = (process.env['AIR_BENCH_RECORDING_STEPS'] ?? '1,2,4,8,16,24,32,40,48,64').split(',').map(Number);
const WARM_UP_MS = 3000;
const MEASURE_MS = Number(process.env['AIR_BENCH_MEASURE_MS'] ?? '8000');

interface Step {
  readonly sessions: number;
  /** startRecording until active, one session after the other while the others record: median and worst. */
  readonly startToActiveMs: number;
  readonly startToActiveMaxMs: number;
  readonly serverCpuPercent: number;
  readonly serverCpuPercentPerSession: number;
  readonly recorderFfmpegCpuPercent: number;
  readonly workerCpuPercent: number;
  readonly nodeCpuPercent: number;
  /** The simulated participants' senders (not server cost, but they share the machine). */
  readonly senderCpuPercent: number;
  readonly recorderFfmpegs: number;
  readonly packetsSentToRecorders: number;
  readonly packetsLostAtSfu: number;
  readonly packetsLostAtRecorders: number;
  readonly recorderRestarts: number;
  readonly stopToFilesInPackageMs: number;
  readonly filesToSignedManifestMs: number;
  readonly stopToSignedManifestMs: number;
  readonly stopToLastSignedManifestMs: number;
  /**
   * The floor of sealing, measured right after in the same conditions (senders still running): the same media
   * files read, hashed (SHA-256) and synced once each, one after the other — what keeping them as evidence costs
   * at the least, without stopping recorders, checking what they wrote or signing anything.
   */
  readonly sealFloorMs: number;
  readonly sealedMediaFiles: number;
  readonly sealedMediaBytes: number;
}

function sum(values: readonly number[]): number {
  return values.reduce((total, value) => total + (Number.isFinite(value) ? value : 0), 0);
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[middle] ?? Number.NaN) : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
}

function round(value: number): number {
  return Math.round(value * 100) / 100;
}

/** Every recorded media file under `dir` (the sealed packages). */
async function mediaFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((entry) => entry.isFile() && /\.(webm|mkv)$/.test(entry.name))
    .map((entry) => join(entry.parentPath, entry.name));
}

/** Reads, hashes and syncs each file once, in turn: the least any evidence store does with them. */
async function hashAndSyncAll(files: readonly string[]): Promise<{ ms: number; bytes: number }> {
  const started = performance.now();
  let bytes = 0;
  for (const file of files) {
    const handle = await open(file, 'r');
    try {
      const hash = createHash('sha256');
      for await (const chunk of handle.createReadStream({ autoClose: false }) as AsyncIterable<Uint8Array>) {
        hash.update(chunk);
        bytes += chunk.byteLength;
      }
      hash.digest();
      await handle.sync();
    } finally {
      await handle.close();
    }
  }
  return { ms: performance.now() - started, bytes };
}

interface Session {
  readonly room: Room;
  readonly feeds: ClipFeed[];
}

async function recordedSessions(count: number, clip: string): Promise<Step> {
  const root = await mkdtemp(join(tmpdir(), 'air-bench-recording-'));
  const store = await openEvidence(root);
  const workers: types.Worker[] = [];
  for (let i = 0; i < cpus().length; i += 1) {
    workers.push(await createWorker({ logLevel: 'error', rtcMinPort: 40000, rtcMaxPort: 49999 }));
  }
  const recording: RecordingService = newRecordingService(store.evidence, {
    consentPolicy: 'external',
    portMin: 52000,
    portMax: 53999,
  });
  const sessions: Session[] = [];
  try {
    for (let s = 0; s < count; s += 1) {
      const worker = workers[s % workers.length] as types.Worker;
      const media: MediaHarness = { worker, close: () => worker.close() };
      const room = await newRoom(media);
      await store.evidence.openSession(room.sessionId);
      const feeds: ClipFeed[] = [];
      for (const [peerId, role] of [
        ['customer-1', 'customer'],
        ['agent-1', 'agent'],
      ] as const) {
        const feed = await feedClip(room.router, clip, { loop: true });
        feeds.push(feed);
        publish(room, joinPeer(room, peerId, role).peer, feed);
      }
      sessions.push({ room, feeds });
    }
    // Sessions start one after the other (as they do in a branch network), each while the others record.
    const startTimes: number[] = [];
    for (const { room } of sessions) {
      const startAt = performance.now();
      await recording.start(room, 'agent-1');
      startTimes.push(performance.now() - startAt);
    }
    await sleep(WARM_UP_MS);

    const tracks = sessions.flatMap(({ room }) => recording.recorderFor(room).tracks);
    const recorderPids = tracks.map((track) => track.ffmpegPid ?? -1);
    const senderPids = sessions.flatMap(({ feeds }) => feeds.map((feed) => feed.process.pid ?? -1));
    const workerUsage = async (): Promise<number> =>
      sum(
        await Promise.all(
          workers.map(async (worker) => {
            const usage = await worker.getResourceUsage();
            return usage.ru_utime + usage.ru_stime;
          }),
        ),
      );
    const before = {
      recorders: recorderPids.map(processCpuMs),
      senders: senderPids.map(processCpuMs),
      worker: await workerUsage(),
      node: process.cpuUsage(),
    };
    const measured = performance.now();
    await sleep(MEASURE_MS);
    const elapsedMs = performance.now() - measured;
    const percent = (cpuMs: number): number => (cpuMs / elapsedMs) * 100;
    const recorderCpu = percent(sum(recorderPids.map((pid, i) => processCpuMs(pid) - (before.recorders[i] ?? 0))));
    const senderCpu = percent(sum(senderPids.map((pid, i) => processCpuMs(pid) - (before.senders[i] ?? 0))));
    const workerCpu = percent((await workerUsage()) - before.worker);
    const nodeUsage = process.cpuUsage(before.node);
    const nodeCpu = percent((nodeUsage.user + nodeUsage.system) / 1000);
    const restarts = tracks.filter((track, i) => track.ffmpegPid !== recorderPids[i]).length;

    const delivery = await Promise.all(tracks.map((track) => track.stats()));
    const lostAtSfu = sum(
      await Promise.all(
        sessions.flatMap(({ feeds }) =>
          feeds.flatMap((feed) =>
            [feed.audio, feed.video].map(async (producer) =>
              sum((await producer.getStats()).map((stat) => stat.packetsLost)),
            ),
          ),
        ),
      ),
    );

    const stops = await Promise.all(
      sessions.map(async ({ room }) => {
        const stopAt = performance.now();
        await recording.stop(room, 'agent-1');
        const inPackage = performance.now();
        await store.evidence.finalizeSession(room.sessionId, { complete: true });
        const signed = performance.now();
        return { files: inPackage - stopAt, sign: signed - inPackage, total: signed - stopAt };
      }),
    );
    const sealed = await mediaFiles(root);
    const floor = await hashAndSyncAll(sealed);
    const serverCpu = recorderCpu + workerCpu + nodeCpu;
    return {
      sessions: count,
      startToActiveMs: round(median(startTimes)),
      startToActiveMaxMs: round(Math.max(...startTimes)),
      serverCpuPercent: round(serverCpu),
      serverCpuPercentPerSession: round(serverCpu / count),
      recorderFfmpegCpuPercent: round(recorderCpu),
      workerCpuPercent: round(workerCpu),
      nodeCpuPercent: round(nodeCpu),
      senderCpuPercent: round(senderCpu),
      recorderFfmpegs: recorderPids.length,
      packetsSentToRecorders: sum(delivery.map((entry) => entry.sent)),
      packetsLostAtSfu: lostAtSfu,
      packetsLostAtRecorders: sum(delivery.map((entry) => entry.missedByRecorder)),
      recorderRestarts: restarts,
      stopToFilesInPackageMs: round(median(stops.map((stop) => stop.files))),
      filesToSignedManifestMs: round(median(stops.map((stop) => stop.sign))),
      stopToSignedManifestMs: round(median(stops.map((stop) => stop.total))),
      // Every session stopped at once: when the last of them is sealed.
      stopToLastSignedManifestMs: round(Math.max(...stops.map((stop) => stop.total))),
      sealFloorMs: round(floor.ms),
      sealedMediaFiles: sealed.length,
      sealedMediaBytes: floor.bytes,
    };
  } finally {
    // Whatever happened, no recording may still write when the directory goes.
    await recording.shutdown();
    await Promise.all(sessions.flatMap(({ feeds }) => feeds.map((feed) => feed.stop())));
    for (const worker of workers) worker.close();
    await rm(root, { recursive: true, force: true, maxRetries: 5, retryDelay: 200 });
  }
}

const clip = await ensureSyncClip({ durationS: 10, width: 640, height: 480, videoBitrate: '800k', gop: 50 });
const perConcurrency: Step[] = [];
let stoppedBy: string | null = null;
for (const count of STEPS) {
  let step: Step;
  try {
    step = await recordedSessions(count, clip.webm ?? '');
  } catch (error: unknown) {
    // The machine could not even start this many: that ends the ramp, and is a result too.
    stoppedBy = `${count} sessions: ${errorMessage(error)}`.slice(0, 500);
    console.error(`[bench:recording] ${stoppedBy}`);
    break;
  }
  perConcurrency.push(step);
  console.error(`[bench:recording] ${JSON.stringify(step)}`);
  // Past the first loss the figures only describe an overloaded machine.
  if (step.packetsLostAtSfu + step.packetsLostAtRecorders > 0) break;
}
// The same streams transcoded instead of copied, in the same run: what a transcoding recorder would spend.
const transcoding = await transcodingCost(clip.webm ?? '', {
  participants: 2,
  warmUpMs: WARM_UP_MS,
  windowMs: MEASURE_MS,
});
console.error(`[bench:recording] transcoding ${JSON.stringify(transcoding)}`);
const lossless = perConcurrency.filter((step) => step.packetsLostAtSfu + step.packetsLostAtRecorders === 0);
const first = perConcurrency[0];

console.log(
  JSON.stringify({
    cpuPercentPerRecordedSession: first?.serverCpuPercentPerSession ?? null,
    maxSessionsWithoutLoss: lossless.at(-1)?.sessions ?? 0,
    lossFoundWithinRamp: lossless.length < perConcurrency.length,
    rampStoppedBy: stoppedBy,
    stopToSignedManifestMs: first?.stopToSignedManifestMs ?? null,
    sealFloorMs: first?.sealFloorMs ?? null,
    // One 2-party session: our recorder ffmpegs (codec copy) against transcoding the same two participants' streams.
    copyRecorderCpuPercentPerSession: first?.recorderFfmpegCpuPercent ?? null,
    transcodingCpuPercentPerSession: round(transcoding.cpuPercent),
    transcodingKeptRealTime: transcoding.keptRealTime,
    transcodingToCopyRatio:
      first && first.recorderFfmpegCpuPercent > 0
        ? round(transcoding.cpuPercent / first.recorderFfmpegCpuPercent)
        : null,
    transcodingToServerRatio:
      first && first.serverCpuPercentPerSession > 0
        ? round(transcoding.cpuPercent / first.serverCpuPercentPerSession)
        : null,
    transcodingMethod: transcoding.method,
    perConcurrency,
    method:
      'per 2-party session: 2 ffmpeg senders (codec copy, VP8 640x480 ~800 kbit/s + Opus, real time) into PlainTransports, 4 producers recorded (PlainTransport → ffmpeg → WebM); ' +
      `${cpus().length} mediasoup workers; warm-up ${WARM_UP_MS} ms, measured ${MEASURE_MS} ms; CPU in % of one core from /proc and worker getResourceUsage; ` +
      'loss = SFU receive-side packetsLost + RTP sequence gaps reported by the recorder ffmpegs; stop → files in package → signed manifest per session, median.',
  }),
);

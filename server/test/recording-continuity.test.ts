import type { NotificationData, TrackCoverage } from '@aircounter/protocol';
import type { types } from 'mediasoup';
import { describe, expect, it } from 'vitest';
import { recordingsVerdict } from '../src/recording/package-verdict.ts';
import {
  joinPeer,
  publish,
  readTiming,
  sleep,
  useRecordingHarness,
  waitFor,
  type ClipFeed,
  type RecordingLink,
} from './helpers/recording.ts';

// The continuity monitor: every interruption of a participant's media is seen
// live (coverage in recordingStatus) and accounted exactly in the evidence
// log, the timing summary and the package verdict, with its cause.

const h = useRecordingHarness({ durationS: 12 });

/** Freezes the participant's sender (its packets stop; its producers stay open) for `ms`. */
async function freeze(clip: ClipFeed, ms: number): Promise<void> {
  clip.process.kill('SIGSTOP');
  await sleep(ms);
  clip.process.kill('SIGCONT');
}

function coverageOf(link: RecordingLink): TrackCoverage[][] {
  return link.notifications
    .filter((entry) => entry.name === 'recordingStatus')
    .map((entry) => (entry.data as NotificationData<'recordingStatus'>).coverage ?? []);
}

async function events(sessionId: string) {
  return (await h.store.evidence.readEvents(sessionId)) ?? [];
}

describe('continuity monitor', () => {
  it('turns a 3 s freeze into one network gap, seen live and identical in evidence, timing and verdict', async () => {
    const room = await h.openRoom();
    const customer = joinPeer(room, 'customer-1', 'customer');
    const agent = joinPeer(room, 'agent-1', 'agent');
    const clip = await h.feed(room, { loop: true });
    publish(room, customer.peer, clip);
    const recording = h.recorder({ consentPolicy: 'external' });
    const { recordingId } = await recording.start(room, 'agent-1');
    await sleep(2000);
    // A short freeze (below the 2 s threshold) is no gap.
    await freeze(clip, 800);
    await sleep(2000);
    const frozenAt = Date.now();
    clip.process.kill('SIGSTOP');
    // The agent learns it live: the customer's camera is not recorded, cause network.
    const lost = await waitFor(() =>
      coverageOf(agent.link)
        .flat()
        .find((entry) => entry.peerId === 'customer-1' && entry.source === 'camera' && !entry.recorded),
    );
    const seenAfterMs = Date.now() - frozenAt;
    expect(lost.cause).toBe('network');
    expect(seenAfterMs).toBeLessThan(3000);
    await sleep(3000 - seenAfterMs);
    clip.process.kill('SIGCONT');
    await waitFor(() => {
      const last = coverageOf(agent.link).at(-1) ?? [];
      return last.filter((entry) => entry.peerId === 'customer-1').every((entry) => entry.recorded) ? true : undefined;
    });
    await sleep(2000);
    const stopped = await recording.stop(room, 'agent-1');

    const timing = await readTiming(h.store, room.sessionId, recordingId ?? '');
    const gaps = timing.gaps.filter((gap) => gap.trackKey === 'customer-1/camera');
    expect(gaps).toHaveLength(1);
    const [gap] = gaps;
    expect(gap?.cause).toBe('network');
    expect(gap?.reason).toBe('stalled');
    expect(Math.abs((gap?.durationMs ?? 0) - 3000)).toBeLessThanOrEqual(500);
    // The evidence log holds the same gap, with the same numbers.
    const gapEvents = (await events(room.sessionId)).filter(
      (entry) => entry.type === 'recording.gap' && entry.data['source'] === 'camera',
    );
    expect(gapEvents.map((entry) => [entry.data['fromMs'], entry.data['toMs'], entry.data['cause']])).toEqual([
      [gap?.fromMs, gap?.toMs, 'network'],
    ]);
    expect((await events(room.sessionId)).map((entry) => entry.type)).toContain('recording.coverage.lost');
    // One verdict everywhere: timing, the status people see, the package's.
    expect(timing.complete).toBe(false);
    expect(timing.incomplete).toEqual(['gap']);
    expect(stopped).toMatchObject({ state: 'complete', complete: false, incomplete: ['gap'] });
    const verdict = recordingsVerdict(await events(room.sessionId));
    expect(verdict.complete).toBe(false);
    expect(verdict.reason).toMatch(/gap/);
    expect(verdict.reason).toMatch(/customer-1\/camera: network/);
  });

  it('marks a track that sent one burst then froze (producer open) incomplete everywhere', async () => {
    const room = await h.openRoom();
    const customer = joinPeer(room, 'customer-1', 'customer');
    const clip = await h.feed(room, { loop: true });
    publish(room, customer.peer, clip);
    const recording = h.recorder({ consentPolicy: 'external' });
    const { recordingId } = await recording.start(room, 'agent-1');
    // The camera freezes for good soon after the first keyframe; its producer stays open.
    clip.process.kill('SIGSTOP');
    await sleep(4000);
    const stopped = await recording.stop(room, 'agent-1');
    clip.process.kill('SIGCONT');
    const timing = await readTiming(h.store, room.sessionId, recordingId ?? '');
    const camera = timing.gaps.find((gap) => gap.trackKey === 'customer-1/camera');
    expect(camera).toMatchObject({ cause: 'network', open: true, counts: true });
    expect(timing.complete).toBe(false);
    expect(timing.incomplete).toContain('gap');
    expect(stopped.complete).toBe(false);
    expect(recordingsVerdict(await events(room.sessionId)).complete).toBe(false);
  });

  it('accounts a recorder restart as a gap and a repaired file: incomplete in timing, status and verdict', async () => {
    const room = await h.openRoom();
    publish(room, joinPeer(room, 'customer-1', 'customer').peer, await h.feed(room, { loop: true }));
    const recording = h.recorder({ consentPolicy: 'external' });
    const { recordingId } = await recording.start(room, 'agent-1');
    const video = recording.recorderFor(room).tracks.find((track) => track.kind === 'video');
    const killed = video?.ffmpegPid;
    await sleep(2000);
    process.kill(killed ?? 0, 'SIGKILL');
    await waitFor(() => (video?.ffmpegPid !== undefined && video.ffmpegPid !== killed ? true : undefined));
    await sleep(2000);
    const stopped = await recording.stop(room, 'agent-1');
    const timing = await readTiming(h.store, room.sessionId, recordingId ?? '');
    expect(timing.gaps.map((gap) => [gap.trackKey, gap.cause])).toEqual([['customer-1/camera', 'recorder-restart']]);
    expect(timing.incomplete).toEqual(expect.arrayContaining(['gap', 'file-repaired']));
    expect(stopped).toMatchObject({ complete: false });
    const verdict = recordingsVerdict(await events(room.sessionId));
    expect(verdict.complete).toBe(false);
    expect(verdict.reason).toMatch(/file-repaired/);
  });

  it('keeps a whole recording complete everywhere', async () => {
    const room = await h.openRoom();
    publish(room, joinPeer(room, 'customer-1', 'customer').peer, await h.feed(room, { loop: true }));
    const recording = h.recorder({ consentPolicy: 'external' });
    const { recordingId } = await recording.start(room, 'agent-1');
    await sleep(4000);
    const stopped = await recording.stop(room, 'agent-1');
    const timing = await readTiming(h.store, room.sessionId, recordingId ?? '');
    expect(timing.gaps).toEqual([]);
    expect(timing.problems).toEqual([]);
    expect(timing.complete).toBe(true);
    expect(stopped).toMatchObject({ state: 'complete', complete: true, incomplete: [] });
    expect(recordingsVerdict(await events(room.sessionId))).toEqual({ complete: true, reason: undefined });
  });
});

/** A producer on its own plain transport that never receives a packet (a participant's fresh track). */
async function silentProducer(
  router: types.Router,
  ssrc: number,
): Promise<types.Producer & { readonly transport: types.PlainTransport }> {
  const transport = await router.createPlainTransport({
    listenInfo: { protocol: 'udp', ip: '127.0.0.1' },
    rtcpMux: false,
    comedia: true,
  });
  const producer = await transport.produce({
    kind: 'video',
    rtpParameters: {
      codecs: [{ mimeType: 'video/VP8', clockRate: 90000, payloadType: 101 }],
      encodings: [{ ssrc }],
    },
  });
  producer.observer.once('close', () => transport.close());
  return Object.assign(producer, { transport });
}

describe('a participant cannot sabotage a recording', () => {
  it('survives producers closed 0–50 ms after they appear (closed, or their transport closed), 12 times', async () => {
    const room = await h.openRoom();
    const customer = joinPeer(room, 'customer-1', 'customer');
    publish(room, customer.peer, await h.feed(room, { loop: true }));
    const agent = joinPeer(room, 'agent-1', 'agent');
    const recording = h.recorder({ consentPolicy: 'external' });
    const { recordingId } = await recording.start(room, 'agent-1');
    for (let trial = 0; trial < 12; trial += 1) {
      const producer = await silentProducer(room.router, 30_000_000 + trial);
      room.addProducer(customer.peer, producer, 'screen');
      await sleep((trial * 50) / 11);
      // Half close the producer, half its transport (what a reconnect does).
      if (trial % 2 === 0) producer.close();
      else producer.transport.close();
      expect(recording.recorderFor(room).state).toBe('active');
    }
    await sleep(1500);
    expect(recording.recorderFor(room).state).toBe('active');
    const stopped = await recording.stop(room, 'agent-1');
    expect(stopped.state).toBe('complete');
    expect(agent.link.recordingStates()).toEqual(['starting', 'active', 'ending', 'complete']);
    const types = (await events(room.sessionId)).map((entry) => entry.type);
    expect(types).not.toContain('recording.track.failed');
    const timing = await readTiming(h.store, room.sessionId, recordingId ?? '');
    // The customer's camera and microphone were recorded throughout.
    expect(timing.gaps.filter((gap) => gap.source !== 'screen')).toEqual([]);
    // No recorder was left running.
    expect(recording.recorderFor(room).tracks).toEqual([]);
  });

  it('defers tracks beyond a participant’s budget of track starts, with a typed refusal in the evidence', async () => {
    const room = await h.openRoom();
    const customer = joinPeer(room, 'customer-1', 'customer');
    const recording = h.recorder({
      consentPolicy: 'external',
      maxTrackStarts: 2,
      trackStartWindowMs: 60_000,
    });
    await recording.start(room, 'agent-1');
    const producers: types.Producer[] = [];
    for (let index = 0; index < 4; index += 1) {
      const producer = await silentProducer(room.router, 31_000_000 + index);
      producers.push(producer);
      room.addProducer(customer.peer, producer, 'screen');
    }
    await waitFor(() => (recording.recorderFor(room).tracks.length === 2 ? true : undefined));
    const refused = await waitFor(async () => {
      const found = (await events(room.sessionId)).filter((entry) => entry.type === 'recording.track.refused');
      return found.length >= 2 ? found : undefined;
    });
    expect(refused.map((entry) => [entry.data['code'], entry.data['limit']])).toEqual([
      ['RATE_LIMITED', 'maxTrackStarts'],
      ['RATE_LIMITED', 'maxTrackStarts'],
    ]);
    for (const producer of producers) producer.close();
    expect((await recording.stop(room, 'agent-1')).state).toBe('complete');
  });

  it('caps the ffmpeg processes of a session', async () => {
    const room = await h.openRoom();
    const customer = joinPeer(room, 'customer-1', 'customer');
    const recording = h.recorder({ consentPolicy: 'external', maxFfmpegPerSession: 3 });
    await recording.start(room, 'agent-1');
    const producers: types.Producer[] = [];
    for (let index = 0; index < 5; index += 1) {
      const producer = await silentProducer(room.router, 32_000_000 + index);
      producers.push(producer);
      room.addProducer(customer.peer, producer, 'screen');
    }
    await waitFor(() => (recording.recorderFor(room).tracks.length === 3 ? true : undefined));
    await sleep(500);
    expect(recording.recorderFor(room).tracks).toHaveLength(3);
    // A track ending frees a place: a deferred one is recorded.
    const recorded = recording.recorderFor(room).tracks[0]?.producer;
    recorded?.close();
    await waitFor(() =>
      recording.recorderFor(room).tracks.length === 3 &&
      !recording.recorderFor(room).tracks.some((track) => track.producer === recorded)
        ? true
        : undefined,
    );
    await recording.recorderFor(room).settled();
    const refused = (await events(room.sessionId)).filter((entry) => entry.type === 'recording.track.refused');
    expect(refused.every((entry) => entry.data['limit'] === 'maxFfmpegPerSession')).toBe(true);
    expect(refused).toHaveLength(2);
    for (const producer of producers) producer.close();
    expect((await recording.stop(room, 'agent-1')).state).toBe('complete');
  });
});

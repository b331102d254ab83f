import { stat } from 'node:fs/promises';
import { AirError } from '@aircounter/protocol';
import { describe, expect, it } from 'vitest';
import { probeMedia } from '../src/recording/probe.ts';
import { avOffsets, joinPeer, publish, readTiming, sleep, waitFor, useRecordingHarness } from './helpers/recording.ts';

// Failures during a recording: ffmpeg killed, a participant dropping and
// rejoining, the session ending, the server shutting down, ffmpeg missing.

const h = useRecordingHarness({ durationS: 12 });

async function eventTypes(sessionId: string): Promise<string[]> {
  return ((await h.store.evidence.readEvents(sessionId)) ?? []).map((entry) => entry.type);
}

describe('recording lifecycle', () => {
  it('restarts a killed ffmpeg into a new segment, records the gap and keeps the broken file playable', async () => {
    const room = await h.openRoom();
    const { peer } = joinPeer(room, 'customer-1', 'customer');
    publish(room, peer, await h.feed(room, { loop: true }));
    const recording = h.recorder({ consentPolicy: 'external' });
    const { recordingId } = await recording.start(room, 'agent-1');
    const recorder = recording.recorderFor(room);
    const video = recorder.tracks.find((track) => track.kind === 'video');
    const killedPid = video?.ffmpegPid;
    expect(killedPid).toBeDefined();
    await sleep(3000);
    process.kill(killedPid ?? 0, 'SIGKILL');
    const restartedPid = await waitFor(() => {
      const pid = video?.ffmpegPid;
      return pid !== undefined && pid !== killedPid ? pid : undefined;
    });
    expect(restartedPid).not.toBe(killedPid);
    await sleep(4000);
    const stopped = await recording.stop(room, 'agent-1');
    expect(stopped.state).toBe('complete');

    const timing = await readTiming(h.store, room.sessionId, recordingId ?? '');
    const videoSegments = timing.segments.filter((segment) => segment.kind === 'video');
    expect(videoSegments.map((segment) => segment.segment)).toEqual([1, 2]);
    const [killed, restarted] = videoSegments;
    expect(killed?.end).toMatchObject({ reason: 'ffmpeg-crashed', clean: false, signal: 'SIGKILL' });
    expect(killed?.repaired).toBe(true);
    expect(restarted?.end).toMatchObject({ reason: 'stopped', clean: true });
    // Nothing overwritten: the killed file is kept as written, beside its playable copy.
    expect((await stat(h.store.filePath(room.sessionId, killed?.file ?? ''))).size).toBeGreaterThan(0);
    const repairedProbe = await probeMedia('ffprobe', h.store.filePath(room.sessionId, killed?.playableFile ?? ''));
    expect(repairedProbe.packets).toBeGreaterThan(25);
    expect(repairedProbe.durationMs).toBeGreaterThan(1500);
    expect(timing.complete).toBe(false);
    const gap = timing.gaps.find((entry) => entry.trackKey === 'customer-1/camera');
    expect(gap?.reason).toBe('ffmpeg-crashed');
    expect(gap?.durationMs ?? -1).toBeGreaterThan(0);
    expect(gap?.durationMs ?? Infinity).toBeLessThan(3000);
    // The audio kept running in one segment; the restarted video is still in sync with it.
    expect(timing.segments.filter((segment) => segment.kind === 'audio')).toHaveLength(1);
    const pairs = await avOffsets(h.store, timing, 'customer-1');
    expect(pairs.length).toBeGreaterThanOrEqual(3);
    for (const pair of pairs) expect(Math.abs(pair.offsetMs)).toBeLessThanOrEqual(40);

    const types = await eventTypes(room.sessionId);
    expect(types).toContain('recording.segment.interrupted');
    expect(types).toContain('recording.gap');
  });

  it('starts a new segment when a participant drops and rejoins, with a gap event', async () => {
    const room = await h.openRoom();
    const first = joinPeer(room, 'customer-1', 'customer');
    const firstFeed = await h.feed(room, { loop: true });
    publish(room, first.peer, firstFeed);
    const agent = joinPeer(room, 'agent-1', 'agent');
    const recording = h.recorder({ consentPolicy: 'external' });
    const { recordingId } = await recording.start(room, 'agent-1');
    await sleep(3000);
    // The customer's connection drops: their producers go away.
    await firstFeed.stop();
    room.removePeer('customer-1', 'disconnected');
    await sleep(1500);
    const again = joinPeer(room, 'customer-1', 'customer');
    publish(room, again.peer, await h.feed(room, { loop: true }));
    await sleep(3000);
    await recording.stop(room, 'agent-1');

    const timing = await readTiming(h.store, room.sessionId, recordingId ?? '');
    for (const source of ['camera', 'microphone']) {
      const segments = timing.segments.filter((segment) => segment.trackKey === `customer-1/${source}`);
      expect(segments.map((segment) => segment.segment)).toEqual([1, 2]);
      expect(segments[0]?.end.reason).toBe('producer-closed');
      expect(new Set(segments.map((segment) => segment.producerId)).size).toBe(2);
      const gap = timing.gaps.find((entry) => entry.trackKey === `customer-1/${source}`);
      expect(gap?.reason).toBe('producer-closed');
      // The customer was away 1.5 s (plus the new keyframe for video).
      expect(gap?.durationMs ?? -1).toBeGreaterThan(1200);
      expect(gap?.durationMs ?? Infinity).toBeLessThan(4000);
    }
    const gapEvents = ((await h.store.evidence.readEvents(room.sessionId)) ?? []).filter(
      (entry) => entry.type === 'recording.gap',
    );
    expect(gapEvents.map((entry) => entry.data['source']).sort()).toEqual(['camera', 'microphone']);
    expect(gapEvents.every((entry) => entry.data['reason'] === 'producer-closed')).toBe(true);
    // The agent, who stayed, saw the whole lifecycle.
    expect(agent.link.recordingStates()).toEqual(['starting', 'active', 'ending', 'complete']);
    // The rejoined customer hears the current status (the room keeps it for joiners), then live coverage
    // updates while the recording is active (its own tracks recorded again).
    expect(again.link.recordingStates()).toEqual(['active', 'ending', 'complete']);
  });

  it('finalizes when the session ends, and ends as aborted when the server shuts down', async () => {
    const ended = await h.openRoom();
    publish(ended, joinPeer(ended, 'customer-1', 'customer').peer, await h.feed(ended, { loop: true }));
    const recording = h.recorder({ consentPolicy: 'external' });
    const first = await recording.start(ended, 'agent-1');
    await sleep(2000);
    ended.close('ended', 'SESSION_ENDED');
    await recording.whenSettled(ended.sessionId);
    expect(ended.recordingStatus).toMatchObject({ state: 'complete', reason: 'session-ended' });
    const endedTiming = await readTiming(h.store, ended.sessionId, first.recordingId ?? '');
    expect(endedTiming.segments).toHaveLength(2);
    expect(endedTiming.segments.every((segment) => segment.end.clean && segment.durationMs !== null)).toBe(true);

    const shut = await h.openRoom();
    publish(shut, joinPeer(shut, 'customer-2', 'customer').peer, await h.feed(shut, { loop: true }));
    const second = await recording.start(shut, 'agent-1');
    await sleep(2000);
    await recording.shutdown();
    expect(shut.recordingStatus).toMatchObject({ state: 'aborted', reason: 'server-shutdown' });
    const shutTiming = await readTiming(h.store, shut.sessionId, second.recordingId ?? '');
    expect(shutTiming.segments.every((segment) => segment.end.clean)).toBe(true);
    const states = ((await h.store.evidence.readEvents(shut.sessionId)) ?? [])
      .filter((entry) => entry.type === 'recording.state')
      .map((entry) => entry.data['state']);
    expect(states).toEqual(['starting', 'active', 'ending', 'aborted']);
  });

  it('logs producer pauses and keeps one file across them', async () => {
    const room = await h.openRoom();
    const customerFeed = await h.feed(room, { loop: true });
    publish(room, joinPeer(room, 'customer-1', 'customer').peer, customerFeed);
    const recording = h.recorder({ consentPolicy: 'external' });
    const { recordingId } = await recording.start(room, 'agent-1');
    await sleep(1500);
    await customerFeed.video.pause();
    await sleep(1500);
    await customerFeed.video.resume();
    await sleep(1500);
    await recording.stop(room, 'agent-1');
    const types = await eventTypes(room.sessionId);
    expect(types).toContain('recording.track.paused');
    expect(types).toContain('recording.track.resumed');
    const timing = await readTiming(h.store, room.sessionId, recordingId ?? '');
    expect(timing.segments.filter((segment) => segment.kind === 'video')).toHaveLength(1);
    expect(timing.gaps).toEqual([]);
  });

  it('fails with RECORDING_FAILED naming the fix when ffmpeg cannot be found', async () => {
    const room = await h.openRoom();
    const { link } = joinPeer(room, 'customer-1', 'customer');
    const recording = h.recorder({
      consentPolicy: 'external',
      ffmpegPath: '/nonexistent/ffmpeg',
    });
    const failure = await recording.start(room, 'agent-1').then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(failure).toBeInstanceOf(AirError);
    expect((failure as AirError).code).toBe('RECORDING_FAILED');
    expect((failure as AirError).message).toMatch(/AIR_FFMPEG_PATH/);
    expect(link.recordingStates()).toEqual(['starting', 'failed']);
    // Everyone sees a typed reason; ffmpeg's details stay in the server log.
    expect(room.recordingStatus.reason).toBe('recorder-unavailable');
    expect(JSON.stringify(link.notifications)).not.toMatch(/nonexistent|AIR_FFMPEG_PATH/);
  });
});

import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { parseTimingSummary, type TimingSummary } from '@aircounter/evidence';
import { rejection } from '../../packages/protocol/src/test-fixtures/async.ts';
import { probeMedia } from '../src/recording/probe.ts';
import { joinPeer, newRoom, publish, sleep, useRecordingHarness } from './helpers/recording.ts';

// A two-party session recorded for real: mediasoup worker, ffmpeg senders with
// a generated clip, ffmpeg recorders, the evidence store on disk.

const h = useRecordingHarness({ durationS: 12 });

describe('recording a two-party session', () => {
  it('records consent, then every producer of both participants into playable files on one timeline', async () => {
    const room = await newRoom(h.media);
    const sessionId = room.sessionId;
    await h.store.evidence.openSession(sessionId);
    const customer = joinPeer(room, 'customer-1', 'customer');
    const agent = joinPeer(room, 'agent-1', 'agent');
    const customerFeed = await h.feed(room);
    const agentFeed = await h.feed(room);
    publish(room, customer.peer, customerFeed);
    publish(room, agent.peer, agentFeed);
    const recording = h.recorder();

    // No consent yet: the policy is explicit.
    expect((await rejection(recording.start(room, 'agent-1'))).code).toBe('CONSENT_REQUIRED');
    const consented = await recording.giveConsent(room, 'customer-1', {
      consentTextVersion: 'kyc-2025-01',
      action: 'button:accept',
      locale: 'en',
    });
    expect(consented).toMatchObject({ state: 'idle', consentGiven: true });

    const started = await recording.start(room, 'agent-1');
    expect(started.state).toBe('active');
    const startedAt = Date.now();
    expect((await rejection(recording.start(room, 'agent-1'))).code).toBe('RECORDING_ALREADY_ACTIVE');
    await sleep(6000);
    const stopRequestedAt = Date.now();
    const stopped = await recording.stop(room, 'agent-1');
    const recordedMs = stopRequestedAt - startedAt;
    expect(stopped).toMatchObject({ state: 'complete', recordingId: started.recordingId });
    expect((await rejection(recording.stop(room, 'agent-1'))).code).toBe('RECORDING_NOT_ACTIVE');

    // Everyone in the room was told, the customer included.
    for (const link of [customer.link, agent.link]) {
      expect(link.recordingStates()).toEqual(['idle', 'starting', 'active', 'ending', 'complete']);
    }
    expect(room.recordingStatus.state).toBe('complete');

    const timing = JSON.parse(
      await readFile(h.store.filePath(sessionId, `recording-${started.recordingId}.timing.json`), 'utf8'),
    ) as TimingSummary;
    // What the recorder writes is what the format's schema (and so the replay) reads.
    expect(parseTimingSummary(timing)).toMatchObject({ ok: true });
    expect(timing.complete).toBe(true);
    expect(timing.segments).toHaveLength(4);
    for (const segment of timing.segments) {
      expect(segment.end).toMatchObject({ reason: 'stopped', clean: true, packetsLost: 0 });
      expect(segment.anchor?.method).toBe('sender-report');
      expect(segment).toMatchObject({ playableFile: segment.file, empty: false, problem: null, repaired: false });
      expect(segment.packets ?? 0).toBeGreaterThan(100);
      const probe = await probeMedia('ffprobe', h.store.filePath(sessionId, segment.file));
      expect(probe.streams).toEqual([
        segment.kind === 'audio'
          ? { codecType: 'audio', codecName: 'opus' }
          : { codecType: 'video', codecName: 'vp8', width: 320, height: 240 },
      ]);
      expect(probe.durationMs).toBeDefined();
      // Video starts at the first keyframe (every 480 ms in the clip); every track ends at the stop.
      expect(Math.abs((probe.durationMs ?? 0) - recordedMs)).toBeLessThan(1000);
      expect(Math.abs((segment.endMs ?? 0) - (stopRequestedAt - timing.originUnixMs))).toBeLessThan(400);
      // Media time 0 is when the recording entered `starting`; every track begins
      // within a second of `active` (video at its first keyframe).
      expect(segment.startMs).not.toBeNull();
      expect(segment.startMs ?? -1).toBeGreaterThanOrEqual(0);
      expect(segment.startMs ?? Infinity).toBeLessThan(startedAt - timing.originUnixMs + 1000);
      // Capture → arrival at the recorder: loopback, no encoder (the sender copies).
      expect(segment.captureToArrivalMs ?? Infinity).toBeLessThan(100);
    }
    const kinds = (peerId: string): string[] =>
      timing.segments
        .filter((segment) => segment.peerId === peerId)
        .map((segment) => segment.kind)
        .sort();
    expect(kinds('customer-1')).toEqual(['audio', 'video']);
    expect(kinds('agent-1')).toEqual(['audio', 'video']);

    const events = (await h.store.evidence.readEvents(sessionId)) ?? [];
    const types = events.map((entry) => entry.type);
    expect(types.indexOf('consent.given')).toBeLessThan(types.indexOf('recording.state'));
    expect(events.find((entry) => entry.type === 'consent.given')?.data).toMatchObject({
      peerId: 'customer-1',
      consentTextVersion: 'kyc-2025-01',
      action: 'button:accept',
      locale: 'en',
    });
    expect(types.filter((type) => type === 'recording.segment.started')).toHaveLength(4);
    expect(types.filter((type) => type === 'recording.segment.first-packet')).toHaveLength(4);
    expect(types.filter((type) => type === 'recording.sender-report').length).toBeGreaterThanOrEqual(4);
    const added = events.filter((entry) => entry.type === 'evidence.file.added').map((entry) => entry.data['name']);
    for (const segment of timing.segments) expect(added).toContain(segment.file);
    expect(added).toContain(`recording-${started.recordingId}.timing.json`);
    expect(types).toContain('recording.finalized');
    const states = events.filter((entry) => entry.type === 'recording.state').map((entry) => entry.data['state']);
    expect(states).toEqual(['starting', 'active', 'ending', 'complete']);
    // Every recording event after the start carries its place on the media timeline.
    const firstPackets = events.filter((entry) => entry.type === 'recording.segment.first-packet');
    for (const entry of firstPackets) expect(entry.mediaTimeMs).toBeGreaterThanOrEqual(0);
  });
});

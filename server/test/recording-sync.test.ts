import { describe, expect, it } from 'vitest';
import { avOffsets, joinPeer, publish, readTiming, sleep, useRecordingHarness } from './helpers/recording.ts';

// Lip sync, measured: each participant sends a clip with a flash and a beep at
// the same instants; after recording, the flashes found in the video files and
// the beeps found in the audio files are placed on the session timeline with
// the timing sidecar and must coincide within 40 ms (about one frame).

const MAX_OFFSET_MS = 40;

const h = useRecordingHarness({ durationS: 12 });

describe('audio–video sync of recordings', () => {
  it('keeps every participant within 40 ms on the session timeline', async () => {
    const room = await h.openRoom();
    const customer = joinPeer(room, 'customer-1', 'customer');
    const agent = joinPeer(room, 'agent-1', 'agent');
    const customerFeed = await h.feed(room);
    publish(room, customer.peer, customerFeed);
    // The agent's clip runs 700 ms behind the customer's: the participants are not in step.
    await sleep(700);
    const agentFeed = await h.feed(room);
    publish(room, agent.peer, agentFeed);

    const recording = h.recorder({ consentPolicy: 'external' });
    const { recordingId } = await recording.start(room, 'agent-1');
    await sleep(9000);
    await recording.stop(room, 'agent-1');

    const timing = await readTiming(h.store, room.sessionId, recordingId ?? '');
    for (const peerId of ['customer-1', 'agent-1']) {
      const pairs = await avOffsets(h.store, timing, peerId);
      console.log(
        `${peerId}: video − audio offsets (ms)`,
        pairs.map((pair) => Math.round(pair.offsetMs * 10) / 10),
      );
      // 9 s of a clip with a pulse every 2 s: at least 3 pulses recorded whole.
      expect(pairs.length).toBeGreaterThanOrEqual(3);
      for (const pair of pairs) expect(Math.abs(pair.offsetMs)).toBeLessThanOrEqual(MAX_OFFSET_MS);
    }
    // Across participants: the same pulse of both clips lies as far apart on the
    // timeline as the clips' first packets reached the server.
    const started = (await agentFeed.firstAudioWorkerMs()) - (await customerFeed.firstAudioWorkerMs());
    const customerBeeps = (await avOffsets(h.store, timing, 'customer-1')).map((pair) => pair.beepMs);
    const agentBeeps = (await avOffsets(h.store, timing, 'agent-1')).map((pair) => pair.beepMs);
    const apart = agentBeeps.flatMap((beep) => {
      const same = customerBeeps.find((other) => Math.abs(beep - other - started) < 500);
      return same === undefined ? [] : [beep - same];
    });
    console.log('agent − customer, same pulse (ms)', apart.map(Math.round), 'first packets', started, 'ms apart');
    expect(apart.length).toBeGreaterThanOrEqual(3);
    for (const distance of apart) expect(Math.abs(distance - started)).toBeLessThanOrEqual(MAX_OFFSET_MS);
  });
});

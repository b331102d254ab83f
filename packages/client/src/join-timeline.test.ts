import { describe, expect, it } from 'vitest';
import { JoinTimelineRecorder, type TimingClock } from './join-timeline.ts';
import { FIRST_MEDIA_POLL_MS, FirstMediaWatcher, phasesInStats, type StatsTransport } from './media/first-media.ts';

/** A clock the test moves by hand, recording the User Timing entries written. */
function manualClock(): { clock: TimingClock; advance(ms: number): void; entries: string[] } {
  let now = 1_000;
  const entries: string[] = [];
  const clock: TimingClock = {
    now: () => now,
    mark: (name) => {
      entries.push(`mark ${name}`);
      return { startTime: now } as PerformanceMark;
    },
    measure: (name, options) => {
      const { start, end } = options as { start: number; end: number };
      entries.push(`measure ${name} ${end - start}`);
      return {} as PerformanceMeasure;
    },
  };
  return { clock, advance: (ms) => (now += ms), entries };
}

function report(...entries: Record<string, unknown>[]): RTCStatsReport {
  return new Map(entries.map((entry, index) => [String(index), entry])) as unknown as RTCStatsReport;
}

describe('join timeline', () => {
  it('records each phase once, in ms since the start, and as a User Timing measure', () => {
    const { clock, advance, entries } = manualClock();
    const timeline = new JoinTimelineRecorder('reconnect', clock);
    advance(12.34);
    timeline.mark('tokenObtained');
    advance(5);
    timeline.mark('socketOpen');
    timeline.mark('tokenObtained');
    expect(timeline.snapshot()).toEqual({
      reason: 'reconnect',
      startedAt: 1_000,
      phases: { tokenObtained: 12.3, socketOpen: 17.3 },
    });
    expect(entries.map((e) => e.replace(/ [\d.]+$/, ''))).toEqual([
      'mark aircounter:join:start',
      'measure aircounter:join:tokenObtained',
      'measure aircounter:join:socketOpen',
    ]);
  });

  it('keeps its timeline where the browser refuses mark and measure options', () => {
    const { clock, advance } = manualClock();
    const refusing: TimingClock = {
      now: clock.now,
      mark: () => {
        throw new TypeError('options not supported');
      },
      measure: () => {
        throw new TypeError('options not supported');
      },
    };
    const timeline = new JoinTimelineRecorder('join', refusing);
    advance(7);
    timeline.mark('socketOpen');
    expect(timeline.snapshot().phases).toEqual({ socketOpen: 7 });
  });

  it('writes to the real performance timeline by default', () => {
    const timeline = new JoinTimelineRecorder('join');
    timeline.mark('joinAnswered');
    const measures = performance.getEntriesByName('aircounter:join:joinAnswered', 'measure');
    expect(measures.at(-1)?.duration).toBeCloseTo(timeline.snapshot().phases.joinAnswered ?? -1, 0);
  });

  it('reads the media phases from stats: RTP out, RTP in, a decoded video frame', () => {
    expect(phasesInStats(report({ type: 'outbound-rtp', packetsSent: 0 }))).toEqual([]);
    expect(phasesInStats(report({ type: 'outbound-rtp', packetsSent: 3 }))).toEqual(['firstRtpSent']);
    expect(
      phasesInStats(
        report(
          { type: 'inbound-rtp', kind: 'audio', packetsReceived: 9 },
          { type: 'inbound-rtp', kind: 'video', packetsReceived: 4, framesDecoded: 0 },
        ),
      ),
    ).toEqual(['firstRtpReceived']);
    expect(phasesInStats(report({ type: 'inbound-rtp', kind: 'video', packetsReceived: 4, framesDecoded: 1 }))).toEqual(
      ['firstRtpReceived', 'firstFrameDecoded'],
    );
  });

  it('polls a transport until its phases are in, then stops', async () => {
    const marked: string[] = [];
    const sink = { has: (phase: string) => marked.includes(phase), mark: (phase: string) => void marked.push(phase) };
    const reports = [
      report({ type: 'inbound-rtp', kind: 'video', packetsReceived: 2, framesDecoded: 0 }),
      report({ type: 'inbound-rtp', kind: 'video', packetsReceived: 5, framesDecoded: 1 }),
    ];
    let polls = 0;
    const transport: StatsTransport = {
      direction: 'recv',
      getStats: async () => reports[Math.min(polls++, reports.length - 1)] ?? report(),
    };
    const watcher = new FirstMediaWatcher(sink);
    watcher.watch(transport);
    watcher.watch(transport); // one loop per direction
    await expect.poll(() => marked).toEqual(['firstRtpReceived', 'firstFrameDecoded']);
    await new Promise((resolve) => setTimeout(resolve, FIRST_MEDIA_POLL_MS * 3));
    expect(polls).toBe(2);
  });

  it('stops polling when the attempt is torn down', async () => {
    let polls = 0;
    const transport: StatsTransport = { direction: 'send', getStats: async () => (polls++, report()) };
    const watcher = new FirstMediaWatcher({ has: () => false, mark: () => undefined });
    watcher.watch(transport);
    await expect.poll(() => polls).toBeGreaterThan(0);
    watcher.stop();
    const seen = polls;
    await new Promise((resolve) => setTimeout(resolve, FIRST_MEDIA_POLL_MS * 3));
    expect(polls).toBeLessThanOrEqual(seen + 1);
  });
});

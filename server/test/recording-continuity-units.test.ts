import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ContinuityMonitor, type CoverageGap } from '../src/recording/continuity.ts';
import { ConcurrencyLimiter } from '../src/recording/limiter.ts';
import { recordingsVerdict } from '../src/recording/package-verdict.ts';
import { WindowBudget } from '../src/recording/restart-policy.ts';
import { judgeWritten } from '../src/recording/written-check.ts';

// The continuity monitor, the written-vs-sent check, the package verdict and
// the limits, isolated on purpose (fake clock, a packet counter the test drives).

const track = { trackKey: 'c/camera', peerId: 'c', role: 'customer', source: 'camera' } as const;

describe('continuity monitor', () => {
  let packets = 0;
  let paused = false;
  let opened: Omit<CoverageGap, 'toUnixMs' | 'open'>[];
  let closed: CoverageGap[];
  let monitor: ContinuityMonitor;
  const probe = { packets: () => Promise.resolve(packets), paused: () => paused };
  /** Media flows for `ms`: the count grows on every poll. */
  const flow = async (ms: number): Promise<void> => {
    for (let elapsed = 0; elapsed < ms; elapsed += 50) {
      packets += 1;
      await vi.advanceTimersByTimeAsync(50);
    }
  };

  beforeEach(() => {
    vi.useFakeTimers({ now: 1_000_000 });
    packets = 0;
    paused = false;
    opened = [];
    closed = [];
    monitor = new ContinuityMonitor(
      { stallGapMs: 2000, pollMs: 250 },
      {
        gapOpened: (gap) => opened.push(gap),
        gapClosed: (gap) => closed.push(gap),
        changed: () => undefined,
        probeFailed: () => undefined,
      },
    );
    monitor.start();
    monitor.attach(track, probe);
  });
  afterEach(() => {
    monitor.stop(Date.now());
    vi.useRealTimers();
  });

  it('ignores a pause in packets up to the threshold', async () => {
    await flow(1000);
    await vi.advanceTimersByTimeAsync(1700);
    await flow(1000);
    expect(opened).toEqual([]);
    expect(monitor.coverage(() => null)[0]).toMatchObject({ recorded: true });
  });

  it('opens a gap at the last packet once the stall exceeds the threshold, and closes it when media returns', async () => {
    await flow(1000);
    const lastPacketAt = Date.now();
    await vi.advanceTimersByTimeAsync(2600);
    expect(opened).toEqual([expect.objectContaining({ cause: 'network' })]);
    expect(Math.abs((opened[0]?.fromUnixMs ?? 0) - lastPacketAt)).toBeLessThanOrEqual(250);
    expect(monitor.coverage((unixMs) => unixMs - 1_000_000)[0]).toMatchObject({ recorded: false, cause: 'network' });
    await vi.advanceTimersByTimeAsync(2400);
    const returnedAt = Date.now();
    await flow(500);
    expect(closed).toHaveLength(1);
    const gap = closed[0];
    expect(gap?.open).toBe(false);
    expect(Math.abs((gap?.toUnixMs ?? 0) - returnedAt)).toBeLessThanOrEqual(300);
    expect(Math.abs((gap?.toUnixMs ?? 0) - (gap?.fromUnixMs ?? 0) - 5000)).toBeLessThanOrEqual(500);
    expect(monitor.coverage(() => null)[0]).toMatchObject({ recorded: true });
  });

  it('places both bounds of a stall gap within half a poll interval of the real stop and return', async () => {
    // Polls every 250 ms; the last packet and the first one back each come just after a poll.
    await flow(1010);
    const stoppedAt = Date.now();
    await vi.advanceTimersByTimeAsync(2960);
    const returnedAt = Date.now();
    await flow(500);
    expect(closed).toHaveLength(1);
    // Half a poll, and the 50 ms between the packets of this flow.
    expect(Math.abs((closed[0]?.fromUnixMs ?? 0) - stoppedAt)).toBeLessThanOrEqual(125 + 50);
    expect(Math.abs((closed[0]?.toUnixMs ?? 0) - returnedAt)).toBeLessThanOrEqual(125 + 50);
  });

  it('calls a stall of a paused track camera-off', async () => {
    await flow(500);
    paused = true;
    await vi.advanceTimersByTimeAsync(3000);
    expect(opened.map((gap) => gap.cause)).toEqual(['camera-off']);
  });

  it('opens a gap at once for a certain interruption, keeps its first cause, and ends it open at the stop', async () => {
    await flow(500);
    monitor.interrupt(track.trackKey, 'recorder-restart', Date.now(), false);
    monitor.interrupt(track.trackKey, 'participant-left', Date.now(), true);
    expect(opened.map((gap) => gap.cause)).toEqual(['recorder-restart']);
    await vi.advanceTimersByTimeAsync(1000);
    monitor.stop(Date.now());
    expect(closed).toEqual([expect.objectContaining({ cause: 'recorder-restart', open: true })]);
    expect((closed[0]?.toUnixMs ?? 0) - (closed[0]?.fromUnixMs ?? 0)).toBe(1000);
  });

  it('keeps a restart gap open while the old count creeps up, until the new segment’s first packet', async () => {
    await flow(500);
    const at = Date.now();
    monitor.interrupt(track.trackKey, 'recorder-restart', at, false);
    await flow(500);
    expect(closed).toEqual([]);
    monitor.mediaArrived(track.trackKey, at + 2500);
    expect(closed).toEqual([expect.objectContaining({ fromUnixMs: at, toUnixMs: at + 2500 })]);
  });

  it('closes a gap at the exact arrival of the first packet of a new segment', async () => {
    await flow(500);
    const at = Date.now();
    monitor.interrupt(track.trackKey, 'track-closed', at, true);
    monitor.attach(track, { packets: () => Promise.resolve(0), paused: () => false });
    monitor.mediaArrived(track.trackKey, at + 1234);
    expect(closed).toEqual([expect.objectContaining({ fromUnixMs: at, toUnixMs: at + 1234, cause: 'track-closed' })]);
  });

  it('carries a track over a server restart: a gap from its last media before the stop to its new first packet', async () => {
    const other = { trackKey: 'a/microphone', peerId: 'a', role: 'agent', source: 'microphone' } as const;
    const lastMedia = Date.now() - 9000;
    monitor.carryOver(other, 'server-restart', lastMedia);
    expect(opened).toEqual([{ ...other, cause: 'server-restart', fromUnixMs: lastMedia }]);
    expect(monitor.coverage(() => null).find((entry) => entry.peerId === 'a')).toMatchObject({
      recorded: false,
      cause: 'server-restart',
    });
    // A track already followed is not carried over again.
    monitor.carryOver(track, 'server-restart', lastMedia);
    expect(opened).toHaveLength(1);
    // The new producer's recorder listens and its count grows: still the gap, until the segment's first packet.
    let count = 0;
    monitor.attach(other, { packets: () => Promise.resolve((count += 1)), paused: () => false });
    await vi.advanceTimersByTimeAsync(1000);
    expect(closed).toEqual([]);
    const firstPacket = Date.now();
    monitor.mediaArrived(other.trackKey, firstPacket);
    expect(closed).toEqual([
      { ...other, cause: 'server-restart', fromUnixMs: lastMedia, toUnixMs: firstPacket, open: false },
    ]);
  });
});

describe('written against sent', () => {
  const base = {
    kind: 'video',
    mediaSent: true,
    fileBytes: 50_000,
    sentSpanMs: 3600,
    sentFrameRate: 20,
    writtenMs: 3600,
    writtenPackets: 72,
  } as const;
  it.each([
    ['a whole segment', base, true],
    ['a segment to which nothing was sent', { ...base, mediaSent: false, fileBytes: 0 }, true],
    ['an empty file', { ...base, fileBytes: 0 }, 'track-failed'],
    ['a file without frames', { ...base, writtenPackets: 0 }, 'track-failed'],
    ['one frame of 3.6 s sent', { ...base, writtenMs: 0, writtenPackets: 1 }, 'track-short'],
    ['3 frames over 3.6 s at 20 fps', { ...base, writtenPackets: 3 }, 'track-short'],
    ['a segment too short to judge', { ...base, sentSpanMs: 400, writtenMs: 0, writtenPackets: 1 }, true],
    ['audio without a frame rate', { ...base, kind: 'audio', sentFrameRate: null, writtenPackets: 180 }, true],
  ] as const)('%s', (_name, facts, expected) => {
    const verdict = judgeWritten(facts);
    if (expected === true) expect(verdict).toEqual({ ok: true });
    else expect(verdict).toMatchObject({ ok: false, problem: expected });
  });
});

describe('package verdict from the evidence log', () => {
  const entry = (type: string, data: Record<string, unknown>) => ({ type, data });
  it('is complete only when every started recording was finalized complete', () => {
    const started = entry('recording.state', { recordingId: 'r1', state: 'starting' });
    expect(recordingsVerdict([])).toEqual({ complete: true, reason: undefined });
    expect(
      recordingsVerdict([started, entry('recording.finalized', { recordingId: 'r1', complete: true, incomplete: [] })]),
    ).toEqual({ complete: true, reason: undefined });
    expect(recordingsVerdict([started]).reason).toBe('recording r1: recording-failed (never finalized)');
    const incomplete = recordingsVerdict([
      started,
      entry('recording.finalized', {
        recordingId: 'r1',
        complete: false,
        incomplete: ['gap', 'track-short', 'not-a-code'],
        problems: [{ reason: 'gap', trackKey: 'c/camera', detail: 'network from 12000 ms for 3000 ms' }],
      }),
    ]);
    expect(incomplete).toEqual({
      complete: false,
      reason: 'recording r1: gap, track-short (c/camera: network from 12000 ms for 3000 ms)',
    });
  });
});

describe('limits', () => {
  it('runs at most the configured number of jobs at once, in order', async () => {
    const limiter = new ConcurrencyLimiter(2);
    let running = 0;
    let peak = 0;
    const order: number[] = [];
    await Promise.all(
      Array.from({ length: 12 }, (_, index) =>
        limiter.run(async () => {
          running += 1;
          peak = Math.max(peak, running);
          order.push(index);
          await new Promise((resolve) => setTimeout(resolve, 5));
          running -= 1;
        }),
      ),
    );
    expect(peak).toBe(2);
    expect(order).toEqual([...order].sort((a, b) => a - b));
    expect(limiter.running).toBe(0);
  });

  it('frees a slot when a job fails', async () => {
    const limiter = new ConcurrencyLimiter(1);
    await expect(limiter.run(() => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    await expect(limiter.run(() => Promise.resolve(7))).resolves.toBe(7);
  });

  it('allows max events per sliding window and says how long to wait', () => {
    let now = 0;
    const budget = new WindowBudget({ max: 2, windowMs: 1000, now: () => now });
    expect([budget.tryTake(), budget.tryTake(), budget.tryTake()]).toEqual([true, true, false]);
    now = 400;
    expect(budget.waitMs()).toBe(600);
    now = 1000;
    expect(budget.tryTake()).toBe(true);
  });
});

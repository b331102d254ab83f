import type { JoinPhase, JoinTimeline } from './types.ts';

/** Prefix of every User Timing entry the client writes (DevTools, benchmarks and RUM read them). */
export const TIMING_PREFIX = 'aircounter:';

/** The parts of the User Timing API the recorder uses (Node and browsers both have them). */
export type TimingClock = Pick<Performance, 'now' | 'mark' | 'measure'>;

/**
 * The phases of one connection attempt, in ms since it started. Each phase
 * is recorded once (its first occurrence) both here and as a User Timing
 * measure `aircounter:join:<phase>` from the mark `aircounter:join:start`,
 * so a page or a benchmark can read them without the session object.
 */
export class JoinTimelineRecorder {
  readonly #clock: TimingClock;
  readonly #reason: JoinTimeline['reason'];
  readonly #start: number;
  readonly #phases: Partial<Record<JoinPhase, number>> = {};

  constructor(reason: JoinTimeline['reason'], clock: TimingClock = performance) {
    this.#clock = clock;
    this.#reason = reason;
    this.#start = clock.now();
    // Timings are diagnostics: a browser without User Timing level 3 (mark and
    // measure options) keeps the timeline and still joins.
    try {
      this.#start = clock.mark(`${TIMING_PREFIX}join:start`, { detail: { reason } }).startTime;
    } catch {
      // the start stays clock.now()
    }
  }

  has(phase: JoinPhase): boolean {
    return phase in this.#phases;
  }

  mark(phase: JoinPhase): void {
    if (this.has(phase)) return;
    const end = this.#clock.now();
    this.#phases[phase] = Math.round((end - this.#start) * 10) / 10;
    try {
      this.#clock.measure(`${TIMING_PREFIX}join:${phase}`, {
        start: this.#start,
        end,
        detail: { reason: this.#reason },
      });
    } catch {
      // see the constructor
    }
  }

  snapshot(): JoinTimeline {
    return { reason: this.#reason, startedAt: this.#start, phases: { ...this.#phases } };
  }
}

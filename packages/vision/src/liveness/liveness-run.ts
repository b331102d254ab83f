import type { LivenessChallenge } from '@aircounter/protocol';
import type { QualityIssue, QualityReport } from '../quality/quality-gate.ts';
import { medianSignals, type FaceSignals } from '../signals.ts';
import { facingAsNeutral, type ChallengeDetector } from './challenge.ts';
import { CHALLENGES } from './challenges.ts';
import { createSmoother } from './smoothing.ts';

/** positioning → challenge (one after another) → complete | failed. */
export type LivenessPhase = 'positioning' | 'challenge' | 'complete' | 'failed';
export type LivenessFailure = 'timeout' | 'expired';

export interface LivenessRunOptions {
  readonly challenges: readonly LivenessChallenge[];
  /** Time for each challenge, ms. */
  readonly perChallengeMs: number;
  /** Time for everything (positioning included), ms from the first frame. */
  readonly totalMs: number;
  /** Good frames in a row needed before the neutral frame is taken. */
  readonly neutralFrames?: number;
}

export interface LivenessFrame {
  /** Monotonic time of the frame, ms. */
  readonly t: number;
  readonly quality: QualityReport;
  /** Signals of the single face, when there is exactly one. */
  readonly signals?: FaceSignals;
}

export interface LivenessState {
  readonly phase: LivenessPhase;
  /** Index of the current challenge (= number completed). */
  readonly index: number;
  readonly challenge?: LivenessChallenge;
  /** Progress of the current challenge, 0..1. */
  readonly progress: number;
  /** What to tell the customer while positioning (first issue first). */
  readonly issues: readonly QualityIssue[];
  /** When the current challenge (or positioning) runs out, on the frames' clock. */
  readonly deadline: number;
  readonly failure?: LivenessFailure;
}

export interface LivenessStep {
  readonly state: LivenessState;
  /** Capture this frame as evidence for the neutral pose or a challenge (a later capture for the same one replaces it). */
  readonly capture?: LivenessChallenge | 'neutral';
}

/** Largest spread of yaw or pitch (degrees) over the neutral frames: more is a moving head. */
const NEUTRAL_STEADY_DEGREES = 4;
/** How long the head must be held still for the neutral pose, ms. */
const NEUTRAL_STEADY_MS = 800;
/**
 * Between two challenges the head must come back within this many degrees of
 * neutral before the next one counts: one posture cannot serve two prompts,
 * and a nod starts from an upright head.
 */
const BACK_TO_NEUTRAL_DEGREES = 8;

function steady(frames: readonly FaceSignals[]): boolean {
  const spread = (key: 'yaw' | 'pitch'): number =>
    Math.max(...frames.map((f) => f[key])) - Math.min(...frames.map((f) => f[key]));
  return spread('yaw') <= NEUTRAL_STEADY_DEGREES && spread('pitch') <= NEUTRAL_STEADY_DEGREES;
}

/**
 * The client-side liveness state machine. Feed it one analysed frame at a
 * time; it says what to show and when to keep an evidence frame. No timers,
 * no I/O: the clock is the frames' own, so tests drive it with synthetic
 * sequences.
 */
export function createLivenessRun(options: LivenessRunOptions): {
  push(frame: LivenessFrame): LivenessStep;
  state(): LivenessState;
} {
  const neutralNeeded = options.neutralFrames ?? 5;
  const smoother = createSmoother();
  let start: number | undefined;
  let goodFrames: { t: number; signals: FaceSignals }[] = [];
  let neutral: FaceSignals | undefined;
  let detector: ChallengeDetector | undefined;
  let awaitingNeutral = false;
  let state: LivenessState = {
    phase: 'positioning',
    index: 0,
    progress: 0,
    issues: [],
    deadline: Number.POSITIVE_INFINITY,
  };

  function startChallenge(index: number, t: number): void {
    const challenge = options.challenges[index];
    if (challenge === undefined || !neutral) {
      state = { ...state, phase: 'complete', index, progress: 1, issues: [], challenge: undefined };
      detector = undefined;
      return;
    }
    detector = CHALLENGES[challenge].detector(neutral);
    awaitingNeutral = index > 0;
    state = { phase: 'challenge', index, challenge, progress: 0, issues: [], deadline: t + options.perChallengeMs };
  }

  function push(frame: LivenessFrame): LivenessStep {
    if (state.phase === 'complete' || state.phase === 'failed') return { state };
    start ??= frame.t;
    const expiry = start + options.totalMs;
    if (frame.t > expiry) {
      state = { ...state, phase: 'failed', failure: 'expired' };
      return { state };
    }
    if (state.phase === 'positioning') {
      state = { ...state, issues: frame.quality.issues, deadline: expiry };
      if (!frame.quality.ok || !frame.signals) {
        goodFrames = [];
        return { state };
      }
      goodFrames.push({ t: frame.t, signals: frame.signals });
      // The neutral pose is the reference of every challenge: take it only from a head held
      // still for a while (at least `neutralFrames` frames over NEUTRAL_STEADY_MS).
      while (goodFrames.length > neutralNeeded && frame.t - (goodFrames[1]?.t ?? frame.t) >= NEUTRAL_STEADY_MS) {
        goodFrames.shift();
      }
      smoother.next(frame.signals);
      const span = frame.t - (goodFrames[0]?.t ?? frame.t);
      state = { ...state, progress: Math.min(1, goodFrames.length / neutralNeeded, span / NEUTRAL_STEADY_MS) };
      const window = goodFrames.map((g) => g.signals);
      if (goodFrames.length < neutralNeeded || span < NEUTRAL_STEADY_MS) return { state };
      if (!steady(window)) {
        goodFrames = goodFrames.slice(-1);
        return { state };
      }
      neutral = medianSignals(window);
      startChallenge(0, frame.t);
      return { state, capture: 'neutral' };
    }
    // phase === 'challenge'
    if (frame.t > state.deadline) {
      state = { ...state, phase: 'failed', failure: 'timeout' };
      return { state };
    }
    const challenge = state.challenge;
    if (!detector || challenge === undefined || frame.quality.faceCount !== 1 || !frame.signals) return { state };
    const smoothed = smoother.next(frame.signals);
    if (awaitingNeutral) {
      if (!neutral || !facingAsNeutral(smoothed, neutral, BACK_TO_NEUTRAL_DEGREES)) return { state };
      awaitingNeutral = false;
    }
    const step = detector.update(smoothed, frame.t);
    state = { ...state, progress: step.progress };
    const capture = step.evidence ? challenge : undefined;
    if (step.done) startChallenge(state.index + 1, frame.t);
    return capture ? { state, capture } : { state };
  }

  return { push, state: () => state };
}

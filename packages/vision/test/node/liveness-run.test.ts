import type { LivenessChallenge } from '@aircounter/protocol';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Point3 } from '../../src/geometry/point.ts';
import { createLivenessRun, type LivenessStep } from '../../src/liveness/liveness-run.ts';
import type { QualityReport } from '../../src/quality/quality-gate.ts';
import { faceSignals } from '../../src/signals.ts';
import { generated } from '../support/face-fixtures.ts';
import { closeEyes, jitter, openMouth, outAndBack, rotateMesh } from '../support/mesh-motion.ts';
import { loadImage, nodeVision } from '../support/node-vision.ts';

// Landmark sequences: the mesh the model detected on the camera frame, moved
// like a head (see support/mesh-motion.ts), at 15 frames a second.
const FRAME_MS = 1000 / 15;
const GOOD: QualityReport = { ok: true, issues: [], faceCount: 1 };
/** Still frames before the challenges: the neutral pose needs a head held still ~0.8 s. */
const NEUTRAL_FRAMES = 14;

type Motion = (mesh: readonly Point3[], i: number) => readonly Point3[];

let neutralMesh: readonly Point3[];

beforeAll(async () => {
  const vision = await nodeVision();
  const image = loadImage(generated('camera-frame.jpg'));
  const analysis = await vision.analyze(image);
  image.dispose();
  const [face] = analysis.faces;
  if (!face || !analysis.quality.ok) throw new Error('the camera frame must pass the quality gate');
  neutralMesh = face.points;
});

function still(frames: number): Motion[] {
  return Array.from({ length: frames }, () => (mesh) => mesh);
}
function yawing(peak: number, frames = 20): Motion[] {
  return outAndBack(frames, peak).map((deg) => (mesh) => rotateMesh(mesh, deg, 0));
}
function pitching(peak: number, frames = 20): Motion[] {
  return outAndBack(frames, peak).map((deg) => (mesh) => rotateMesh(mesh, 0, deg));
}
function blinking(frames = 6): Motion[] {
  return outAndBack(frames, 0.9).map((closure) => (mesh) => closeEyes(mesh, closure));
}
function mouthOpening(frames = 16): Motion[] {
  return outAndBack(frames, 0.8).map((share) => (mesh) => openMouth(mesh, share));
}

const MOTION_FOR: Record<LivenessChallenge, () => Motion[]> = {
  turnLeft: () => yawing(32),
  turnRight: () => yawing(-32),
  lookUp: () => pitching(24),
  lookDown: () => pitching(-24),
  nod: () => pitching(-20, 14),
  blink: () => blinking(),
  openMouth: () => mouthOpening(),
};

/** Runs a motion script through the state machine; returns every step. */
function drive(
  challenges: readonly LivenessChallenge[],
  script: readonly Motion[],
  perChallengeMs = 4000,
): LivenessStep[] {
  const run = createLivenessRun({ challenges, perChallengeMs, totalMs: 60_000 });
  return script.map((motion, i) => {
    const points = jitter(motion(neutralMesh, i), 0.4, i + 1);
    return run.push({ t: i * FRAME_MS, quality: GOOD, signals: faceSignals(points) });
  });
}

function captures(steps: readonly LivenessStep[]): string[] {
  // Distinct in order: a later capture for the same challenge replaces the earlier one.
  const seen: string[] = [];
  for (const s of steps) if (s.capture && seen[seen.length - 1] !== s.capture) seen.push(s.capture);
  return seen;
}

describe('head pose from the 3-D mesh', () => {
  it('reads a +25° yaw (towards the image right) as the subject turning left, and a +18° pitch as looking up', () => {
    const base = faceSignals(neutralMesh);
    const turned = faceSignals(rotateMesh(neutralMesh, 25, 0));
    const raised = faceSignals(rotateMesh(neutralMesh, 0, 18));
    expect(turned.yaw - base.yaw).toBeGreaterThan(20);
    expect(turned.yaw - base.yaw).toBeLessThan(30);
    expect(Math.abs(turned.pitch - base.pitch)).toBeLessThan(4);
    expect(raised.pitch - base.pitch).toBeGreaterThan(14);
    expect(raised.pitch - base.pitch).toBeLessThan(22);
    expect(Math.abs(raised.yaw - base.yaw)).toBeLessThan(4);
  });

  it('sees closed eyes and an open mouth in the aspect ratios', () => {
    const base = faceSignals(neutralMesh);
    expect(faceSignals(closeEyes(neutralMesh, 0.9)).ear).toBeLessThan(base.ear * 0.3);
    expect(faceSignals(openMouth(neutralMesh, 0.8)).mar).toBeGreaterThan(base.mar + 0.5);
  });
});

describe('liveness state machine on synthetic landmark sequences', () => {
  it.each(Object.keys(MOTION_FOR) as LivenessChallenge[])('completes %s from its motion', (challenge) => {
    const steps = drive([challenge], [...still(NEUTRAL_FRAMES), ...MOTION_FOR[challenge](), ...still(4)]);
    const last = steps[steps.length - 1];
    expect(last?.state.phase).toBe('complete');
    expect(captures(steps)).toEqual(['neutral', challenge]);
  });

  it('runs a three-challenge sequence in the issued order', () => {
    // A short pause after each move (as people do when the next prompt appears): a blink counts
    // only after open eyes facing the camera have been seen again.
    const order: LivenessChallenge[] = ['turnRight', 'blink', 'lookUp'];
    const steps = drive(order, [...still(NEUTRAL_FRAMES), ...order.flatMap((c) => [...MOTION_FOR[c](), ...still(6)])]);
    expect(steps[steps.length - 1]?.state.phase).toBe('complete');
    expect(captures(steps)).toEqual(['neutral', ...order]);
  });

  it('one movement serves one prompt: the head must come back to neutral before the next counts', () => {
    const once = drive(['lookDown', 'nod'], [...still(NEUTRAL_FRAMES), ...pitching(-24), ...still(70)]);
    expect(once[once.length - 1]?.state).toMatchObject({ phase: 'failed', challenge: 'nod' });
    const twice = drive(
      ['lookDown', 'nod'],
      [...still(NEUTRAL_FRAMES), ...pitching(-24), ...still(6), ...pitching(-20, 14), ...still(4)],
    );
    expect(twice[twice.length - 1]?.state.phase).toBe('complete');
  });

  it('does not accept the challenges out of order', () => {
    // Turning left first then right: the first challenge (turnRight) is only met by the second motion,
    // and the later turnLeft motion has already passed, so the run times out on turnLeft.
    const steps = drive(
      ['turnRight', 'turnLeft'],
      [...still(NEUTRAL_FRAMES), ...yawing(32), ...still(3), ...yawing(-32), ...still(70)],
    );
    const last = steps[steps.length - 1];
    expect(last?.state.phase).toBe('failed');
    expect(last?.state.failure).toBe('timeout');
    expect(last?.state.challenge).toBe('turnLeft');
  });

  it.each([
    ['turnLeft', () => yawing(-32)],
    ['lookUp', () => pitching(-24)],
    ['turnLeft', () => yawing(15)],
    ['blink', () => mouthOpening()],
    ['openMouth', () => blinking()],
  ] as const)('does not complete %s from the wrong or too small a motion', (challenge, motion) => {
    const steps = drive([challenge], [...still(NEUTRAL_FRAMES), ...motion(), ...still(70)]);
    const last = steps[steps.length - 1];
    expect(last?.state.phase).toBe('failed');
    expect(last?.state.failure).toBe('timeout');
    expect(captures(steps)).toEqual(['neutral']);
  });

  it('a blink or an open mouth seen while the head is turned far from neutral does not count', () => {
    // What a tipped photo does: the pose swings, the measured eye/mouth ratios move with it.
    const tippedBlink: Motion[] = outAndBack(8, 0.9).map(
      (closure) => (mesh) => closeEyes(rotateMesh(mesh, 0, -22), closure),
    );
    const tippedMouth: Motion[] = outAndBack(8, 0.8).map(
      (share) => (mesh) => openMouth(rotateMesh(mesh, 0, -22), share),
    );
    for (const [challenge, motion] of [
      ['blink', tippedBlink],
      ['openMouth', tippedMouth],
    ] as const) {
      const steps = drive([challenge], [...still(NEUTRAL_FRAMES), ...motion, ...still(70)]);
      expect(steps[steps.length - 1]?.state.phase).toBe('failed');
    }
  });

  it('one odd frame with shut eyes is not a blink', () => {
    const glitch: Motion[] = [0, 0, 0.95, 0, 0].map((closure) => (mesh) => closeEyes(mesh, closure));
    const steps = drive(['blink'], [...still(NEUTRAL_FRAMES), ...glitch, ...still(70)]);
    expect(steps[steps.length - 1]?.state.phase).toBe('failed');
  });

  it('a still face (a photo) completes nothing', () => {
    const steps = drive(['turnLeft', 'blink'], still(90));
    expect(steps[steps.length - 1]?.state).toMatchObject({ phase: 'failed', failure: 'timeout', index: 0 });
  });

  it('needs the pose held: a two-frame flick past the threshold does not count', () => {
    const flick: Motion[] = [0, 25, 25, 0].map((deg) => (mesh) => rotateMesh(mesh, deg, 0));
    const steps = drive(['turnLeft'], [...still(NEUTRAL_FRAMES), ...flick, ...still(70)]);
    expect(steps[steps.length - 1]?.state.phase).toBe('failed');
  });

  it('takes the neutral pose only from a steady head', () => {
    // Good quality but the head keeps moving: no neutral frame, no challenge.
    const swaying: Motion[] = Array.from({ length: 30 }, (_, i) => (mesh) => rotateMesh(mesh, 0, i % 2 ? 6 : -6));
    const steps = drive(['blink'], swaying);
    expect(steps[steps.length - 1]?.state.phase).toBe('positioning');
    expect(captures(steps)).toEqual([]);
  });

  it('waits in positioning until the quality gate passes, reporting its issues', () => {
    const run = createLivenessRun({ challenges: ['blink'], perChallengeMs: 4000, totalMs: 60_000 });
    const dark: QualityReport = { ok: false, issues: ['tooDark'], faceCount: 1 };
    const step = run.push({ t: 0, quality: dark, signals: faceSignals(neutralMesh) });
    expect(step.state).toMatchObject({ phase: 'positioning', issues: ['tooDark'] });
    expect(step.capture).toBeUndefined();
  });

  it('fails as expired when the whole run exceeds its total time', () => {
    const run = createLivenessRun({ challenges: ['blink'], perChallengeMs: 4000, totalMs: 1000 });
    run.push({ t: 0, quality: { ok: false, issues: ['noFace'], faceCount: 0 } });
    const step = run.push({ t: 1500, quality: { ok: false, issues: ['noFace'], faceCount: 0 } });
    expect(step.state).toMatchObject({ phase: 'failed', failure: 'expired' });
  });
});

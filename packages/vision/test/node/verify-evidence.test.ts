import { readFileSync } from 'node:fs';
import type { LivenessChallenge } from '@aircounter/protocol';
import { beforeAll, describe, expect, it } from 'vitest';
import { verifyEvidence, type IssuedLiveness, type MeasuredFrame } from '../../src/liveness/verify-evidence.ts';
import { measureFrame } from '../../src/node/measure-frame.ts';
import type { Vision } from '../../src/vision.ts';
import { generated } from '../support/face-fixtures.ts';
import { nodeVision } from '../support/node-vision.ts';

const ISSUED_AT = 1_000_000;
function issued(challenges: LivenessChallenge[]): IssuedLiveness {
  return { challenges, issuedAt: ISSUED_AT, expiresAt: ISSUED_AT + 60_000, perChallengeMs: 8000 };
}

describe('evidence verification on real frames', () => {
  let vision: Vision;
  const measured = new Map<string, MeasuredFrame>();

  async function frame(
    name: string,
    challenge: LivenessChallenge | 'neutral',
    capturedAt: number,
  ): Promise<MeasuredFrame> {
    const key = `${name}:${challenge}:${capturedAt}`;
    const cached = measured.get(key);
    if (cached) return cached;
    const m = await measureFrame(vision, { challenge, capturedAt, jpeg: readFileSync(generated(name)) });
    measured.set(key, m);
    return m;
  }

  beforeAll(async () => {
    vision = await nodeVision();
  });

  it('accepts a neutral frame then a frame that really shows the head tilted down (a tipped photo: a documented limit)', async () => {
    const frames = [await frame('camera-frame.jpg', 'neutral', 2000), await frame('tilted-down.jpg', 'lookDown', 4000)];
    const verdict = verifyEvidence(issued(['lookDown']), frames, ISSUED_AT + 6000);
    expect(verdict.reasons).toEqual([]);
    expect(verdict.passed).toBe(true);
    expect(verdict.maxSelfDistance).toBeLessThan(0.6);
  });

  it('catches frames that do not show the challenge, whatever the client claims', async () => {
    const frames = [
      await frame('camera-frame.jpg', 'neutral', 2000),
      await frame('same-brighter.jpg', 'turnLeft', 3000),
      await frame('same-rotated.jpg', 'blink', 4000),
    ];
    const verdict = verifyEvidence(issued(['turnLeft', 'blink']), frames, ISSUED_AT + 6000);
    expect(verdict.passed).toBe(false);
    expect(verdict.reasons).toEqual(['not-shown:turnLeft', 'not-shown:blink']);
  });

  it('catches another person in a challenge frame', async () => {
    const frames = [await frame('camera-frame.jpg', 'neutral', 2000), await frame('person-1.jpg', 'lookDown', 3000)];
    const verdict = verifyEvidence(issued(['lookDown']), frames, ISSUED_AT + 6000);
    expect(verdict.passed).toBe(false);
    expect(verdict.reasons).toContain('different-person:lookDown');
  });

  it('catches the same picture sent twice, wrong order, slowness and expiry', async () => {
    const neutral = await frame('camera-frame.jpg', 'neutral', 2000);
    const down = await frame('tilted-down.jpg', 'lookDown', 4000);
    const copy = { ...neutral, challenge: 'lookDown' as const, capturedAt: 3000 };
    expect(verifyEvidence(issued(['lookDown']), [neutral, copy], ISSUED_AT + 6000).reasons).toContain(
      'duplicate-frame:lookDown',
    );
    expect(verifyEvidence(issued(['lookDown']), [down, neutral], ISSUED_AT + 6000).reasons).toContain('order');
    const late = { ...down, capturedAt: 2000 + 8000 + 2000 };
    expect(verifyEvidence(issued(['lookDown']), [neutral, late], ISSUED_AT + 20_000).reasons).toContain(
      'too-slow:lookDown',
    );
    expect(verifyEvidence(issued(['lookDown']), [neutral, down], ISSUED_AT + 61_000).reasons).toContain('expired');
    // Capture times spanning more than the time that really passed on the server's clock.
    const stretched = { ...down, capturedAt: 9000 };
    expect(verifyEvidence(issued(['lookDown']), [neutral, stretched], ISSUED_AT + 3000).reasons).toContain('timing');
  });
});

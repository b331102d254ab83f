// Checks that each pose image of the liveness bench's puppet camera reads as its pose for the real models:
// past the element's threshold to *enter* the pose (the client's detector) and shown to the server's
// re-verification (`verifyEvidence`, face self-consistency included), against the neutral frame.
//
//   node --conditions=source bench/support/puppet-poses.ts     (prints JSON; exit status 1 if one fails)
import { readFileSync } from 'node:fs';
import type { LivenessChallenge } from '@aircounter/protocol';
import { THRESHOLDS } from '../../packages/vision/src/liveness/thresholds.ts';
import { verifyEvidence } from '../../packages/vision/src/liveness/verify-evidence.ts';
import { measureFrame } from '../../packages/vision/src/node/measure-frame.ts';
import type { FaceSignals } from '../../packages/vision/src/signals.ts';
import { generated } from '../../packages/vision/test/support/face-fixtures.ts';
import { nodeVision } from '../../packages/vision/test/support/node-vision.ts';
import { PUPPET_POSES, type PuppetChallenge } from './puppet-camera.ts';

/** How far the (smoothed) pose must move for the element's detector to enter it, degrees. */
const ENTER: Record<PuppetChallenge, (s: FaceSignals, n: FaceSignals) => number> = {
  turnLeft: (s, n) => s.yaw - n.yaw - THRESHOLDS.turnEnter,
  turnRight: (s, n) => n.yaw - s.yaw - THRESHOLDS.turnEnter,
  lookUp: (s, n) => s.pitch - n.pitch - THRESHOLDS.lookEnter,
  lookDown: (s, n) => n.pitch - s.pitch - THRESHOLDS.lookEnter,
  nod: (s, n) => n.pitch - s.pitch - THRESHOLDS.nodDown,
};

const vision = await nodeVision();
const issuedAt = Date.now();
const measure = (challenge: LivenessChallenge | 'neutral', file: string, at: number) =>
  measureFrame(vision, { challenge, capturedAt: issuedAt + at, jpeg: readFileSync(generated(file)) });
const neutral = await measure('neutral', PUPPET_POSES.neutral, 1000);
if (!neutral.signals) throw new Error('no face in the neutral pose');
const report = [];
let ok = true;
for (const [index, challenge] of (Object.keys(ENTER) as PuppetChallenge[]).entries()) {
  const frame = await measure(challenge, PUPPET_POSES[challenge], 2000 + index);
  const margin = frame.signals ? ENTER[challenge](frame.signals, neutral.signals) : Number.NaN;
  const issued = { challenges: [challenge], issuedAt, expiresAt: issuedAt + 60_000, perChallengeMs: 10_000 };
  const verdict = verifyEvidence(issued, [neutral, frame], issuedAt + 3000);
  ok &&= margin > 0 && verdict.passed;
  report.push({
    challenge,
    image: PUPPET_POSES[challenge],
    yaw: Number(frame.signals?.yaw.toFixed(1)),
    pitch: Number(frame.signals?.pitch.toFixed(1)),
    enterMarginDegrees: Number(margin.toFixed(1)),
    serverReasons: verdict.reasons,
  });
}
console.log(
  JSON.stringify({ neutral: { yaw: neutral.signals.yaw, pitch: neutral.signals.pitch }, poses: report, ok }, null, 1),
);
process.exitCode = ok ? 0 : 1;

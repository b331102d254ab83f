import { expect } from 'chai';
import { runCheck, VerifierPort } from './support.ts';

// Fake camera: tests/fixtures/generated/still.y4m, the portrait photo held
// perfectly still. It is the right person (the face match passes) but it
// must not pass as live.

describe('a still photo in front of the camera (fake camera clip)', () => {
  it('passes the quality gate but fails the challenge: the server decides "not live"', async function () {
    this.timeout(120_000);
    const port = new VerifierPort(['lookDown'], 6_000);
    const { detail, prompts } = await runCheck(port);
    expect(prompts).to.include('✓ Good. Hold still…');
    expect(prompts).to.include('➜ Look down');
    expect(detail.failure).to.equal('timeout');
    expect(detail.passed).to.equal(false);
    expect(port.submissions[0]?.frames.map((f) => f.challenge)).to.deep.equal(['neutral']);
    expect(detail.decision?.passed).to.equal(false);
    expect(port.decisions[0]?.liveness.passed).to.equal(false);
    expect(port.decisions[0]?.faceMatch?.passed).to.equal(true);
    // The customer's copy says what to do, not why in scores.
    expect(detail.decision).to.not.have.any.keys('liveness', 'faceMatch');
  });

  it('a lying page that claims success for copies of the still frame is caught by the server', async function () {
    this.timeout(120_000);
    const port = new VerifierPort(['turnLeft', 'blink'], 6_000);
    // Run the real check to get a real neutral frame from the camera, then replay it as every challenge.
    await runCheck(port);
    const neutral = port.submissions[0]?.frames[0];
    if (!neutral) throw new Error('no neutral frame');
    const liar = new VerifierPort(['turnLeft', 'blink'], 6_000);
    await liar.start();
    const frames = [
      neutral,
      { ...neutral, challenge: 'turnLeft' as const, capturedAt: neutral.capturedAt + 800 },
      { ...neutral, challenge: 'blink' as const, capturedAt: neutral.capturedAt + 1600 },
    ];
    const issued = await liar.start();
    const outcome = await liar.submit({ nonce: issued.nonce, frames, clientResult: { passed: true } });
    expect(outcome.passed).to.equal(false);
    expect(liar.decisions[0]?.liveness.reasons).to.include.members([
      'duplicate-frame:turnLeft',
      'duplicate-frame:blink',
      'not-shown:turnLeft',
      'not-shown:blink',
    ]);
  });
});

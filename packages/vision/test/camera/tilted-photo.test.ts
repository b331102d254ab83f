import { expect } from 'chai';
import { runCheck, VerifierPort } from './support.ts';

// Fake camera: tests/fixtures/generated/tilted-photo.y4m, the portrait photo
// whose bottom edge is tipped away from the camera and back
// (ffmpeg perspective) every 10 seconds: what someone holding a printed photo can do.

describe('a tipped photo in front of the camera (fake camera clip)', () => {
  it('completes the head-pose challenges such motion can show, and the server agrees: a documented limit', async function () {
    this.timeout(150_000);
    const port = new VerifierPort(['lookDown', 'nod'], 20_000);
    const { detail, prompts } = await runCheck(port);
    expect(prompts).to.include('➜ Look down');
    expect(prompts, prompts.join(' | ')).to.include('➜ Nod your head: down, then back up');
    expect(port.submissions).to.have.length(1);
    expect(port.submissions[0]?.frames.map((f) => f.challenge)).to.deep.equal(['neutral', 'lookDown', 'nod']);
    expect(port.submissions[0]?.clientResult.passed).to.equal(true);
    expect(port.decisions[0]?.liveness.reasons, JSON.stringify(port.decisions[0])).to.deep.equal([]);
    expect(port.decisions[0]?.faceMatch?.passed).to.equal(true);
    expect(detail.passed).to.equal(true);
  });

  it('cannot blink: with an expression challenge in the sequence (as the server always issues) the check fails', async function () {
    this.timeout(150_000);
    const port = new VerifierPort(['lookDown', 'blink'], 9_000);
    const { detail, prompts } = await runCheck(port);
    expect(prompts).to.include('➜ Blink your eyes');
    expect(detail.failure).to.equal('timeout');
    expect(detail.passed).to.equal(false);
    // The client had no blink frame to send; the server's decision says so.
    expect(port.submissions[0]?.frames.map((f) => f.challenge)).to.deep.equal(['neutral', 'lookDown']);
    expect(port.submissions[0]?.clientResult.passed).to.equal(false);
    expect(detail.decision?.passed).to.equal(false);
    expect(port.decisions[0]?.liveness.reasons).to.include('order');
  });
});

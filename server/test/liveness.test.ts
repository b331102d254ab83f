import { createPublicKey, verify } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { canonicalJson, fromBase64Url, utf8 } from '@aircounter/evidence';
import type { LivenessChallenge, LivenessDecision, RequestData } from '@aircounter/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureFaceFixtures, generated, THREE_PEOPLE } from '../../packages/vision/test/support/face-fixtures.ts';
import { eventProblem } from '../src/evidence/invalid-event.ts';
import { SigningKeyRing } from '../src/evidence/signing-keys.ts';
import type { LivenessEvidenceSink } from '../src/liveness/ports.ts';
import { joinAs, type JoinedPeer } from './helpers/peers.ts';
import { startTestServer, type TestServer } from './helpers/test-server.ts';

// The real server with the real face models (wasm backend in Node) re-checks
// evidence frames made from the portrait fixture. The challenge sequence is
// fixed per test through the picker so each case knows which frames fit.
let nextChallenges: LivenessChallenge[] = ['lookDown'];
const events: { sessionId: string; type: string; data: Readonly<Record<string, unknown>> | undefined }[] = [];
const files: string[] = [];
const sink: LivenessEvidenceSink = {
  append: async (sessionId, event) => {
    // What the evidence service would refuse must not pass here either.
    expect(eventProblem(event)).toBeUndefined();
    events.push({ sessionId, type: event.type, data: event.data });
  },
  addFiles: async (_sessionId, added) => {
    files.push(...added.map((file) => file.name));
  },
};

let server: TestServer;
let keys: SigningKeyRing;
let sessionId: string;
let customer: JoinedPeer;
let agent: JoinedPeer;

function jpeg(name: string): string {
  return readFileSync(generated(name)).toString('base64');
}

function putIdPhoto(id: string, body: Buffer, contentType = 'image/jpeg', auth = true): Promise<Response> {
  return fetch(`${server.baseUrl}/api/v1/sessions/${id}/id-photo`, {
    method: 'PUT',
    headers: {
      'content-type': contentType,
      ...(auth ? { authorization: `Bearer ${server.config.auth.apiKey.reveal()}` } : {}),
    },
    body: new Blob([new Uint8Array(body)]),
  });
}

function verifySignature(decision: LivenessDecision): boolean {
  const { signature, keyId, ...signed } = decision;
  expect(keyId).toBe(keys.keyId);
  const key = createPublicKey({ key: { ...keys.publicJwk }, format: 'jwk' });
  const bytes = fromBase64Url(signature);
  if (!bytes) throw new Error('signature is not base64url');
  return verify(null, utf8(canonicalJson(signed)), key, bytes);
}

async function run(
  challenges: LivenessChallenge[],
  frameFiles: string[],
  clientResult: RequestData<'submitLiveness'>['clientResult'] = { passed: true },
): Promise<LivenessDecision> {
  nextChallenges = challenges;
  const issued = await customer.client.request('startLiveness', {});
  expect(issued.challenges).toEqual(challenges);
  const t0 = Date.now() - 500;
  const frames = frameFiles.map((name, i) => ({
    challenge: i === 0 ? ('neutral' as const) : (challenges[i - 1] as LivenessChallenge),
    capturedAt: t0 + i * 100,
    jpegBase64: jpeg(name),
  }));
  const outcome = await customer.client.request('submitLiveness', { nonce: issued.nonce, frames, clientResult });
  // The customer learns pass/fail and a hint, never the scores or thresholds: the agent gets those.
  expect(Object.keys(outcome).sort()).toEqual(
    ['attemptsLeft', 'decidedAt', 'nonce', 'passed', ...(outcome.passed ? [] : ['hint'])].sort(),
  );
  const notice = await agent.client.waitFor('livenessDecided', (d) => d.decision.nonce === outcome.nonce);
  expect(outcome.passed).toBe(notice.decision.passed);
  return notice.decision;
}

beforeAll(async () => {
  ensureFaceFixtures();
  keys = await SigningKeyRing.ephemeral();
  server = await startTestServer(
    {},
    {
      liveness: {
        signer: keys,
        evidence: sink,
        picker: () => [...nextChallenges],
        perChallengeMs: 8000,
        // This suite runs many checks in one session; the attempt limit has its own test (hostile/).
        maxAttempts: 100,
      },
    },
  );
  sessionId = await server.createSession({ reference: 'liveness-test' });
  customer = await joinAs(server, sessionId, 'customer', 'customer-1');
  agent = await joinAs(server, sessionId, 'agent', 'agent-1');
  await server.app.services.liveness.warmUp();
});

afterAll(async () => {
  await customer?.client.close();
  await agent?.client.close();
  await server?.close();
});

describe('PUT /api/v1/sessions/:id/id-photo', () => {
  it('refuses a photo without the API key, of the wrong type, or with three faces', async () => {
    const photo = readFileSync(generated('id-photo.jpg'));
    expect((await putIdPhoto(sessionId, photo, 'image/jpeg', false)).status).toBe(401);
    expect((await putIdPhoto(sessionId, photo, 'image/png')).status).toBe(400);
    const three = await putIdPhoto(sessionId, readFileSync(THREE_PEOPLE));
    expect(three.status).toBe(400);
    expect(((await three.json()) as { error: { code: string; message: string } }).error.message).toContain(
      'exactly one face',
    );
    expect((await putIdPhoto('no-such-session', photo)).status).toBe(404);
    expect(await server.app.services.liveness.hasIdPhoto(sessionId)).toBe(false);
  });

  it('accepts a photo with one face and records its hash', async () => {
    const response = await putIdPhoto(sessionId, readFileSync(generated('id-photo.jpg')));
    expect(response.status).toBe(204);
    expect(await server.app.services.liveness.hasIdPhoto(sessionId)).toBe(true);
    expect(events.find((e) => e.type === 'liveness.id-photo.set')?.data?.['sha256']).toMatch(/^[0-9a-f]{64}$/);
  });
});

describe('startLiveness / submitLiveness', () => {
  it('issues a nonce and time limits to the customer only', async () => {
    nextChallenges = ['blink', 'turnLeft'];
    const issued = await customer.client.request('startLiveness', {});
    expect(issued.nonce).toMatch(/^[0-9a-f-]{36}$/);
    expect(issued.expiresAt - issued.issuedAt).toBeGreaterThanOrEqual(2 * issued.perChallengeMs);
    expect(await agent.client.refusal('startLiveness', {})).toBe('FORBIDDEN_ROLE');
  });

  it('passes frames that show the challenge, matches the ID photo, signs the decision and tells the agent', async () => {
    const decision = await run(['lookDown'], ['camera-frame.jpg', 'tilted-down.jpg']);
    expect(decision.liveness).toMatchObject({ passed: true, reasons: [] });
    expect(decision.faceMatch?.passed).toBe(true);
    expect(decision.faceMatch?.distance).toBeLessThan(0.5);
    expect(decision.passed).toBe(true);
    expect(decision).toMatchObject({ sessionId, peerId: 'customer-1', challenges: ['lookDown'] });
    expect(decision.models.map((m) => m.name)).toEqual([
      'mediapipe-blazeface-short',
      'mediapipe-facemesh-468',
      'dlib-resnet-face-descriptor-128',
    ]);
    expect(verifySignature(decision)).toBe(true);
    expect(verifySignature({ ...decision, passed: !decision.passed })).toBe(false);
    const notice = await agent.client.waitFor('livenessDecided', (d) => d.decision.nonce === decision.nonce);
    expect(notice).toEqual({ peerId: 'customer-1', decision });
    const recorded = events.find(
      (e) => e.type === 'liveness.decided' && (e.data?.['decision'] as LivenessDecision).nonce === decision.nonce,
    );
    expect(recorded?.data?.['clientResult']).toEqual({ passed: true });
    expect(files.filter((f) => f.startsWith(`liveness-${decision.nonce}-`))).toHaveLength(2);
  });

  it('catches a lying client: it reports a pass for frames that do not show the challenges', async () => {
    // Neutral-looking frames of the right person for "turn left" and "blink", client claims success.
    const decision = await run(['turnLeft', 'blink'], ['camera-frame.jpg', 'same-brighter.jpg', 'same-rotated.jpg'], {
      passed: true,
      matchDistance: 0.1,
    });
    expect(decision.passed).toBe(false);
    expect(decision.liveness.passed).toBe(false);
    expect(decision.liveness.reasons).toEqual(['not-shown:turnLeft', 'not-shown:blink']);
    // It is the right person; only the liveness failed.
    expect(decision.faceMatch?.passed).toBe(true);
    expect(verifySignature(decision)).toBe(true);
    const notice = await agent.client.waitFor('livenessDecided', (d) => d.decision.nonce === decision.nonce);
    expect(notice.decision.passed).toBe(false);
  });

  it('fails the face match for another person, even with the pose shown', async () => {
    const decision = await run(['lookDown'], ['person-2.jpg', 'tilted-down.jpg']);
    expect(decision.faceMatch?.passed).toBe(false);
    expect(decision.faceMatch?.distance).toBeGreaterThan(0.5);
    expect(decision.passed).toBe(false);
    // The challenge frame is a different person from the neutral one.
    expect(decision.liveness.reasons).toContain('different-person:lookDown');
  });

  it('spends the nonce: a replay, a stale nonce and a made-up nonce are refused', async () => {
    nextChallenges = ['lookDown'];
    const issued = await customer.client.request('startLiveness', {});
    const frames = [
      { challenge: 'neutral' as const, capturedAt: Date.now() - 200, jpegBase64: jpeg('camera-frame.jpg') },
      { challenge: 'lookDown' as const, capturedAt: Date.now() - 100, jpegBase64: jpeg('tilted-down.jpg') },
    ];
    await customer.client.request('submitLiveness', { nonce: issued.nonce, frames, clientResult: { passed: true } });
    expect(
      await customer.client.refusal('submitLiveness', { nonce: issued.nonce, frames, clientResult: { passed: true } }),
    ).toBe('LIVENESS_NONCE_UNKNOWN');
    const first = await customer.client.request('startLiveness', {});
    await customer.client.request('startLiveness', {});
    expect(
      await customer.client.refusal('submitLiveness', { nonce: first.nonce, frames, clientResult: { passed: true } }),
    ).toBe('LIVENESS_NONCE_UNKNOWN');
    expect(
      await customer.client.refusal('submitLiveness', { nonce: 'made-up', frames, clientResult: { passed: true } }),
    ).toBe('LIVENESS_NONCE_UNKNOWN');
  });

  it('refuses frames that are not JPEG before decoding or storing anything', async () => {
    nextChallenges = ['blink'];
    const issued = await customer.client.request('startLiveness', {});
    const stored = files.length;
    const refusal = await customer.client.refusal('submitLiveness', {
      nonce: issued.nonce,
      frames: [
        {
          challenge: 'neutral',
          capturedAt: Date.now() - 200,
          jpegBase64: Buffer.from('not a jpeg').toString('base64'),
        },
        { challenge: 'blink', capturedAt: Date.now() - 100, jpegBase64: jpeg('camera-frame.jpg') },
      ],
      clientResult: { passed: true },
    });
    expect(refusal).toBe('LIVENESS_FRAME_INVALID');
    expect(files.slice(stored).filter((f) => f.startsWith(`liveness-${issued.nonce}-`))).toEqual([]);
    expect(events.find((e) => e.type === 'liveness.refused' && e.data?.['nonce'] === issued.nonce)?.data).toMatchObject(
      {
        code: 'LIVENESS_FRAME_INVALID',
      },
    );
    // The nonce is spent: the same submission with good frames is refused as a replay.
    expect(
      await customer.client.refusal('submitLiveness', {
        nonce: issued.nonce,
        frames: [{ challenge: 'neutral', capturedAt: Date.now() - 200, jpegBase64: jpeg('camera-frame.jpg') }],
        clientResult: { passed: true },
      }),
    ).toBe('LIVENESS_NONCE_UNKNOWN');
  });
});

describe('with the server’s own evidence service', () => {
  let own: TestServer;
  afterAll(async () => {
    await own?.close();
  });

  it('signs with the published evidence key and logs the decision and its frames in the session evidence', async () => {
    own = await startTestServer({}, { liveness: { picker: () => ['lookDown'] } });
    const id = await own.createSession({ reference: 'liveness-evidence' });
    const photo = await fetch(`${own.baseUrl}/api/v1/sessions/${id}/id-photo`, {
      method: 'PUT',
      headers: { 'content-type': 'image/jpeg', authorization: `Bearer ${own.config.auth.apiKey.reveal()}` },
      body: new Blob([new Uint8Array(readFileSync(generated('id-photo.jpg')))]),
    });
    expect(photo.status).toBe(204);
    const peer = await joinAs(own, id, 'customer', 'customer-9');
    try {
      const issued = await peer.client.request('startLiveness', {});
      const now = Date.now();
      const outcome = await peer.client.request('submitLiveness', {
        nonce: issued.nonce,
        frames: [
          { challenge: 'neutral', capturedAt: now - 400, jpegBase64: jpeg('camera-frame.jpg') },
          { challenge: 'lookDown', capturedAt: now - 200, jpegBase64: jpeg('tilted-down.jpg') },
        ],
        clientResult: { passed: true },
      });
      expect(outcome.passed).toBe(true);
      const logged0 = (await own.app.services.evidence.readEvents(id)) ?? [];
      const decision = logged0.find((e) => e.type === 'liveness.decided')?.data['decision'] as LivenessDecision;
      expect(decision.nonce).toBe(outcome.nonce);
      const published = (await (await fetch(`${own.baseUrl}/.well-known/aircounter/signing-keys`)).json()) as {
        keys: { kid: string }[];
      };
      expect(published.keys.map((k) => k.kid)).toContain(decision.keyId);
      const logged = (await own.app.services.evidence.readEvents(id)) ?? [];
      const types = logged.map((e) => e.type);
      expect(types).toEqual(expect.arrayContaining(['liveness.id-photo.set', 'liveness.started', 'liveness.decided']));
      const files = logged.filter((e) => e.type === 'evidence.file.added').map((e) => String(e.data?.['name']));
      expect(files).toEqual([`liveness-${decision.nonce}-0-neutral.jpg`, `liveness-${decision.nonce}-1-lookDown.jpg`]);
    } finally {
      await peer.client.close();
    }
  });
});

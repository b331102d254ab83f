import { readFileSync } from 'node:fs';
import type { JourneyAction, JourneyDefinitionInput, LocalizedText } from '@aircounter/journeys';
import type { LivenessChallenge } from '@aircounter/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureFaceFixtures, generated } from '../../packages/vision/test/support/face-fixtures.ts';
import { FixtureSpeechVerifier } from '../src/speech/verifier.ts';
import { joinAs, type JoinedPeer } from './helpers/peers.ts';
import { startTestServer, type TestServer } from './helpers/test-server.ts';

// Nod, shake and voice confirmations of journey steps over the real server:
// the real face models (wasm in Node) re-measure the frames the customer's
// browser would send, the fixture speech verifier stands in for a bank's model,
// and every verdict is read back from the session's evidence chain.

function t(en: string, hans: string, hant: string): LocalizedText {
  return { en, 'zh-Hans': hans, 'zh-Hant': hant };
}

const YES_NO = [
  { id: 'yes', label: t('Yes', '是的', '是的'), accepted: true },
  { id: 'no', label: t('No', '不是', '不是'), accepted: false },
];

/** Questions without recording or minimum duration: these tests are about confirmations only. */
const CONFIRMATIONS: JourneyDefinitionInput = {
  id: 'confirmations',
  version: 1,
  title: t('Confirmations', '确认', '確認'),
  steps: [
    {
      kind: 'question',
      id: 'understood',
      title: t('Risk', '风险', '風險'),
      text: t('Do you understand the risk?', '您是否了解风险？', '您是否了解風險？'),
      answers: YES_NO,
      confirmations: ['tap', 'nod', 'shake'],
      needsRecording: false,
    },
    {
      kind: 'question',
      id: 'horizon',
      title: t('Horizon', '期限', '期限'),
      text: t('Is the money free for five years?', '这笔钱五年内不用吗？', '這筆錢五年內不用嗎？'),
      answers: YES_NO,
      confirmations: ['tap', 'nod'],
      needsRecording: false,
    },
    {
      kind: 'question',
      id: 'spoken',
      title: t('Spoken', '口头确认', '口頭確認'),
      text: t('Please say yes to confirm.', '请说“是的”确认。', '請說「是的」確認。'),
      answers: YES_NO,
      confirmations: ['tap', 'voice'],
      needsRecording: false,
    },
  ],
};

/** Stand-ins for clips a browser records; the fixture verifier knows what a real engine would hear in each. */
const SAID_YES = new TextEncoder().encode('fixture clip: the customer says 是的，我确认');
const SAID_SOMETHING_ELSE = new TextEncoder().encode('fixture clip: the customer says 我再想想');

let server: TestServer;
let sessionId: string;
let customer: JoinedPeer;
let agent: JoinedPeer;

let counter = 0;
function act(action: Record<string, unknown>): JourneyAction {
  counter += 1;
  return { ...action, actionId: `confirm-action-${String(counter).padStart(4, '0')}` } as JourneyAction;
}

async function newSession(s: TestServer): Promise<string> {
  const response = await s.api('POST', '/api/v1/sessions', { journey: { id: 'confirmations', version: 1 } });
  expect(response.status).toBe(201);
  return ((await response.json()) as { sessionId: string }).sessionId;
}

function frames(challenges: readonly LivenessChallenge[], files: readonly string[]) {
  const t0 = Date.now() - 500;
  return files.map((name, i) => ({
    challenge: i === 0 ? ('neutral' as const) : (challenges[i - 1] as LivenessChallenge),
    capturedAt: t0 + i * 100,
    jpegBase64: readFileSync(generated(name)).toString('base64'),
  }));
}

/** A nod's frames for an issued check: the face level, then tilted down. */
function nodFrames(issued: { readonly nonce: string; readonly challenges: readonly LivenessChallenge[] }) {
  return { nonce: issued.nonce, frames: frames(issued.challenges, ['camera-frame.jpg', 'tilted-down.jpg']) };
}

/** A session of its own whose agent started the first step; its customer and agent leave after `body`. */
async function inOtherSession(n: number, body: (otherCustomer: JoinedPeer) => Promise<void>): Promise<void> {
  const other = await newSession(server);
  const otherCustomer = await joinAs(server, other, 'customer', `customer-${n}`);
  const otherAgent = await joinAs(server, other, 'agent', `agent-${n}`);
  try {
    await otherAgent.client.request('journeyAction', act({ type: 'start', stepId: 'understood' }));
    await body(otherCustomer);
  } finally {
    await otherCustomer.client.close();
    await otherAgent.client.close();
  }
}

async function verdicts(id: string) {
  const entries = (await server.app.services.evidence.readEvents(id)) ?? [];
  return entries.filter((entry) => entry.type === 'journey.confirmation.verified').map((entry) => entry.data);
}

beforeAll(async () => {
  ensureFaceFixtures();
  server = await startTestServer(
    {},
    {
      speechVerifier: new FixtureSpeechVerifier([
        { audio: SAID_YES, transcript: '是的，我确认。' },
        { audio: SAID_SOMETHING_ELSE, transcript: '我再想想。' },
      ]),
    },
  );
  expect((await server.api('POST', '/api/v1/journeys', CONFIRMATIONS)).status).toBe(201);
  sessionId = await newSession(server);
  customer = await joinAs(server, sessionId, 'customer', 'customer-1');
  agent = await joinAs(server, sessionId, 'agent', 'agent-1');
  await server.app.services.liveness.warmUp();
}, 120_000);

afterAll(async () => {
  await customer?.client.close();
  await agent?.client.close();
  await server?.close();
});

describe('a nod re-verified by the server from frames', () => {
  let verified = '';

  it('refuses a claimed nod without a verdict, and a still face', async () => {
    await agent.client.request('journeyAction', act({ type: 'start', stepId: 'understood' }));
    // The browser says "nod": the server does not take its word for it.
    const claimed = act({ type: 'answer', stepId: 'understood', answerId: 'yes', confirmation: 'nod' });
    expect(await customer.client.refusal('journeyAction', claimed)).toBe('CONFIRMATION_UNVERIFIED');
    // Only the customer checks gestures, and only for what the open step offers.
    const request = { stepId: 'understood', answerId: 'yes', gesture: 'nod' } as const;
    expect(await agent.client.refusal('startGestureConfirmation', request)).toBe('FORBIDDEN_ROLE');
    expect(await customer.client.refusal('startGestureConfirmation', { ...request, answerId: 'maybe' })).toBe(
      'JOURNEY_ACTION_INVALID',
    );
    expect(await customer.client.refusal('startGestureConfirmation', { ...request, stepId: 'horizon' })).toBe(
      'JOURNEY_OUT_OF_ORDER',
    );

    const issued = await customer.client.request('startGestureConfirmation', request);
    expect(issued).toMatchObject({ challenges: ['nod'], attemptsLeft: 2 });
    // Two frames of a face that does not move: no nod.
    const still = await customer.client.request('submitGestureConfirmation', {
      nonce: issued.nonce,
      frames: frames(issued.challenges, ['camera-frame.jpg', 'same-brighter.jpg']),
    });
    expect(still).toEqual({ verification: issued.nonce, passed: false, attemptsLeft: 2 });
    const [refused] = await verdicts(sessionId);
    expect(refused).toMatchObject({ verification: issued.nonce, confirmation: 'nod', stepId: 'understood' });
    expect(refused?.['passed']).toBe(false);
    expect(refused?.['reasons']).toContain('not-shown:nod');
    const answer = act({
      type: 'answer',
      stepId: 'understood',
      answerId: 'yes',
      confirmation: 'nod',
      verification: still.verification,
    });
    expect(await customer.client.refusal('journeyAction', answer)).toBe('CONFIRMATION_UNVERIFIED');
    // The nonce was spent by that submission.
    expect(await customer.client.refusal('submitGestureConfirmation', nodFrames(issued))).toBe(
      'LIVENESS_NONCE_UNKNOWN',
    );
  });

  it('accepts a real nod once, for its own step, answer and gesture', async () => {
    const issued = await customer.client.request('startGestureConfirmation', {
      stepId: 'understood',
      answerId: 'yes',
      gesture: 'nod',
    });
    expect(issued.attemptsLeft).toBe(1);
    const nod = await customer.client.request('submitGestureConfirmation', nodFrames(issued));
    expect(nod.passed).toBe(true);
    verified = nod.verification;
    const entry = (await verdicts(sessionId)).find((data) => data['verification'] === verified);
    expect(entry).toMatchObject({ passed: true, reasons: [], peerId: 'customer-1', challenges: ['nod'] });
    expect(entry?.['frames']).toHaveLength(2);
    expect(entry?.['signature']).toEqual(expect.any(String));

    const answer = (fields: Record<string, unknown>) =>
      act({
        type: 'answer',
        stepId: 'understood',
        answerId: 'yes',
        confirmation: 'nod',
        verification: verified,
        ...fields,
      });
    // The wrong gesture, another answer: refused, and the verdict stays unused.
    expect(await customer.client.refusal('journeyAction', answer({ confirmation: 'shake' }))).toBe(
      'CONFIRMATION_UNVERIFIED',
    );
    expect(await customer.client.refusal('journeyAction', answer({ answerId: 'no' }))).toBe('CONFIRMATION_UNVERIFIED');
    const { state } = await customer.client.request('journeyAction', answer({}));
    expect(state.steps[0]?.outcome).toEqual({
      by: 'customer',
      confirmation: 'nod',
      answerId: 'yes',
      verification: verified,
    });
    const entries = (await server.app.services.evidence.readEvents(sessionId)) ?? [];
    expect(entries.find((e) => e.type === 'journey.step.completed')?.data).toMatchObject({
      stepId: 'understood',
      confirmation: 'nod',
      verification: verified,
    });
  });

  it('refuses the same verdict again (another step), bounds the checks per step, and keeps tap', async () => {
    await agent.client.request('journeyAction', act({ type: 'start', stepId: 'horizon' }));
    const reused = act({
      type: 'answer',
      stepId: 'horizon',
      answerId: 'yes',
      confirmation: 'nod',
      verification: verified,
    });
    expect(await customer.client.refusal('journeyAction', reused)).toBe('CONFIRMATION_UNVERIFIED');
    // A shake is not offered here.
    const request = { stepId: 'horizon', answerId: 'yes', gesture: 'nod' } as const;
    expect(await customer.client.refusal('startGestureConfirmation', { ...request, gesture: 'shake' })).toBe(
      'JOURNEY_ACTION_INVALID',
    );
    const first = await customer.client.request('startGestureConfirmation', request);
    await customer.client.request('startGestureConfirmation', request);
    const third = await customer.client.request('startGestureConfirmation', request);
    expect(third.attemptsLeft).toBe(0);
    expect(await customer.client.refusal('startGestureConfirmation', request)).toBe('CONFIRMATION_ATTEMPTS_EXHAUSTED');
    // Only the latest nonce is open.
    expect(await customer.client.refusal('submitGestureConfirmation', nodFrames(first))).toBe('LIVENESS_NONCE_UNKNOWN');
    const tapped = act({ type: 'answer', stepId: 'horizon', answerId: 'yes', confirmation: 'tap' });
    expect((await customer.client.request('journeyAction', tapped)).state.steps[1]?.status).toBe('completed');
  });

  it('refuses a verdict of another session', async () => {
    await inOtherSession(2, async (otherCustomer) => {
      const borrowed = act({
        type: 'answer',
        stepId: 'understood',
        answerId: 'yes',
        confirmation: 'nod',
        verification: verified,
      });
      expect(await otherCustomer.client.refusal('journeyAction', borrowed)).toBe('CONFIRMATION_UNVERIFIED');
    });
  });

  it('asks for a shake as both turns, in an order the server draws', async () => {
    await inOtherSession(3, async (otherCustomer) => {
      const issued = await otherCustomer.client.request('startGestureConfirmation', {
        stepId: 'understood',
        answerId: 'no',
        gesture: 'shake',
      });
      expect([...issued.challenges].sort()).toEqual(['turnLeft', 'turnRight']);
    });
  });
});

describe('a spoken answer checked by the speech verifier', () => {
  it('accepts voice only when the verifier heard the answer, and puts the verdict on the chain', async () => {
    await agent.client.request('journeyAction', act({ type: 'start', stepId: 'spoken' }));
    const clip = (bytes: Uint8Array) => ({
      stepId: 'spoken',
      answerId: 'yes',
      mediaType: 'audio/webm' as const,
      audioBase64: Buffer.from(bytes).toString('base64'),
    });
    const unheard = await customer.client.request('submitVoiceConfirmation', clip(SAID_SOMETHING_ELSE));
    expect(unheard).toMatchObject({ passed: false, attemptsLeft: 2 });
    const answer = (verification: string) =>
      act({ type: 'answer', stepId: 'spoken', answerId: 'yes', confirmation: 'voice', verification });
    expect(await customer.client.refusal('journeyAction', answer(unheard.verification))).toBe(
      'CONFIRMATION_UNVERIFIED',
    );
    const heard = await customer.client.request('submitVoiceConfirmation', clip(SAID_YES));
    expect(heard.passed).toBe(true);
    const entry = (await verdicts(sessionId)).find((data) => data['verification'] === heard.verification);
    expect(entry).toMatchObject({
      confirmation: 'voice',
      engine: 'fixture',
      passed: true,
      audioBytes: SAID_YES.length,
    });
    expect(entry?.['transcriptSha256']).toMatch(/^[0-9a-f]{64}$/);
    expect(entry?.['audioSha256']).toMatch(/^[0-9a-f]{64}$/);
    const { state } = await customer.client.request('journeyAction', answer(heard.verification));
    expect(state.status).toBe('completed');
  });

  it('refuses voice on a server without a speech verifier', async () => {
    const plain = await startTestServer();
    try {
      expect((await plain.api('POST', '/api/v1/journeys', CONFIRMATIONS)).status).toBe(201);
      const id = await newSession(plain);
      const c = await joinAs(plain, id, 'customer', 'customer-9');
      const a = await joinAs(plain, id, 'agent', 'agent-9');
      for (const stepId of ['understood', 'horizon']) {
        await a.client.request('journeyAction', act({ type: 'start', stepId }));
        await c.client.request('journeyAction', act({ type: 'answer', stepId, answerId: 'yes', confirmation: 'tap' }));
      }
      await a.client.request('journeyAction', act({ type: 'start', stepId: 'spoken' }));
      const clip = { stepId: 'spoken', answerId: 'yes', mediaType: 'audio/webm', audioBase64: 'AAAA' } as const;
      expect(await c.client.refusal('submitVoiceConfirmation', clip)).toBe('CONFIRMATION_UNAVAILABLE');
      const claimed = act({ type: 'answer', stepId: 'spoken', answerId: 'yes', confirmation: 'voice' });
      expect(await c.client.refusal('journeyAction', claimed)).toBe('CONFIRMATION_UNVERIFIED');
      await c.client.close();
      await a.client.close();
    } finally {
      await plain.close();
    }
  });
});

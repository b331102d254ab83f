import { createHash } from 'node:crypto';
import { parseJourneyDefinition, stepText, type JourneyAction } from '@aircounter/journeys';
import { afterEach, describe, expect, it } from 'vitest';
import { WEALTH_SALE } from '../../packages/journeys/src/test-fixtures/wealth-sale.ts';
import { ensureSyncClip } from '../../tests/fixtures/sync-clip.ts';
import { readArtifact } from '../src/evidence/artifacts.ts';
import { isFullyRecorded } from '../src/journeys/recording-coverage.ts';
import { joinAs } from './helpers/peers.ts';
import { makeContractPdf } from './signing/fixtures.ts';
import { startTestServer, type TestServer } from './helpers/test-server.ts';
import { feedClip, publish, waitFor, type ClipFeed } from './helpers/recording.ts';

// Scripted journeys over the real server: definitions registered over REST,
// a session started with one, every step action refused or applied over
// signaling by the engine's rules with a real mediasoup worker and a real
// ffmpeg recording, each transition on the evidence chain, and the summary
// written when the package is sealed.

let server: TestServer | undefined;
const feeds: ClipFeed[] = [];

afterEach(async () => {
  await Promise.all(feeds.splice(0).map((feed) => feed.stop()));
  await server?.close();
  server = undefined;
});

let counter = 0;
function act(action: Record<string, unknown>): JourneyAction {
  counter += 1;
  return { ...action, actionId: `it-action-${String(counter).padStart(4, '0')}` } as JourneyAction;
}

async function register(s: TestServer, definition: unknown = WEALTH_SALE): Promise<Response> {
  return s.api('POST', '/api/v1/journeys', definition);
}

async function sessionWithJourney(s: TestServer): Promise<string> {
  expect((await register(s)).status).toBeLessThan(300);
  const response = await s.api('POST', '/api/v1/sessions', { journey: { id: 'wealth-sale', version: 1 } });
  expect(response.status).toBe(201);
  return ((await response.json()) as { sessionId: string }).sessionId;
}

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

describe('journey definitions over REST', () => {
  it('registers a version once, refuses other content under it, and starts sessions with it', async () => {
    server = await startTestServer();
    const first = await register(server);
    expect(first.status).toBe(201);
    const { sha256: hash } = (await first.json()) as { sha256: string };
    // The same content again is fine (a retried registration); other content under the version is not.
    expect((await register(server)).status).toBe(200);
    const changed = await register(server, { ...WEALTH_SALE, title: { ...WEALTH_SALE.title, en: 'Changed' } });
    expect(changed.status).toBe(409);
    expect(await changed.json()).toMatchObject({ error: { code: 'STORAGE_WRITE_ONCE' } });
    expect((await register(server, { ...WEALTH_SALE, version: 2, title: WEALTH_SALE.steps[0]?.title })).status).toBe(
      201,
    );

    const read = await server.api('GET', '/api/v1/journeys/wealth-sale/1');
    expect(read.status).toBe(200);
    const body = (await read.json()) as { sha256: string; definition: unknown };
    expect(body.sha256).toBe(hash);
    expect(body.definition).toEqual(parseJourneyDefinition(WEALTH_SALE));

    const invalid = await register(server, { ...WEALTH_SALE, steps: [] });
    expect(invalid.status).toBe(400);
    expect(await invalid.json()).toMatchObject({ error: { code: 'INVALID_PARAMS' } });
    expect((await server.api('GET', '/api/v1/journeys/wealth-sale/9')).status).toBe(404);
    expect((await server.api('GET', '/api/v1/journeys/Wealth%20Sale/1')).status).toBe(400);
    const anonymous = await fetch(`${server.baseUrl}/api/v1/journeys`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(WEALTH_SALE),
    });
    expect(anonymous.status).toBe(401);

    const unknown = await server.api('POST', '/api/v1/sessions', { journey: { id: 'nothing', version: 1 } });
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toMatchObject({ error: { code: 'JOURNEY_NOT_FOUND' } });

    const created = await server.api('POST', '/api/v1/sessions', {
      journey: { id: 'wealth-sale', version: 1, locale: 'zh-Hant' },
    });
    expect(created.status).toBe(201);
    const { sessionId, journey } = (await created.json()) as { sessionId: string; journey: { sha256: string } };
    expect(journey.sha256).toBe(hash);
    const { evidence } = server.app.services;
    const events = (await evidence.readEvents(sessionId)) ?? [];
    const started = events.find((entry) => entry.type === 'journey.started');
    expect(started?.data).toEqual({
      journeyId: 'wealth-sale',
      version: 1,
      definitionSha256: hash,
      stepCount: WEALTH_SALE.steps.length,
      locale: 'zh-Hant',
    });
    // The definition the session runs is in its package, named by that hash.
    const bytes = await readArtifact(evidence, sessionId, {
      kind: 'journey-definition',
      sha256: hash,
      mediaType: 'application/json',
    });
    expect(JSON.parse(new TextDecoder().decode(bytes))).toEqual(parseJourneyDefinition(WEALTH_SALE));
  });
});

describe('journey actions over signaling', () => {
  it('refuses by role, order, replay, recording and identity; interrupts on a gap; seals the summary', async () => {
    server = await startTestServer({ recording: { stallGapMs: 500 } });
    const sessionId = await sessionWithJourney(server);
    const customer = await joinAs(server, sessionId, 'customer', 'customer-1');
    const agent = await joinAs(server, sessionId, 'agent', 'agent-1');
    const supervisor = await joinAs(server, sessionId, 'supervisor', 'supervisor-1');

    const view = await customer.client.request('journeyState', {});
    expect(view.definition).toEqual(parseJourneyDefinition(WEALTH_SALE));
    expect(view.state).toMatchObject({ status: 'in-progress', revision: 0, locale: 'zh-Hans' });
    expect(await supervisor.client.request('journeyState', {})).toEqual(view);

    // Role: the customer cannot conduct; a supervisor cannot act at all.
    expect(await customer.client.refusal('journeyAction', act({ type: 'start', stepId: 'consent' }))).toBe(
      'JOURNEY_WRONG_ACTOR',
    );
    expect(await supervisor.client.refusal('journeyAction', act({ type: 'start', stepId: 'consent' }))).toBe(
      'FORBIDDEN_ROLE',
    );
    // Order: a mandatory step cannot be jumped; a malformed action never reaches the engine.
    expect(await agent.client.refusal('journeyAction', act({ type: 'start', stepId: 'introduction' }))).toBe(
      'JOURNEY_STEP_MANDATORY',
    );
    expect(await agent.client.refusal('journeyAction', { type: 'start', stepId: 'consent', actionId: 'x' })).toBe(
      'INVALID_PARAMS',
    );

    const start = act({ type: 'start', stepId: 'consent' });
    const started = await agent.client.request('journeyAction', start);
    expect(started.state.steps[0]).toMatchObject({ status: 'active', attempts: 1 });
    // Everyone hears it, with what happened.
    const heard = await customer.client.waitFor('journeyChanged', (data) => data.state.revision === 1);
    expect(heard.events).toEqual([{ type: 'step.started', stepId: 'consent', index: 0, kind: 'consent', attempt: 1 }]);
    // Replay: the same action id again changes nothing.
    expect(await agent.client.refusal('journeyAction', start)).toBe('JOURNEY_DUPLICATE_ACTION');
    expect(await agent.client.refusal('journeyAction', act({ type: 'complete', stepId: 'consent' }))).toBe(
      'JOURNEY_WRONG_ACTOR',
    );

    // The customer's consent step gives the recording consent with the step's text version.
    await customer.client.request('journeyAction', act({ type: 'complete', stepId: 'consent', confirmation: 'tap' }));
    await agent.client.waitFor('recordingStatus', (status) => status.consent === 'given');
    // Late: the completed step takes no more actions.
    expect(await customer.client.refusal('journeyAction', act({ type: 'complete', stepId: 'consent' }))).toBe(
      'JOURNEY_OUT_OF_ORDER',
    );
    // The next step needs the recording, which has not started.
    expect(await agent.client.refusal('journeyAction', act({ type: 'start', stepId: 'introduction' }))).toBe(
      'RECORDING_NOT_ACTIVE',
    );

    const room = server.app.services.rooms.get(sessionId);
    if (room === undefined) throw new Error('no room');
    const clip = await ensureSyncClip({ durationS: 6 });
    for (const peerId of ['customer-1', 'agent-1']) {
      const peer = room.peers.get(peerId);
      if (peer === undefined) throw new Error(`no peer ${peerId}`);
      const feed = await feedClip(room.router, clip.webm ?? '', { loop: true });
      feeds.push(feed);
      publish(room, peer, feed);
    }
    await agent.client.request('startRecording', {});
    await waitFor(() => (isFullyRecorded(room.recordingStatus) ? true : undefined));

    await agent.client.request('journeyAction', act({ type: 'start', stepId: 'introduction' }));
    await agent.client.request('journeyAction', act({ type: 'complete', stepId: 'introduction' }));
    await agent.client.request('journeyAction', act({ type: 'start', stepId: 'identity' }));
    // Identity completes only after the server accepted liveness and face match.
    expect(await customer.client.refusal('journeyAction', act({ type: 'complete', stepId: 'identity' }))).toBe(
      'JOURNEY_ACTION_INVALID',
    );

    // The customer's media stops reaching the recorder: the open step is interrupted, everyone hears it.
    const customerFeed = feeds[0];
    customerFeed?.process.kill('SIGSTOP');
    const interrupted = await agent.client.waitFor(
      'journeyChanged',
      (data) => data.events.some((event) => event.type === 'step.interrupted'),
      15_000,
    );
    expect(interrupted.events).toContainEqual(
      expect.objectContaining({ type: 'step.interrupted', stepId: 'identity', index: 2 }),
    );
    expect(interrupted.state.steps[2]?.status).toBe('interrupted');
    // While the gap lasts the step cannot start again.
    expect(await agent.client.refusal('journeyAction', act({ type: 'start', stepId: 'identity' }))).toBe(
      'RECORDING_NOT_ACTIVE',
    );
    customerFeed?.process.kill('SIGCONT');
    await waitFor(() => (isFullyRecorded(room.recordingStatus) ? true : undefined));
    const again = await agent.client.request('journeyAction', act({ type: 'start', stepId: 'identity' }));
    expect(again.state.steps[2]).toMatchObject({ status: 'active', attempts: 2 });

    // The session ends with the journey unfinished: the sealed package says what is missing.
    expect((await server.api('POST', `/api/v1/sessions/${sessionId}/end`)).status).toBe(204);
    const { evidence, store } = server.app.services;
    await waitFor(async () => ((await store.evidenceSeals.state(sessionId)) === 'sealed' ? true : undefined), 30_000);
    const events = (await evidence.readEvents(sessionId)) ?? [];
    const journeyEvents = events.filter((entry) => entry.type.startsWith('journey.'));
    expect(journeyEvents.map((entry) => [entry.type, entry.data['stepId']])).toEqual([
      ['journey.started', undefined],
      ['journey.step.started', 'consent'],
      ['journey.step.completed', 'consent'],
      ['journey.step.started', 'introduction'],
      ['journey.step.completed', 'introduction'],
      ['journey.step.started', 'identity'],
      ['journey.step.interrupted', 'identity'],
      ['journey.step.started', 'identity'],
      // The recording ended with the session while the step was open: it is interrupted, not silently dropped.
      ['journey.step.interrupted', 'identity'],
      ['journey.ended', undefined],
    ]);
    expect(journeyEvents.at(-1)?.data).toEqual({
      complete: false,
      missing: ['risk-disclosure', 'risk-assessment', 'understood', 'contract', 'handwritten-sentence'],
      interrupted: ['identity'],
    });
    // The text shown is hashed into each started step; recorded steps carry their media time.
    const definition = parseJourneyDefinition(WEALTH_SALE);
    const introduction = journeyEvents.find(
      (entry) => entry.type === 'journey.step.started' && entry.data['stepId'] === 'introduction',
    );
    const introductionStep = definition.steps[1];
    if (introductionStep === undefined) throw new Error('fixture changed');
    expect(introduction?.data['textSha256']).toBe(sha256(stepText(introductionStep, 'zh-Hans')));
    expect(introduction?.mediaTimeMs).toEqual(expect.any(Number));
    expect(events.findIndex((entry) => entry.type === 'journey.ended')).toBeLessThan(
      events.findIndex((entry) => entry.type === 'evidence.finalized'),
    );
    const consent = events.find((entry) => entry.type === 'consent.given');
    expect(consent?.data).toMatchObject({ peerId: 'customer-1', consentTextVersion: '2026-01', action: 'journey:tap' });
  });
});

describe('a disclosure delivered as speech', () => {
  it('plays the step text into the call when the agent opens it, and the chain names the same text', async () => {
    server = await startTestServer();
    const text = { en: 'This product is not a deposit.', 'zh-Hans': '本产品不是存款。', 'zh-Hant': '本產品不是存款。' };
    const spoken = {
      id: 'spoken-disclosure',
      version: 1,
      title: { en: 'Spoken disclosure', 'zh-Hans': '语音提示', 'zh-Hant': '語音提示' },
      steps: [
        {
          id: 'risk',
          kind: 'disclosure',
          title: { en: 'Risk', 'zh-Hans': '风险', 'zh-Hant': '風險' },
          text,
          delivery: 'speech',
          needsRecording: false,
        },
      ],
    };
    expect((await register(server, spoken)).status).toBe(201);
    const created = await server.api('POST', '/api/v1/sessions', {
      journey: { id: 'spoken-disclosure', version: 1, locale: 'en' },
    });
    const { sessionId } = (await created.json()) as { sessionId: string };
    const customer = await joinAs(server, sessionId, 'customer', 'customer-1');
    const agent = await joinAs(server, sessionId, 'agent', 'agent-1');

    await agent.client.request('journeyAction', act({ type: 'start', stepId: 'risk' }));
    const { evidence } = server.app.services;
    // Rendering (espeak-ng, then ffmpeg to Opus) takes seconds, more on a loaded machine.
    const played = await waitFor(async () => {
      const events = (await evidence.readEvents(sessionId)) ?? [];
      return events.find((entry) => entry.type === 'speech.played');
    }, 90_000);
    expect(played.data).toMatchObject({ origin: 'rendered', locale: 'en', textSha256: sha256(text.en) });
    // The speech followed the step's opening on the chain, and its audio is in the package.
    const events = (await evidence.readEvents(sessionId)) ?? [];
    const opened = events.find((entry) => entry.type === 'journey.step.started' && entry.data['stepId'] === 'risk');
    expect(played.seq).toBeGreaterThan(opened?.seq ?? Number.POSITIVE_INFINITY);
    const audio = await readArtifact(evidence, sessionId, {
      kind: 'speech',
      sha256: String(played.data['artifactSha256']),
      mediaType: 'audio/ogg',
    });
    expect(new TextDecoder().decode(audio?.subarray(0, 4))).toBe('OggS');

    // "Please say that again": only the open step's own text, never while it still plays, and bounded.
    expect(await agent.client.refusal('replayDisclosure', { stepId: 'nothing' })).toBe('JOURNEY_ACTION_INVALID');
    const { speech } = server.app.services;
    await waitFor(() => (speech.isPlaying(sessionId) ? undefined : true), 30_000);
    const again = await customer.client.request('replayDisclosure', { stepId: 'risk' });
    expect(again.durationMs).toBeGreaterThan(0);
    expect(await customer.client.refusal('replayDisclosure', { stepId: 'risk' })).toBe('SPEECH_BUSY');
    const replayed = await waitFor(async () => {
      const entries = (await evidence.readEvents(sessionId)) ?? [];
      const plays = entries.filter((entry) => entry.type === 'speech.played');
      return plays.length === 2 ? plays[1] : undefined;
    });
    expect(replayed.data).toMatchObject({ textSha256: sha256(text.en), repeat: 1 });
    // Once the step is done, there is nothing to replay.
    await waitFor(() => (speech.isPlaying(sessionId) ? undefined : true), 30_000);
    await customer.client.request('journeyAction', act({ type: 'complete', stepId: 'risk', confirmation: 'tap' }));
    expect(await customer.client.refusal('replayDisclosure', { stepId: 'risk' })).toBe('JOURNEY_OUT_OF_ORDER');
  }, 120_000);
});

describe('a document step', () => {
  it('completes only after the customer confirmed reading that very document with its short code', async () => {
    server = await startTestServer();
    const pdf = await makeContractPdf();
    const title = { en: 'Contract', 'zh-Hans': '合同', 'zh-Hant': '合約' };
    const definition = {
      id: 'contract-reading',
      version: 1,
      title,
      steps: [{ id: 'contract', kind: 'document', title, documentSha256: sha256Bytes(pdf), needsRecording: false }],
    };
    expect((await register(server, definition)).status).toBe(201);
    const created = await server.api('POST', '/api/v1/sessions', { journey: { id: 'contract-reading', version: 1 } });
    const { sessionId } = (await created.json()) as { sessionId: string };
    const customer = await joinAs(server, sessionId, 'customer', 'customer-1');
    const agent = await joinAs(server, sessionId, 'agent', 'agent-1');
    const upload = (documentId: string, bytes: Uint8Array) =>
      fetch(
        `${server?.baseUrl}/api/v1/sessions/${sessionId}/documents/${documentId}?title=Contract&${SIGNATURE_FIELD}`,
        {
          method: 'PUT',
          headers: {
            authorization: `Bearer ${server?.config.auth.apiKey.reveal()}`,
            'content-type': 'application/pdf',
          },
          body: Buffer.from(bytes),
        },
      );
    const uploaded = await upload('contract-1', pdf);
    expect(uploaded.status).toBe(201);
    const { shortCode } = (await uploaded.json()) as { shortCode: string };
    // Another document read does not count for this step.
    const other = await makeContractPdf('Another contract');
    const otherUpload = await upload('other-1', other);
    expect(otherUpload.status).toBe(201);
    const otherCode = ((await otherUpload.json()) as { shortCode: string }).shortCode;

    await agent.client.request('journeyAction', act({ type: 'start', stepId: 'contract' }));
    expect(await customer.client.refusal('journeyAction', act({ type: 'complete', stepId: 'contract' }))).toBe(
      'JOURNEY_ACTION_INVALID',
    );
    await customer.client.request('confirmDocumentRead', { documentId: 'other-1', shortCode: otherCode });
    expect(await customer.client.refusal('journeyAction', act({ type: 'complete', stepId: 'contract' }))).toBe(
      'JOURNEY_ACTION_INVALID',
    );
    await customer.client.request('confirmDocumentRead', { documentId: 'contract-1', shortCode });
    const done = await customer.client.request('journeyAction', act({ type: 'complete', stepId: 'contract' }));
    expect(done.state.steps[0]?.status).toBe('completed');
    expect(done.state.status).toBe('completed');
  });
});

/** Where the signature goes on the uploaded contract (the upload requires a field). */
const SIGNATURE_FIELD = 'signaturePage=2&signatureX=72&signatureY=100&signatureWidth=220&signatureHeight=70';

function sha256Bytes(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

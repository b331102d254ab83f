import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EVENTS_FILE, type TimingSummary } from '@aircounter/evidence';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LocalWormStore } from '../src/evidence/local-worm-store.ts';
import { seedPgliteDir, sharedPgliteSeedDir } from '../src/store/pglite-db.ts';
import { spawnMain, type MainProcess } from './helpers/main-process.ts';
import { produceCamera, produceMicrophone, transport } from './helpers/peers.ts';
import { TestSignalingClient } from './helpers/signaling-client.ts';

// The production entry point (server/src/main.ts) killed (SIGKILL) and then
// stopped (SIGTERM) under a running recording: after each restart the
// participants rejoin and publish again, and the recording resumes by itself
// (nobody calls startRecording again), each client told its new state. When
// the session ends the package is sealed once, with every part in it. (No
// browser here, so no media flows: the in-process suite recording-resume.test.ts
// checks the gaps and segments with ffmpeg-fed media.)

interface Entry {
  readonly type: string;
  readonly data: Record<string, unknown>;
}

describe('recording resume in the server process', () => {
  let dataDir: string;
  let env: Record<string, string>;
  let main: MainProcess | undefined;
  let base = '';
  let ws = '';

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'air-recording-resume-main-'));
    // A copy of an initialized embedded database instead of initdb on first start (slow in WebAssembly).
    await seedPgliteDir(join(dataDir, 'db'), sharedPgliteSeedDir());
    env = {
      AIR_TOKEN_SECRET: randomBytes(32).toString('base64url'),
      AIR_API_KEY: randomBytes(24).toString('base64url'),
      AIR_DATA_DIR: dataDir,
      AIR_RECORDING_CONSENT_POLICY: 'external',
      AIR_RECORDING_PORT_MIN: '54200',
      AIR_RECORDING_PORT_MAX: '54299',
    };
  });
  afterAll(async () => {
    if (main && main.child.exitCode === null) {
      main.child.kill('SIGKILL');
      await main.exited;
    }
    await rm(dataDir, { recursive: true, force: true });
  });

  const start = async (): Promise<void> => {
    const process_ = spawnMain(env);
    main = process_;
    const port = await process_.listening.catch((error: unknown) => {
      throw new Error(`${String(error)}\n${process_.output().stdout.slice(-3000)}`);
    });
    base = `http://127.0.0.1:${port}`;
    ws = `ws://127.0.0.1:${port}/signaling`;
  };
  const api = async (method: string, path: string, body?: unknown): Promise<Response> =>
    fetch(`${base}${path}`, {
      method,
      headers: { authorization: `Bearer ${env['AIR_API_KEY'] ?? ''}`, 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
  const joinAs = async (sessionId: string, role: 'customer' | 'agent', peerId: string) => {
    const response = await api('POST', `/api/v1/sessions/${sessionId}/tokens`, { role, peerId, displayName: peerId });
    const { token } = (await response.json()) as { token: string };
    const client = await TestSignalingClient.open(ws, token);
    const { rtpCapabilities } = await client.request('getRouterRtpCapabilities', {});
    await client.request('join', { rtpCapabilities });
    return client;
  };
  /** Both participants (re)join; the customer publishes camera and microphone. */
  const call = async (sessionId: string) => {
    const customer = await joinAs(sessionId, 'customer', 'customer-1');
    const agent = await joinAs(sessionId, 'agent', 'agent-1');
    const sendTransport = await transport(customer, 'send');
    await produceCamera(customer, sendTransport);
    await produceMicrophone(customer, sendTransport);
    return { customer, agent };
  };
  const evidenceStatus = async (sessionId: string): Promise<string> => {
    const auditor = (await (
      await api('POST', '/api/v1/auditor-tokens', { auditorId: 'qa-1', displayName: 'QA' })
    ).json()) as { token: string };
    const response = await fetch(`${base}/api/v1/evidence/sessions/${sessionId}`, {
      headers: { authorization: `Bearer ${auditor.token}` },
    });
    return ((await response.json()) as { session: { status: string } }).session.status;
  };

  // Three start-ups of the real server (each opens the embedded database and a media worker): not a timing assertion.
  it(
    'resumes the recording after SIGKILL and after SIGTERM without any agent action',
    { timeout: 300_000 },
    async () => {
      await start();
      const { sessionId } = (await (await api('POST', '/api/v1/sessions', {})).json()) as { sessionId: string };
      const first = await call(sessionId);
      const { recordingId: firstId } = await first.agent.request('startRecording', {});
      await first.customer.waitFor('recordingStatus', (status) => status.state === 'active');

      // A crash: nothing runs on the way down.
      main?.child.kill('SIGKILL');
      await main?.exited;
      await start();
      const second = await call(sessionId);
      // Told to both participants, for a new part of the recording; nobody asked for it.
      const resumed = await second.agent.waitFor(
        'recordingStatus',
        (status) => status.state === 'active' && status.recordingId !== firstId,
        20_000,
      );
      await second.customer.waitFor('recordingStatus', (status) => status.recordingId === resumed.recordingId);
      await expect.poll(() => main?.output().stdout).toContain('recording resumed after a restart');

      // A graceful stop: the recording is interrupted by the shutdown, not stopped.
      main?.child.kill('SIGTERM');
      expect(await main?.exited).toEqual([0, null]);
      await start();
      const third = await call(sessionId);
      const again = await third.agent.waitFor(
        'recordingStatus',
        (status) => status.state === 'active' && status.recordingId !== resumed.recordingId,
        20_000,
      );

      // The real end: the last part ends with the session, and the package is sealed once.
      expect((await api('POST', `/api/v1/sessions/${sessionId}/end`)).status).toBe(204);
      await expect.poll(() => evidenceStatus(sessionId), { timeout: 30_000 }).toBe('incomplete');

      const store = new LocalWormStore(join(dataDir, 'evidence'));
      const events = new TextDecoder()
        .decode((await store.readAll(sessionId, EVENTS_FILE)) ?? new Uint8Array())
        .split('\n')
        .filter((line) => line !== '')
        .map((line) => JSON.parse(line) as Entry);
      const states = events
        .filter((entry) => entry.type === 'recording.state')
        .map((entry) => [entry.data['recordingId'], entry.data['state'], entry.data['reason'] ?? null]);
      expect(states).toEqual([
        [firstId, 'starting', null],
        [firstId, 'active', null],
        [firstId, 'aborted', 'server-crashed'],
        [resumed.recordingId, 'starting', null],
        [resumed.recordingId, 'active', null],
        [resumed.recordingId, 'ending', 'server-shutdown'],
        [resumed.recordingId, 'aborted', 'server-shutdown'],
        [again.recordingId, 'starting', null],
        [again.recordingId, 'active', null],
        [again.recordingId, 'ending', 'session-ended'],
        [again.recordingId, 'complete', 'session-ended'],
      ]);
      expect(events.filter((entry) => entry.type === 'evidence.finalized')).toHaveLength(1);
      // The part after the graceful stop carries the customer's tracks as restart gaps (no media came back here).
      const timing = JSON.parse(
        await readFile(join(store.sessionDir(sessionId), `recording-${String(again.recordingId)}.timing.json`), 'utf8'),
      ) as TimingSummary;
      expect(
        timing.gaps
          .filter((gap) => gap.cause === 'server-restart')
          .map((gap) => gap.trackKey)
          .sort(),
      ).toEqual(['customer-1/camera', 'customer-1/microphone']);
      expect(timing.complete).toBe(false);
      main?.child.kill('SIGTERM');
      await main?.exited;
    },
  );
});

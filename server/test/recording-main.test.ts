import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EVENTS_FILE } from '@aircounter/evidence';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LocalWormStore } from '../src/evidence/local-worm-store.ts';
import type { TimingSummary } from '@aircounter/evidence';
import { isUdpPortFree } from '../src/recording/ports.ts';
import { spawnMain } from './helpers/main-process.ts';
import { joinOverRest, produceCamera, produceMicrophone, transport } from './helpers/peers.ts';
import { TestSignalingClient } from './helpers/signaling-client.ts';

// SIGTERM to the real server process (server/src/main.ts) while it records:
// the recording is ended and finalized, its files handed to the evidence store,
// before the process exits 0, and no ffmpeg is left behind.

let dataDir: string;

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'aircounter-recording-main-'));
});

afterAll(async () => {
  await rm(dataDir, { recursive: true, force: true });
});

describe('recording in the server process', () => {
  it('finalizes a running recording on SIGTERM before exiting', async () => {
    const main = spawnMain({
      AIR_DATA_DIR: dataDir,
      AIR_RECORDING_CONSENT_POLICY: 'external',
      AIR_RECORDING_PORT_MIN: '54000',
      AIR_RECORDING_PORT_MAX: '54099',
    });
    const { apiKey } = main;
    const port = await main.listening;

    const base = `http://127.0.0.1:${port}`;
    const headers = { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json' };
    const { sessionId } = (await (await fetch(`${base}/api/v1/sessions`, { method: 'POST', headers })).json()) as {
      sessionId: string;
    };
    const join_ = (role: 'customer' | 'agent', peerId: string): Promise<TestSignalingClient> =>
      joinOverRest(port, headers, sessionId, role, peerId);
    const customer = await join_('customer', 'customer-1');
    const agent = await join_('agent', 'agent-1');
    const sendTransport = await transport(customer, 'send');
    await produceCamera(customer, sendTransport);
    await produceMicrophone(customer, sendTransport);
    const { recordingId } = await agent.request('startRecording', {});
    await customer.waitFor('recordingStatus', (status) => status.state === 'active');

    main.child.kill('SIGTERM');
    expect(await main.exited).toEqual([0, null]);

    const store = new LocalWormStore(join(dataDir, 'evidence'));
    const events = new TextDecoder()
      .decode((await store.readAll(sessionId, EVENTS_FILE)) ?? new Uint8Array())
      .split('\n')
      .filter((line) => line !== '')
      .map((line) => JSON.parse(line) as { type: string; data: Record<string, unknown> });
    const states = events.filter((entry) => entry.type === 'recording.state').map((entry) => entry.data['state']);
    expect(states).toEqual(['starting', 'active', 'ending', 'aborted']);
    expect(events.find((entry) => entry.type === 'recording.finalized')?.data).toMatchObject({ recordingId });
    const timing = JSON.parse(
      await readFile(join(store.sessionDir(sessionId), `recording-${String(recordingId)}.timing.json`), 'utf8'),
    ) as TimingSummary;
    // Two tracks (no browser, so no media flowed: each segment is empty, and says so).
    expect(timing.segments.map((segment) => [segment.source, segment.empty]).sort()).toEqual([
      ['camera', true],
      ['microphone', true],
    ]);
    // No ffmpeg survived the server: their ports are free again.
    for (let rtpPort = 54000; rtpPort < 54100; rtpPort += 2) {
      expect(await isUdpPortFree(rtpPort, '127.0.0.1')).toBe(true);
    }
  });
});

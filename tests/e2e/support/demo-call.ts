import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { startDemo } from '../../../examples/demo-bank/src/main.ts';
import { launchWithFakeMedia, type FakeCameraBrowser } from './browser.ts';
import { fakeParticipantMedia, type FakeMedia } from './media-fixtures.ts';

export type Demo = Awaited<ReturnType<typeof startDemo>>;

export interface DemoCall {
  readonly demo: Demo;
  /** Chromium whose fake camera and microphone play the customer's media (default: red clip, 440 Hz). */
  readonly customer: FakeCameraBrowser;
  /** Chromium playing the agent's media: blue clip, 880 Hz. */
  readonly agent: FakeCameraBrowser;
}

/**
 * Registers the set-up every end-to-end suite shares: the demo bank (real
 * server, one mediasoup worker, evidence in a temporary directory) and one
 * browser process per participant, each with its own fake capture files;
 * all closed after the file. Read the fields inside tests.
 */
export function useDemoCall(options: { customerMedia?: (agentMedia: FakeMedia) => FakeMedia } = {}): DemoCall {
  const dataDir = mkdtempSync(join(tmpdir(), 'air-e2e-'));
  let started: DemoCall | undefined;
  beforeAll(async () => {
    const [red, blue] = await Promise.all([
      fakeParticipantMedia({ name: 'customer', colour: 'red', toneHz: 440 }),
      fakeParticipantMedia({ name: 'agent', colour: 'blue', toneHz: 880 }),
    ]);
    const demo = await startDemo({
      port: 0,
      dataDir,
      env: { ...process.env, AIR_LOG_LEVEL: 'warn', AIR_WORKERS: '1' },
    });
    const [customer, agent] = await Promise.all([
      launchWithFakeMedia(options.customerMedia?.(blue) ?? red),
      launchWithFakeMedia(blue),
    ]);
    started = { demo, customer, agent };
  });
  afterAll(async () => {
    await Promise.allSettled([started?.customer.close(), started?.agent.close()]);
    await started?.demo.close();
    rmSync(dataDir, { recursive: true, force: true });
  });
  const ready = (): DemoCall => {
    if (!started) throw new Error('demo call is used before beforeAll ran');
    return started;
  };
  return {
    get demo() {
      return ready().demo;
    },
    get customer() {
      return ready().customer;
    },
    get agent() {
      return ready().agent;
    },
  };
}

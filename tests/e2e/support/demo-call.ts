import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { startDemo } from '../../../examples/demo-bank/src/main.ts';
import { createTestNetwork, type TestNetwork } from '../../support/test-network.ts';
import {
  launchFirefoxWithFakeMedia,
  launchWithFakeMedia,
  type BrowserName,
  type FakeCameraBrowser,
  type FakeCameraFirefox,
  type ParticipantOf,
} from './browser.ts';
import { fakeParticipantMedia, type FakeMedia } from './media-fixtures.ts';

export type Demo = Awaited<ReturnType<typeof startDemo>>;

export interface DemoCall<C extends BrowserName = 'chromium', A extends BrowserName = 'chromium'> {
  readonly demo: Demo;
  /** The customer's browser; Chromium plays the customer's media (default: red clip, 440 Hz). */
  readonly customer: ParticipantOf<C>;
  /** The agent's browser; Chromium plays the agent's media: blue clip, 880 Hz. */
  readonly agent: ParticipantOf<A>;
}

export interface DemoCallOptions<C extends BrowserName, A extends BrowserName> {
  /** The customer's Chromium media, given the agent's (Firefox uses its own fake devices). */
  readonly customerMedia?: (agentMedia: FakeMedia) => FakeMedia;
  /** Which browser each side runs (default Chromium for both). */
  readonly browsers?: { readonly customer?: C; readonly agent?: A };
  /** More server settings, read when the demo starts (after the suite's own earlier `beforeAll`s ran). */
  readonly env?: () => Readonly<Record<string, string>>;
}

async function launch(name: BrowserName, media: FakeMedia): Promise<FakeCameraBrowser | FakeCameraFirefox> {
  return name === 'firefox' ? launchFirefoxWithFakeMedia() : launchWithFakeMedia(media);
}

/**
 * Registers the set-up every end-to-end suite shares: the demo bank (real
 * server, one mediasoup worker, evidence in a temporary directory) and one
 * browser process per participant, each with its own fake capture files;
 * all closed after the file. Read the fields inside tests.
 *
 * Media addresses: with Chromium only, the server listens on 127.0.0.1.
 * Firefox pairs no ICE candidate with loopback candidates, so when a side
 * runs Firefox the server listens on a test network's address that exists
 * only on this machine (tests/support/test-network.ts).
 */
export function useDemoCall<C extends BrowserName = 'chromium', A extends BrowserName = 'chromium'>(
  options: DemoCallOptions<C, A> = {},
): DemoCall<C, A> {
  const dataDir = mkdtempSync(join(tmpdir(), 'air-e2e-'));
  const customerBrowser: BrowserName = options.browsers?.customer ?? 'chromium';
  const agentBrowser: BrowserName = options.browsers?.agent ?? 'chromium';
  let started: DemoCall<C, A> | undefined;
  let network: TestNetwork | undefined;
  let launched: (FakeCameraBrowser | FakeCameraFirefox)[] = [];
  beforeAll(async () => {
    const [red, blue] = await Promise.all([
      fakeParticipantMedia({ name: 'customer', colour: 'red', toneHz: 440 }),
      fakeParticipantMedia({ name: 'agent', colour: 'blue', toneHz: 880 }),
    ]);
    if (customerBrowser === 'firefox' || agentBrowser === 'firefox') network = await createTestNetwork();
    const demo = await startDemo({
      port: 0,
      dataDir,
      env: {
        ...process.env,
        AIR_LOG_LEVEL: 'warn',
        AIR_WORKERS: '1',
        AIR_LISTEN_IP: network?.hostAddress ?? '127.0.0.1',
        ...options.env?.(),
      },
    });
    const [customer, agent] = await Promise.all([
      launch(customerBrowser, options.customerMedia?.(blue) ?? red),
      launch(agentBrowser, blue),
    ]);
    launched = [customer, agent];
    // The browser each side launched is the one its type parameter names.
    started = { demo, customer: customer as ParticipantOf<C>, agent: agent as ParticipantOf<A> };
  });
  afterAll(async () => {
    await Promise.allSettled(launched.map((browser) => browser.close()));
    await started?.demo.close();
    await network?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });
  const ready = (): DemoCall<C, A> => {
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

// Join benchmark (`make bench ONLY=join`). Prints one JSON line.
// The customer's join as the goal states it: the page already loaded, camera
// and microphone already open (a bank's page after its device check), the
// agent already in the call and sending. Timed by the client itself (User
// Timing, `aircounter:join:*`): from `client.join()` to the first decoded
// frame of the agent's camera, each phase's median and p95 over the runs.
// Floor, measured in the same run and the same two browsers: two
// RTCPeerConnections connected directly over loopback (no server), camera
// open, createOffer → first decoded frame (bench/support/direct-call.ts).
import { setTimeout as sleep } from 'node:timers/promises';
import { configForTests, createAirServer } from '@aircounter/server';
import type { Page } from 'playwright-core';
import { FIRST_MEDIA_POLL_MS } from '../packages/client/src/media/first-media.ts';
import { launchWithFakeMedia, type FakeCameraBrowser } from '../tests/e2e/support/browser.ts';
import { fakeParticipantMedia } from '../tests/e2e/support/media-fixtures.ts';
import { directCallMs } from './support/direct-call.ts';
import { phaseSummaries, readJoinPhases, type PageJoinPhases } from './support/join-phases.ts';
import { serveJoinPage } from './support/join-page/serve.ts';
import { loadAverage1m } from './support/load-average.ts';
import { median } from './support/process-stats.ts';
import { summarize } from './support/percentiles.ts';

const RUNS = Number(process.env['AIR_BENCH_JOIN_RUNS'] ?? 12);
/** The agent's call settles (its encoder ramps up, its stats polls end) before the customer joins. */
const SETTLE_MS = 1500;

const config = configForTests({ logLevel: 'error' });
const app = await createAirServer(config);
const { port } = await app.listen(0, '127.0.0.1');
const serverUrl = `http://127.0.0.1:${port}`;
const headers = { authorization: `Bearer ${config.auth.apiKey.reveal()}`, 'content-type': 'application/json' };

async function post(path: string, body: unknown): Promise<Record<string, unknown>> {
  const response = await fetch(`${serverUrl}${path}`, { method: 'POST', headers, body: JSON.stringify(body) });
  if (response.status >= 300) throw new Error(`${path}: HTTP ${response.status} ${await response.text()}`);
  return (await response.json()) as Record<string, unknown>;
}

async function token(sessionId: string, role: 'agent' | 'customer'): Promise<string> {
  const issued = await post(`/api/v1/sessions/${sessionId}/tokens`, { role, peerId: role, displayName: role });
  return String(issued['token']);
}

async function openPage(browser: FakeCameraBrowser, url: string): Promise<Page> {
  const page = await browser.context.newPage();
  page.on('pageerror', (error) => console.error(`[page error] ${error.message}`));
  await page.goto(url);
  await page.waitForFunction(() => 'airJoinBench' in window);
  await page.evaluate(() => window.airJoinBench.openDevices());
  return page;
}

function join(page: Page, sessionId: string, joinToken: string): Promise<void> {
  return page.evaluate(({ url, id, t }) => window.airJoinBench.join(url, id, t), {
    url: serverUrl,
    id: sessionId,
    t: joinToken,
  });
}

const joinPage = await serveJoinPage();
const [red, blue] = await Promise.all([
  fakeParticipantMedia({ name: 'customer', colour: 'red', toneHz: 440 }),
  fakeParticipantMedia({ name: 'agent', colour: 'blue', toneHz: 880 }),
]);
const [customerBrowser, agentBrowser] = await Promise.all([launchWithFakeMedia(red), launchWithFakeMedia(blue)]);
const loadBefore = loadAverage1m();
const customerJoins: PageJoinPhases[] = [];
const floorMs: number[] = [];
try {
  for (let run = 0; run < RUNS; run++) {
    const { sessionId } = (await post('/api/v1/sessions', {})) as { sessionId: string };
    const [agent, customer] = await Promise.all([
      openPage(agentBrowser, joinPage.url),
      openPage(customerBrowser, joinPage.url),
    ]);
    await join(agent, sessionId, await token(sessionId, 'agent'));
    await agent.waitForFunction(() => performance.getEntriesByName('aircounter:join:firstRtpSent').length > 0);
    const customerToken = await token(sessionId, 'customer');
    await sleep(SETTLE_MS);
    await join(customer, sessionId, customerToken);
    customerJoins.push(await readJoinPhases(customer));
    await Promise.all([agent.close(), customer.close()]);
    await post(`/api/v1/sessions/${sessionId}/end`, {}).catch(() => undefined);
    // The floor in the same browsers, once the session's pages (and their media) are gone.
    const [sender, receiver] = await Promise.all([agentBrowser.context.newPage(), customerBrowser.context.newPage()]);
    await Promise.all([sender.goto(joinPage.url), receiver.goto(joinPage.url)]);
    floorMs.push(await directCallMs(sender, receiver, FIRST_MEDIA_POLL_MS));
    await Promise.all([sender.close(), receiver.close()]);
  }
} finally {
  await Promise.all([customerBrowser.close(), agentBrowser.close()]);
  await joinPage.close();
  await app.close();
}

const firstFrame = customerJoins.map((run) => run.phases['firstFrameDecoded'] ?? Number.NaN);
const round = (value: number): number => Math.round(value * 100) / 100;
console.log(
  JSON.stringify({
    runs: RUNS,
    joinToFirstRemoteFrameMs: summarize(firstFrame),
    phasesMsSinceJoinStart: phaseSummaries(customerJoins),
    floorMs: summarize(floorMs),
    ratioToFloor: { median: round(median(firstFrame) / median(floorMs)) },
    loadAverage1m: { before: loadBefore, after: loadAverage1m() },
    method:
      "customer's client.join() on a loaded page with camera and microphone open, the agent already sending → first decoded frame of the agent's camera (the client's aircounter:join:* User Timing); floor: two RTCPeerConnections in the same two browsers over loopback, camera open, createOffer → first decoded frame; decoded frames found by getStats polling every " +
      `${FIRST_MEDIA_POLL_MS} ms on both sides`,
  }),
);

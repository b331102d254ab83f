import { createHmac } from 'node:crypto';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTurnServer, type TestTurnServer } from '../support/coturn.ts';
import { useDemoCall } from './support/demo-call.ts';
import { remoteVideoColour, waitForRemoteVideo } from './support/page-probes.ts';

// A call behind TURN: Debian's coturn on loopback with the TURN REST scheme,
// the server configured with its URL and shared secret and a relay-only ICE
// policy, two Chromium pages that may reach the media server only through
// coturn. Then the TURN server's own check of the credentials: right ones
// allocate a relay, a wrong password and an expired username do not.

// Relay ports apart from the media server's (40000–49999) and the recorder's (50000–50999).
const RELAY_PORTS = { min: 61000, max: 61999 };

let turn: TestTurnServer | undefined;
beforeAll(async () => {
  turn = await startTurnServer(RELAY_PORTS);
});
afterAll(async () => {
  await turn?.close();
});

const call = useDemoCall({
  env: () => {
    if (!turn) throw new Error('coturn not started');
    return {
      AIR_TURN_URLS: turn.url,
      AIR_TURN_SECRET: turn.secret,
      AIR_TURN_CREDENTIAL_TTL_S: '600',
      AIR_ICE_TRANSPORT_POLICY: 'relay',
    };
  },
});

/** Keeps every RTCPeerConnection the page creates, to read its configuration and the selected candidate pair. */
function recordPeerConnections(): void {
  const Native = window.RTCPeerConnection;
  const seen: RTCPeerConnection[] = [];
  Object.assign(window, { __airPeerConnections: seen });
  window.RTCPeerConnection = class extends Native {
    constructor(configuration?: RTCConfiguration) {
      super(configuration);
      seen.push(this);
    }
  } as typeof RTCPeerConnection;
}

interface PathReport {
  readonly policy: string | undefined;
  readonly turnUrls: string[];
  readonly usernames: string[];
  /** Local candidate type of each connected transport's selected pair. */
  readonly selectedLocalTypes: string[];
}

async function mediaPaths(page: Page): Promise<PathReport[]> {
  return page.evaluate(async () => {
    const list = (window as unknown as { __airPeerConnections?: RTCPeerConnection[] }).__airPeerConnections ?? [];
    const reports: PathReport[] = [];
    for (const pc of list) {
      if (pc.connectionState !== 'connected') continue;
      const stats = await pc.getStats();
      const selectedLocalTypes: string[] = [];
      stats.forEach((report: { type: string; selectedCandidatePairId?: string }) => {
        if (report.type !== 'transport' || !report.selectedCandidatePairId) return;
        const pair = stats.get(report.selectedCandidatePairId) as { localCandidateId: string } | undefined;
        const local = pair ? (stats.get(pair.localCandidateId) as { candidateType: string } | undefined) : undefined;
        if (local) selectedLocalTypes.push(local.candidateType);
      });
      const configuration = pc.getConfiguration();
      reports.push({
        policy: configuration.iceTransportPolicy,
        turnUrls: (configuration.iceServers ?? []).flatMap((server) =>
          typeof server.urls === 'string' ? [server.urls] : server.urls,
        ),
        usernames: (configuration.iceServers ?? []).flatMap((server) => (server.username ? [server.username] : [])),
        selectedLocalTypes,
      });
    }
    return reports;
  });
}

/** Gathers relay candidates from `server` alone, as the TURN server answers them. */
async function gatherRelay(page: Page, server: RTCIceServer): Promise<{ relay: number; errors: number[] }> {
  return page.evaluate(async (iceServer) => {
    const pc = new RTCPeerConnection({ iceServers: [iceServer], iceTransportPolicy: 'relay' });
    let relay = 0;
    const errors: number[] = [];
    pc.addEventListener('icecandidate', ({ candidate }) => {
      if (candidate?.type === 'relay') relay += 1;
    });
    pc.addEventListener('icecandidateerror', (event) =>
      errors.push((event as RTCPeerConnectionIceErrorEvent).errorCode),
    );
    const complete = new Promise<void>((resolve) => {
      pc.addEventListener('icegatheringstatechange', () => {
        if (pc.iceGatheringState === 'complete') resolve();
      });
    });
    pc.createDataChannel('probe');
    await pc.setLocalDescription(await pc.createOffer());
    await Promise.race([complete, new Promise((resolve) => setTimeout(resolve, 15_000))]);
    pc.close();
    return { relay, errors };
  }, server);
}

function credentials(secret: string, username: string): RTCIceServer & { username: string; credential: string } {
  return { urls: [], username, credential: createHmac('sha1', secret).update(username).digest('base64') };
}

describe('a call through TURN only (coturn on loopback)', () => {
  it('two relay-only Chromium pages see each other, every path through the TURN server', async () => {
    await Promise.all([
      call.customer.page.addInitScript(recordPeerConnections),
      call.agent.page.addInitScript(recordPeerConnections),
    ]);
    const session = await call.demo.bank.createSession({ customerName: 'Customer Red', agentName: 'Agent Blue' });
    await Promise.all([call.customer.page.goto(session.links.customer), call.agent.page.goto(session.links.agent)]);
    await Promise.all([waitForRemoteVideo(call.customer.page), waitForRemoteVideo(call.agent.page)]);

    // The customer's remote video is the agent's blue clip, and vice versa (decoded pixels; the first
    // frames through a fresh relay path may still be blank, so wait for the picture).
    await expect
      .poll(
        async () => {
          const seen = await remoteVideoColour(call.customer.page);
          return seen.b - seen.r;
        },
        { timeout: 30_000 },
      )
      .toBeGreaterThan(60);
    await expect
      .poll(
        async () => {
          const seen = await remoteVideoColour(call.agent.page);
          return seen.r - seen.b;
        },
        { timeout: 30_000 },
      )
      .toBeGreaterThan(60);

    for (const page of [call.customer.page, call.agent.page]) {
      const paths = await mediaPaths(page);
      // A send and a receive transport, each relay-only with the TURN server from the join answer, each on a relay.
      expect(paths.length).toBeGreaterThanOrEqual(2);
      for (const path of paths) {
        expect(path.policy).toBe('relay');
        expect(path.turnUrls).toContain(turn?.url);
        // Short-lived REST credentials issued by the server for this participant: `<expiry>:<peer id>`.
        expect(path.usernames).toHaveLength(1);
        const expiry = Number(path.usernames[0]?.split(':')[0]);
        expect(expiry).toBeGreaterThan(Date.now() / 1000);
        expect(expiry).toBeLessThanOrEqual(Date.now() / 1000 + 600);
        expect(path.selectedLocalTypes).toEqual(['relay']);
      }
    }
  });

  it('the TURN server refuses a wrong password and an expired username, and accepts fresh ones', async () => {
    if (!turn) throw new Error('coturn not started');
    const page = await call.customer.context.newPage();
    const now = Math.floor(Date.now() / 1000);
    const url = turn.url;

    const fresh = credentials(turn.secret, `${now + 600}:probe`);
    expect((await gatherRelay(page, { ...fresh, urls: [url] })).relay).toBeGreaterThan(0);

    const wrong = await gatherRelay(page, {
      ...fresh,
      urls: [url],
      credential: credentials('not-the-secret', fresh.username).credential,
    });
    expect(wrong.relay).toBe(0);
    expect(wrong.errors).toContain(401);

    const expired = await gatherRelay(page, { ...credentials(turn.secret, `${now - 60}:probe`), urls: [url] });
    expect(expired.relay).toBe(0);
    expect(expired.errors).toContain(401);
    await page.close();
  });
});

import { randomUUID } from 'node:crypto';
import { SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SIGNALING_AUDIENCE } from '../../src/auth/tokens.ts';
import { joinAs } from '../helpers/peers.ts';
import { TestSignalingClient } from '../helpers/signaling-client.ts';
import { startTestServer, type TestServer } from '../helpers/test-server.ts';

// Names and consent fields that try to rearrange or hide what the agent and
// the evidence show: right-to-left overrides, NUL, ANSI escapes, CR/LF.

const HOSTILE_NAME = '\u202eAnn\u0000 \u001b[31mLee\u001b[0m\r\nagent: approved\u2066';
const CLEAN_NAME = 'Ann Lee agent: approved';

let server: TestServer;

beforeAll(async () => {
  server = await startTestServer();
});

afterAll(async () => {
  await server?.close();
});

async function evidenceOf(sessionId: string, type: string): Promise<Record<string, unknown> | undefined> {
  let data: Record<string, unknown> | undefined;
  await expect
    .poll(async () => {
      data = ((await server.app.services.evidence.readEvents(sessionId)) ?? []).find((e) => e.type === type)?.data;
      return data;
    })
    .toBeDefined();
  return data;
}

describe('free text others read', () => {
  it('cleans a display name from the bank’s REST call before the agent or the evidence sees it', async () => {
    const sessionId = await server.createSession({ reference: 'names' });
    const agent = await joinAs(server, sessionId, 'agent', 'agent-1');
    const token = await server.token(sessionId, 'customer', 'cust-1', HOSTILE_NAME);
    const customer = await TestSignalingClient.open(server.wsUrl, token);
    const { rtpCapabilities } = await customer.request('getRouterRtpCapabilities', {});
    const joined = await customer.request('join', { rtpCapabilities });
    expect(joined.self.displayName).toBe(CLEAN_NAME);
    const seen = await agent.client.waitFor('peerJoined', (d) => d.peer.peerId === 'cust-1');
    expect(seen.peer.displayName).toBe(CLEAN_NAME);
    await expect
      .poll(async () =>
        ((await server.app.services.evidence.readEvents(sessionId)) ?? [])
          .filter((e) => e.type === 'peer.joined')
          .map((e) => e.data['displayName']),
      )
      .toEqual(['agent agent-1', CLEAN_NAME]);

    // Consent fields are free text too.
    await customer.request('giveConsent', {
      consentTextVersion: 'v1\u202e',
      action: 'button:\u001b[1maccept\r\n',
      locale: 'zh-Hans\u0000',
    });
    expect(await evidenceOf(sessionId, 'consent.given')).toMatchObject({
      consentTextVersion: 'v1',
      action: 'button:accept',
      locale: 'zh-Hans',
    });
    await customer.close();
    await agent.client.close();
  });

  it('cleans a name carried by a token that did not come through the REST API, and lets the page not override it', async () => {
    const sessionId = await server.createSession({ reference: 'names-token' });
    const agent = await joinAs(server, sessionId, 'agent', 'agent-2');
    const now = Math.floor(Date.now() / 1000);
    const token = await new SignJWT({ sid: sessionId, role: 'customer', name: HOSTILE_NAME })
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .setIssuer(server.config.auth.tokenIssuer)
      .setAudience(SIGNALING_AUDIENCE)
      .setSubject('cust-2')
      .setJti(randomUUID())
      .setIssuedAt(now)
      .setExpirationTime(now + 600)
      .sign(Buffer.from(server.config.auth.tokenSecret.reveal()));
    const customer = await TestSignalingClient.open(server.wsUrl, token);
    const { rtpCapabilities } = await customer.request('getRouterRtpCapabilities', {});
    await customer.request('join', { rtpCapabilities, displayName: 'Someone Else' });
    expect((await agent.client.waitFor('peerJoined', (d) => d.peer.peerId === 'cust-2')).peer.displayName).toBe(
      CLEAN_NAME,
    );
    await customer.close();
    await agent.client.close();
  });

  it('refuses a name that is too long even once cleaned', async () => {
    const sessionId = await server.createSession({ reference: 'names-long' });
    const response = await server.api('POST', `/api/v1/sessions/${sessionId}/tokens`, {
      role: 'customer',
      peerId: 'cust-3',
      displayName: 'x'.repeat(81),
    });
    expect(response.status).toBe(400);
  });
});

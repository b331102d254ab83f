import { readFileSync } from 'node:fs';
import { fetchSigningKeys } from '@aircounter/evidence';
import type { Page } from 'playwright-core';
import { expect } from 'vitest';
import { PORTRAIT } from '../../../packages/vision/test/support/face-fixtures.ts';
import type { Demo } from './demo-call.ts';
import { staffCookie } from './staff-login.ts';

// The identity-check suites (one per customer browser) share their set-up and
// their verdict: a photo held to the camera, whatever the browser, must be
// refused by the server with a decision signed by its published key.

export type DemoSession = Awaited<ReturnType<Demo['bank']['createSession']>>;

/** A session for "Photo Attack", the portrait on file as their ID photo (uploaded by the agent, as a bank would). */
export async function sessionWithIdPhoto(demo: Demo): Promise<DemoSession> {
  const session = await demo.bank.createSession({ customerName: 'Photo Attack', agentName: 'Agent Blue' });
  const cookie = await staffCookie(demo.url, 'agent', demo.demoPassword);
  const idPhoto = await fetch(`${demo.url}/bank/api/sessions/${session.sessionId}/id-photo`, {
    method: 'PUT',
    headers: { 'content-type': 'image/jpeg', cookie },
    body: readFileSync(PORTRAIT),
  });
  expect(idPhoto.status).toBe(204);
  return session;
}

/** Waits for the identity result on the agent's console: FAILED, liveness failed, signed by the key the server publishes. */
export async function expectSignedFailure(agent: Page, demo: Demo, timeoutMs: number): Promise<void> {
  const result = agent.locator('section[aria-labelledby="identity-title"] dl');
  await result.waitFor({ timeout: timeoutMs });
  const text = (await result.textContent())?.replace(/\s+/g, ' ') ?? '';
  expect(text).toContain('FAILED');
  expect(text).toMatch(/Liveness failed/);
  const [key] = await fetchSigningKeys(demo.url);
  expect(key).toBeDefined();
  expect(text).toContain(key?.kid);
}

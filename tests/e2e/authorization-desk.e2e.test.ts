import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { SignedAuthorizationDecision } from '@aircounter/evidence';
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchWithFakeMedia, type FakeCameraBrowser } from './support/browser.ts';
import { useDemoCall } from './support/demo-call.ts';
import { fakeParticipantMedia } from './support/media-fixtures.ts';
import { waitForRemoteVideo } from './support/page-probes.ts';
import { sealedPackage } from './support/sealed-package.ts';
import { loginContext } from './support/staff-login.ts';

// Remote authorization (远程授权) in the demo bank, end to end, with three
// browsers: in the call with the customer, the agent asks for approval of a
// ¥80,000 cash withdrawal (with a still of the customer); the bank's rules
// send it to a level-2 authorizer, so it waits on the supervisor's desk. The
// supervisor opens it, joins the call (the customer sees them arrive),
// approves with a reason, and the agent's console shows it approved. Once the
// session ends, its sealed evidence package holds the signed decision and
// verifies.

/** The parts the tests reach into, in one place (the elements' documented CSS parts). */
const DESK = {
  item: '[part~="item"]',
  open: '[part~="open"]',
  join: '[part~="join"]',
  reason: 'select[name="reasonCode"]',
  comment: 'textarea[name="comment"]',
  approve: '[part~="approve"]',
  decline: '[part~="decline"]',
  result: '[part~="result"]',
} as const;
const REQUEST = {
  amount: 'input[name="amount"]',
  reason: 'input[name="reason"]',
  note: 'textarea[name="note"]',
  still: 'input[name="still"]',
  submit: '[part~="submit"]',
  request: '[part~="request"]',
  status: '[part~="status"]',
  error: '[part~="error"]',
} as const;

const call = useDemoCall();
let supervisor: FakeCameraBrowser | undefined;

beforeAll(async () => {
  supervisor = await launchWithFakeMedia(
    await fakeParticipantMedia({ name: 'supervisor', colour: 'green', toneHz: 660 }),
  );
});
afterAll(async () => {
  await supervisor?.close();
});

function supervisorBrowser(): FakeCameraBrowser {
  if (!supervisor) throw new Error('the supervisor browser did not start');
  return supervisor;
}
const supervisorPage = (): Page => supervisorBrowser().page;

/** The names the customer's page shows for the other people in the call. */
function participantNames(page: Page): Locator {
  return page.locator('air-video-session [part~="participant-name"]');
}

describe('a supervisor approves a large withdrawal from the authorization desk', () => {
  let sessionId = '';

  it('takes the request from the agent to the desk, into the call and back approved', async () => {
    const session = await call.demo.bank.createSession({ customerName: 'Customer Red', agentName: 'Agent Blue' });
    sessionId = session.sessionId;
    const customer = call.customer.page;
    const agent = call.agent.page;
    await Promise.all([customer.goto(session.links.customer), agent.goto(session.links.agent)]);
    await Promise.all([waitForRemoteVideo(customer), waitForRemoteVideo(agent)]);

    // The supervisor opens the desk after the staff login (before any request: it is offered on arrival).
    const desk = supervisorPage().locator('air-authorization-desk');
    await loginContext(supervisorBrowser().context, call.demo.url, 'supervisor', call.demo.demoPassword);
    await supervisorPage().goto(`${call.demo.url}/supervisor.html`);
    await desk.waitFor({ timeout: 20_000 });

    // The agent asks: ¥80,000 is from ¥50,000 up, so level 2 (the supervisor) decides.
    const form = agent.locator('air-authorization-request');
    await form.locator(REQUEST.amount).fill('80000');
    await form.locator(REQUEST.reason).fill('Cash withdrawal above the branch limit');
    await form.locator(REQUEST.note).fill('Customer present on camera');
    expect(await form.locator(REQUEST.still).isChecked()).toBe(true);
    await form.locator(REQUEST.submit).click();
    const requestStatus = form.locator(REQUEST.request).locator(REQUEST.status);
    await expect
      .poll(
        async () => (await requestStatus.count()) > 0 && (await requestStatus.first().getAttribute('data-status')),
        {
          timeout: 30_000,
        },
      )
      .toBe('pending');
    expect(await form.locator(REQUEST.error).count()).toBe(0);

    // The desk lists it (polled every 3 s); the supervisor opens it and joins the call.
    const item = desk.locator(DESK.item);
    await item.first().waitFor({ timeout: 30_000 });
    expect(await item.count()).toBe(1);
    expect(await item.first().textContent()).toContain('80,000');
    await item.first().locator(DESK.open).click();
    await desk.locator(DESK.join).click({ timeout: 20_000 });
    // The customer sees the supervisor arrive, and the supervisor sees the call.
    await participantNames(customer).filter({ hasText: 'Supervisor Chen' }).waitFor({ timeout: 30_000 });
    await waitForRemoteVideo(supervisorPage());

    // The vote: approve, with a reason code and a comment.
    await desk.locator(DESK.reason).selectOption('verified-in-call');
    await desk.locator(DESK.comment).fill('Saw the customer and their ID in the call.');
    await desk.locator(DESK.approve).click();
    await desk.locator(`${DESK.result}[data-decision="approve"]`).waitFor({ timeout: 20_000 });
    // The page leaves the call once the vote is in.
    await expect.poll(() => supervisorPage().locator('air-session').count(), { timeout: 20_000 }).toBe(0);

    // The agent's console shows the request approved.
    await expect.poll(() => requestStatus.first().getAttribute('data-status'), { timeout: 20_000 }).toBe('approved');

    // Ending the session is a staff action: the agent logs in, then ends it for everyone.
    await loginContext(call.agent.context, call.demo.url, 'agent', call.demo.demoPassword);
    await agent.getByRole('button', { name: 'End session for everyone' }).click();
  });

  it('seals the signed decision into the evidence package, which verifies', async () => {
    expect(sessionId).not.toBe('');
    const { dir: packageDir, report, manifest } = await sealedPackage(call.demo, sessionId);
    expect(report.problems).toEqual([]);
    expect(report.ok).toBe(true);
    const types = report.events.map((event) => event.type);
    expect(types).toContain('authorization.requested');
    expect(types).toContain('authorization.decided');
    expect(types).toContain('authorization.closed');

    const decisions = manifest.files.filter((file) => file.name.startsWith('authorization-decision-'));
    expect(decisions).toHaveLength(1);
    const signed = JSON.parse(
      readFileSync(join(packageDir, decisions[0]?.name ?? ''), 'utf8'),
    ) as SignedAuthorizationDecision;
    expect(signed.decision).toMatchObject({
      sessionId,
      decision: 'approve',
      reasonCode: 'verified-in-call',
      comment: 'Saw the customer and their ID in the call.',
      authorizer: { id: 'supervisor', displayName: 'Supervisor Chen', level: 2 },
      request: { operationType: 'cash-withdrawal', amount: 8_000_000, currency: 'CNY', level: 2, approvals: 1 },
    });
    // The customer's still went with the request.
    expect(signed.decision.attachments.map((attachment) => attachment.kind)).toEqual(['still']);
  });
});

import type { Locator, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import en from '../../packages/elements/src/translations/en.ts';
import { ensureFaceFixtures, generated } from '../../packages/vision/test/support/face-fixtures.ts';
import { expectAccessible } from './support/axe.ts';
import { useDemoCall } from './support/demo-call.ts';
import { waitForRemoteVideo } from './support/page-probes.ts';

// The customer's part of a call with the keyboard alone (Tab, Enter, Escape),
// as a person who cannot use a pointer or uses a switch device does it: agree
// to the recording, start the identity check, leave it with Escape, start it
// again, withdraw the consent after its confirmation. After each action focus
// is where each element's reference says it goes, and the page stays free of
// axe-core violations in every state passed through.

const call = useDemoCall({
  customerMedia: (agentMedia) => {
    ensureFaceFixtures();
    return { video: generated('still.y4m'), audio: agentMedia.audio };
  },
});

/** The focused element through shadow roots: its text and `part`. */
function focused(page: Page): Promise<{ text: string; part: string }> {
  return page.evaluate(() => {
    let active: Element | null = document.activeElement;
    while (active?.shadowRoot?.activeElement) active = active.shadowRoot.activeElement;
    return {
      text: active?.textContent?.replace(/\s+/g, ' ').trim() ?? '',
      part: active?.getAttribute('part') ?? '',
    };
  });
}

/** Presses Tab until the focused button says `name`, then Enter. */
async function tabTo(page: Page, name: string, limit = 80): Promise<void> {
  const seen: string[] = [];
  for (let presses = 0; presses < limit; presses += 1) {
    await page.keyboard.press('Tab');
    const now = await focused(page);
    if (now.text.includes(name)) {
      await page.keyboard.press('Enter');
      return;
    }
    seen.push(`${now.text.slice(0, 40)} [${now.part}]`);
  }
  throw new Error(
    `no focusable "${name}" within ${limit} presses of Tab; focus went to: ${[...new Set(seen)].join(' | ')}`,
  );
}

function partOf(host: Locator, part: string): Locator {
  return host.locator(`[part~="${part}"]`);
}

describe('the customer with the keyboard alone', () => {
  it('consents, starts and leaves the identity check, and withdraws the consent without a pointer', async () => {
    const session = await call.demo.bank.createSession({ customerName: 'Customer Red', agentName: 'Agent Blue' });
    const customer = call.customer.page;
    const agent = call.agent.page;
    await Promise.all([customer.goto(session.links.customer), agent.goto(session.links.agent)]);
    await Promise.all([waitForRemoteVideo(customer), waitForRemoteVideo(agent)]);
    await expectAccessible(customer, 'customer: the call, before consent');

    // Consent: the result is said in the message, which takes focus.
    const consent = customer.locator('air-recording-consent');
    await tabTo(customer, en['consent.accept']);
    await partOf(consent, 'message').filter({ hasText: en['consent.given'] }).waitFor({ timeout: 20_000 });
    await expect.poll(async () => (await focused(customer)).part, { timeout: 10_000 }).toContain('message');
    const start = agent.getByRole('button', { name: 'Start recording' });
    await expect.poll(() => start.isEnabled(), { timeout: 10_000 }).toBe(true);
    await expectAccessible(customer, 'customer: consent given');

    // The identity check: starting moves focus to Cancel; Escape leaves it wherever focus is.
    const check = customer.locator('air-liveness-check');
    await tabTo(customer, en['liveness.start']);
    await expect.poll(async () => (await focused(customer)).text, { timeout: 20_000 }).toContain(en['liveness.cancel']);
    await expectAccessible(customer, 'customer: identity check running');
    await customer.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    await customer.keyboard.press('Escape');
    await partOf(check, 'prompt').filter({ hasText: en['liveness.cancelled'] }).waitFor({ timeout: 10_000 });
    // Ended with focus on the page: the control now offers to try again.
    await tabTo(customer, en['liveness.retry']);
    await expect.poll(async () => (await focused(customer)).text, { timeout: 20_000 }).toContain(en['liveness.cancel']);
    await customer.keyboard.press('Escape');
    await partOf(check, 'prompt').filter({ hasText: en['liveness.cancelled'] }).waitFor({ timeout: 10_000 });
    // Cancelled with focus on Cancel: focus moved to the start button that replaced it.
    await expect.poll(async () => (await focused(customer)).part, { timeout: 10_000 }).toContain('control');
    await expectAccessible(customer, 'customer: identity check cancelled');

    // Withdrawing asks first (focus on "No, keep recording"); confirming says the result in the focused message.
    await tabTo(customer, en['consent.withdraw']);
    await expect
      .poll(async () => (await focused(customer)).text, { timeout: 10_000 })
      .toContain(en['consent.confirmWithdrawNo']);
    await expectAccessible(customer, 'customer: withdrawal confirmation');
    await tabTo(customer, en['consent.confirmWithdrawYes']);
    await partOf(consent, 'message').filter({ hasText: en['consent.withdrawn'] }).waitFor({ timeout: 20_000 });
    await expect.poll(async () => (await focused(customer)).part, { timeout: 10_000 }).toContain('message');
    await expect.poll(() => start.isDisabled(), { timeout: 10_000 }).toBe(true);
  });
});

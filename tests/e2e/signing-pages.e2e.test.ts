import type { Locator, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { SIGNING_TEXT } from '../../examples/demo-bank/src/shared/signing-text.ts';
import { expectAccessible } from './support/axe.ts';
import { useDemoCall } from './support/demo-call.ts';
import { LOCALE_CASES, openDemoPages, shadowButtonBoxes } from './support/demo-contexts.ts';

// The loan signing's pages, accessible in each language and in elderly mode:
// the customer reading the contract and then at the signature pad, the agent
// with the contract and the signature witness, pass axe-core's WCAG 2.2 A/AA
// rules in zh-Hans (the customer in elderly mode, 长辈版: every button of
// the viewer and the pad at least 60 px) and in English; the whole flow up to
// the pad is done with the keyboard alone on the customer's side.

const call = useDemoCall();

/** The smallest height of the visible buttons inside an element's shadow root, CSS px. */
async function smallestButton(element: Locator): Promise<number> {
  const heights = (await shadowButtonBoxes(element)).map((box) => box.height);
  // No visible button at all is a failure, not an infinitely large target.
  return heights.length === 0 ? 0 : Math.min(...heights);
}

/** Presses Tab until the focused button (through shadow roots) says this (beside its icon); then Enter. */
async function tabTo(page: Page, name: string, limit = 80): Promise<void> {
  for (let presses = 0; presses < limit; presses += 1) {
    await page.keyboard.press('Tab');
    const focused = await page.evaluate(() => {
      let active: Element | null = document.activeElement;
      while (active?.shadowRoot?.activeElement) active = active.shadowRoot.activeElement;
      return active instanceof HTMLButtonElement ? (active.textContent?.replace(/\s+/g, ' ').trim() ?? '') : '';
    });
    if (focused.includes(name)) {
      await page.keyboard.press('Enter');
      return;
    }
  }
  throw new Error(`no focusable "${name}" within ${limit} presses of Tab`);
}

describe('loan signing pages, localized and accessible', () => {
  for (const { language, locale, elements, elderly } of LOCALE_CASES) {
    it(`customer and agent in a ${locale} browser${elderly ? ', the customer in elderly mode' : ''}`, async () => {
      const text = SIGNING_TEXT[language];
      const session = await call.demo.bank.createSession({
        customerName: 'Customer Red',
        agentName: 'Agent Blue',
        signingLocale: language,
      });
      const pages = await openDemoPages(call, session.links, { language, locale, elderly });
      try {
        const { customer, agent } = pages;

        // Reading: the contract on both sides, the witness waiting on the agent's.
        const viewer = customer.locator('air-document-viewer');
        await viewer.locator('[part~="short-code"]').waitFor({ timeout: 30_000 });
        await customer.getByRole('heading', { name: text.customerTitle }).waitFor();
        await agent.locator('air-signature-witness [part~="status"]').waitFor({ timeout: 30_000 });
        await expectAccessible(customer, `${language}: customer reading the contract`);
        await expectAccessible(agent, `${language}: agent with the contract and the witness`);
        if (elderly) expect(await smallestButton(viewer)).toBeGreaterThanOrEqual(60);

        // With the keyboard alone: the customer turns to the last page and agrees.
        await tabTo(customer, elements['documentViewer.next']);
        await expect.poll(() => viewer.getAttribute('page'), { timeout: 20_000 }).toBe('2');
        const agree = viewer.locator('[part~="agree"]');
        await expect.poll(() => agree.isEnabled(), { timeout: 20_000 }).toBe(true);
        await tabTo(customer, elements['documentViewer.agree']);
        await viewer.locator('[part~="agreed"]').waitFor({ timeout: 20_000 });
        // Focus went to the confirmation, not to the page.
        expect(await viewer.evaluate((host) => host.shadowRoot?.activeElement?.getAttribute('part') ?? 'none')).toBe(
          'agreed',
        );

        // The pad, waiting for the recording: accessible, large in elderly mode.
        const pad = customer.locator('air-signature-pad');
        await pad.waitFor({ timeout: 20_000 });
        await customer.getByText(text.waitRecording).waitFor();
        await expectAccessible(customer, `${language}: customer at the signature pad`);
        if (elderly) expect(await smallestButton(pad)).toBeGreaterThanOrEqual(60);
      } finally {
        await pages.close();
      }
    });
  }
});

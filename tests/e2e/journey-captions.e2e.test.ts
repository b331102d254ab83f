import type { Locator } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { expectAccessible } from './support/axe.ts';
import { useDemoCall } from './support/demo-call.ts';
import { LOCALE_CASES, openJourneyPages, shadowButtonBoxes } from './support/demo-contexts.ts';

// The demo bank's journey pages with live captions: the customer's page and
// the agent's console pass axe-core's WCAG 2.2 A/AA rules in each state
// (waiting for the first step, a step open with its caption, the step done,
// captions turned off), in zh-Hans with the customer in elderly mode (长辈版)
// and in English; the caption under the customer's call appears when the
// agent opens a step, with the step's text in the script's language.

const call = useDemoCall();

/** The smaller side of an element's visible shadow-root buttons, CSS px (0 when none is visible). */
async function smallestButton(element: Locator): Promise<number> {
  const sides = (await shadowButtonBoxes(element)).map((box) => Math.min(box.width, box.height));
  return sides.length === 0 ? 0 : Math.min(...sides);
}

describe('journey pages with live captions, localized and accessible', () => {
  for (const { language, locale, elements, elderly } of LOCALE_CASES) {
    it(`customer and agent in a ${locale} browser${elderly ? ', the customer in elderly mode' : ''}`, async () => {
      const pages = await openJourneyPages(call, { language, locale, elderly });
      try {
        const { customer, agent } = pages;

        const journey = customer.locator('air-journey');
        const prompter = agent.locator('air-script-prompter');
        const captions = customer.locator('air-captions');
        const cue = captions.locator('[part~="cue"]');
        const toggle = captions.locator('[part~="toggle"]');

        // Waiting for the agent to open the first step: no caption yet.
        await journey.waitFor({ timeout: 20_000 });
        await captions.waitFor({ timeout: 20_000 });
        await prompter.locator('[part~="heading"]').filter({ hasText: '录音录像授权' }).waitFor({ timeout: 20_000 });
        expect(await cue.count()).toBe(0);
        expect(await toggle.getAttribute('aria-checked')).toBe('true');
        await expectAccessible(customer, `${language}: customer waiting for the first step`);
        await expectAccessible(agent, `${language}: agent before the first step`);

        // The agent opens the consent step: its title and text appear as a caption, in the script's language.
        await prompter.getByRole('button', { name: elements['prompter.next'], exact: true }).click({ timeout: 30_000 });
        await cue.first().waitFor({ timeout: 20_000 });
        expect(await cue.first().innerText()).toContain('录音录像授权');
        expect(await cue.first().innerText()).toContain('本人同意本次销售过程全程录音录像');
        expect(await cue.first().getAttribute('lang')).toBe('zh-Hans');
        expect(await captions.locator('[part~="announcer"]').textContent()).toContain('录音录像授权');
        if (elderly) {
          expect(
            await cue.first().evaluate((node) => parseFloat(getComputedStyle(node).fontSize)),
          ).toBeGreaterThanOrEqual(20);
          expect(await smallestButton(captions)).toBeGreaterThanOrEqual(60);
          expect(await smallestButton(journey)).toBeGreaterThanOrEqual(60);
        }
        await expectAccessible(customer, `${language}: customer with the consent step and its caption`);
        await expectAccessible(agent, `${language}: agent with the consent step open`);

        // The customer agrees: the step shows as done and its caption stays until the next step.
        await journey.getByRole('button', { name: elements['journey.consent.accept'], exact: true }).click();
        await expect
          .poll(() => journey.locator('[part~="card"]').getAttribute('data-state'), { timeout: 20_000 })
          .toBe('completed');
        await expectAccessible(customer, `${language}: customer after the consent step`);
        await expectAccessible(agent, `${language}: agent after the consent step`);

        // Captions off: hidden, and still off on this device after a reload.
        await toggle.click();
        expect(await cue.count()).toBe(0);
        expect(await customer.evaluate(() => localStorage.getItem('air-captions'))).toBe('off');
        await expectAccessible(customer, `${language}: customer with captions off`);
        await customer.reload();
        await captions.waitFor({ timeout: 30_000 });
        await expect.poll(() => toggle.getAttribute('aria-checked'), { timeout: 20_000 }).toBe('false');
        expect(await cue.count()).toBe(0);
      } finally {
        await pages.close();
      }
    });
  }
});

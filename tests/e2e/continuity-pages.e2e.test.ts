import type { BrowserContext } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { AGENT_TEXT } from '../../examples/demo-bank/src/shared/agent-text.ts';
import { COMPLIANCE_TEXT } from '../../examples/demo-bank/src/shared/compliance-text.ts';
import en from '../../packages/elements/src/translations/en.ts';
import zhHans from '../../packages/elements/src/translations/zh-Hans.ts';
import { expectAccessible } from './support/axe.ts';
import { useDemoCall } from './support/demo-call.ts';
import { allowMedia, denyMedia } from './support/demo-contexts.ts';
import { partText, waitForRemoteVideo } from './support/page-probes.ts';
import { loginContext } from './support/staff-login.ts';

// The staff pages in the staff member's language, and the failure journeys
// accessible in each language: the agent console and the compliance portal
// follow the browser (zh-Hans, en) and switch at will, word typed errors
// plainly and keep their controls in step with the session; the customer's
// camera-denied, decline and hang-up journeys and the agent's view of them
// pass axe-core's WCAG 2.2 A/AA rules in zh-Hans and in English.

const call = useDemoCall();
/** Sessions the agent tests ended (never recorded): the portal lists them once sealed. */
const endedSessions: string[] = [];

const LANGUAGES = [
  { language: 'zh-Hans', locale: 'zh-CN', elements: zhHans },
  { language: 'en', locale: 'en-US', elements: en },
] as const;

async function newContext(side: 'customer' | 'agent', locale: string): Promise<BrowserContext> {
  return call[side].browser.newContext({ locale, permissions: ['camera', 'microphone'] });
}

describe('staff pages and failure journeys, localized and accessible', () => {
  for (const { language, locale, elements } of LANGUAGES) {
    it(`agent console and customer failure journeys in a ${locale} browser`, async () => {
      const agentText = AGENT_TEXT[language];
      const session = await call.demo.bank.createSession({ customerName: 'Customer Red', agentName: 'Agent Blue' });
      const [customerContext, agentContext] = await Promise.all([
        newContext('customer', locale),
        newContext('agent', locale),
      ]);
      try {
        // The customer's browser refuses the camera until the test lets it through.
        await denyMedia(customerContext);
        const [customer, agent] = await Promise.all([customerContext.newPage(), agentContext.newPage()]);
        await Promise.all([customer.goto(session.links.customer), agent.goto(session.links.agent)]);

        // The agent console follows the browser's language: its own texts, the elements' and `lang`.
        await agent.getByRole('heading', { level: 1, name: agentText.title }).waitFor();
        expect(await agent.evaluate(() => document.documentElement.lang)).toBe(language);
        expect(await agent.title()).toBe(agentText.title);
        await agent.getByRole('heading', { name: agentText.recordingTitle }).waitFor();
        const start = agent.locator('air-recording-status').getByRole('button', { name: elements['recording.start'] });
        await start.waitFor({ timeout: 30_000 });
        expect(await start.isDisabled()).toBe(true); // no consent yet

        // Camera denied: guidance in the customer's language, accessible; the agent's console too.
        await customer.locator('air-device-help [part~="title"]').waitFor({ timeout: 20_000 });
        expect(await customer.evaluate(() => document.documentElement.lang)).toBe(language);
        await expectAccessible(customer, `${language}: customer, camera denied`);
        await expectAccessible(agent, `${language}: agent, waiting for the customer`);

        // Allowed, retried: the call connects; the customer declines the recording.
        await allowMedia(customer);
        await customer.locator('air-device-help [part~="retry"]').click();
        await Promise.all([waitForRemoteVideo(customer), waitForRemoteVideo(agent)]);
        await customer.locator('air-recording-consent [part~="decline"]').click();
        await customer.locator('air-recording-consent [part~="message"]').waitFor({ timeout: 10_000 });
        await agent
          .locator('air-recording-status [part~="consent"]')
          .filter({ hasText: elements['recording.consent.declined'] })
          .waitFor({ timeout: 10_000 });
        expect(await start.isDisabled()).toBe(true);
        await expectAccessible(customer, `${language}: customer, declined`);
        await expectAccessible(agent, `${language}: agent, customer declined`);

        // An accidental hang-up asks first; the ended view offers a rejoin.
        await customer.locator('air-video-session [part~="hang-up"]').click();
        await customer.locator('air-video-session [part~="hang-up-confirm"]').waitFor();
        await expectAccessible(customer, `${language}: customer, hang-up confirmation`);
        await customer.locator('air-video-session [part~="confirm-hang-up"]').click();
        await customer.locator('air-video-session [part~="ended"]').waitFor({ timeout: 10_000 });
        await expectAccessible(customer, `${language}: customer, left the call`);

        // The agent's language switch re-words the page and sets `lang`.
        const other = language === 'en' ? 'zh-Hans' : 'en';
        await agent.getByRole('combobox', { name: agentText.language }).selectOption(other);
        await agent.getByRole('heading', { level: 1, name: AGENT_TEXT[other].title }).waitFor();
        expect(await agent.evaluate(() => document.documentElement.lang)).toBe(other);
        await agent.getByRole('combobox', { name: AGENT_TEXT[other].language }).selectOption(language);
        await agent.getByRole('heading', { level: 1, name: agentText.title }).waitFor();

        // The bank ends the session: no control stays on that would act on it.
        await loginContext(agentContext, call.demo.url, 'agent', call.demo.demoPassword);
        const end = agent.getByRole('button', { name: agentText.endSession });
        await end.click();
        endedSessions.push(session.sessionId);
        await expect.poll(() => end.isDisabled(), { timeout: 20_000 }).toBe(true);
        expect(await partText(agent, 'air-recording-status', 'badge')).toBe(elements['recording.sessionOver']);
        expect(await agent.locator('air-recording-status [part~="toggle"]').isDisabled()).toBe(true);
        await expectAccessible(agent, `${language}: agent, session ended`);

        // Opening the ended session again: the typed error in plain words, with a way to retry.
        await agent.goto('about:blank');
        await agent.goto(session.links.agent);
        const alert = agent.locator('[role="alert"][data-code]');
        await alert.waitFor({ timeout: 30_000 });
        const code = (await alert.getAttribute('data-code')) ?? '';
        const words = elements[`error.${code}` as keyof typeof elements];
        expect(words, `a text for ${code}`).toBeDefined();
        expect(await alert.textContent()).toBe(agentText.joinFailed.replace('{reason}', words));
        await agent.getByRole('button', { name: agentText.tryAgain }).waitFor();
        await expectAccessible(agent, `${language}: agent, cannot join`);
      } finally {
        await Promise.all([customerContext.close(), agentContext.close()]);
      }
    });

    it(`compliance portal in a ${locale} browser`, async () => {
      const text = COMPLIANCE_TEXT[language];
      const { evidence } = call.demo.air.services;
      expect(endedSessions.length).toBeGreaterThan(0);
      for (const sessionId of endedSessions) {
        await expect.poll(() => evidence.store.isSealed(sessionId), { timeout: 30_000 }).toBe(true);
      }
      const context = await newContext('agent', locale);
      try {
        await loginContext(context, call.demo.url, 'compliance', call.demo.demoPassword);
        const page = await context.newPage();
        await page.goto(`${call.demo.url}/compliance.html`);
        await page.getByRole('heading', { level: 1, name: text.title }).waitFor();
        expect(await page.evaluate(() => document.documentElement.lang)).toBe(language);
        // The sessions of the agent tests ended without a recording.
        await page.locator('td[data-status="not-recorded"]').first().waitFor({ timeout: 30_000 });
        expect(await page.locator('td[data-status="not-recorded"]').first().textContent()).toContain(
          text['status.not-recorded'],
        );
        await page.getByRole('button', { name: text.refresh }).waitFor();
        await expectAccessible(page, `${language}: compliance portal`);
      } finally {
        await context.close();
      }
    });
  }
});

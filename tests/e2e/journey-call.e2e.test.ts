import type { Locator } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { PRODUCT_TERMS_SHA256 } from '../../examples/demo-bank/src/journeys/wealth-sale.ts';
import { JOURNEY_TEXT } from '../../examples/demo-bank/src/shared/journey-text.ts';
import { SIGNING_TEXT } from '../../examples/demo-bank/src/shared/signing-text.ts';
import { expectAccessible } from './support/axe.ts';
import { useDemoCall } from './support/demo-call.ts';
import { LOCALE_CASES, openJourneyPages, shadowButtonBoxes } from './support/demo-contexts.ts';

// A scripted 双录 journey in the demo bank, end to end: the bank opens a
// session that runs its wealth-sale script (texts in zh-Hans) with the product
// terms to read; the customer agrees on the consent step, the agent records
// and opens the following steps from the prompter, skips the optional identity
// check with a reason, the customer acknowledges the risk disclosure, answers
// the risk assessment and the confirmation question, reads the product terms
// ("I have read and agree"), acknowledges the cooling-off notice, and the
// agent attests the last step with a reason. Both pages show each step as the
// server holds it and pass axe-core with each kind of step open — once with
// both browsers in English, once in Chinese (zh-CN) with the customer in
// elderly mode (长辈版, its journey buttons at least 60 px) — and the evidence
// chain holds every journey.step.* entry in order.

const call = useDemoCall();

/** The smaller side of an element's visible shadow-root buttons, CSS px (null when none is visible). */
async function smallestButton(element: Locator): Promise<number | null> {
  const sides = (await shadowButtonBoxes(element)).map((box) => Math.min(box.width, box.height));
  return sides.length === 0 ? null : Math.min(...sides);
}

describe('the demo bank runs a scripted 双录 journey', () => {
  // English first, then Chinese with the customer in elderly mode.
  for (const { language, locale, elements: terms, elderly } of [...LOCALE_CASES].reverse()) {
    it(`takes the customer and the agent from consent to the end of the script (${locale}${elderly ? ', the customer in elderly mode' : ''})`, async () => {
      const pages = await openJourneyPages(call, { language, locale, elderly });
      try {
        const { customer, agent } = pages;
        /** An element's text as a button's name, without the ellipsis that says a dialog follows. */
        const named = (text: string): string => text.replace(/…$/, '');

        const journey = customer.locator('air-journey');
        const prompter = agent.locator('air-script-prompter');
        const heading = journey.locator('[part~="heading"]');
        const nextStep = prompter.getByRole('button', { name: terms['prompter.next'], exact: true });
        /** Every kind of step, as each side sees it open, passes axe (WCAG 2.2 A/AA, shadow roots included). */
        const accessible = async (state: string): Promise<void> => {
          await expectAccessible(customer, `${language}: customer ${state}`);
          await expectAccessible(agent, `${language}: agent ${state}`);
          // A step the agent reads out shows the customer no button.
          const smallest = elderly ? await smallestButton(journey) : null;
          if (smallest !== null) expect(smallest, `journey buttons ${state}`).toBeGreaterThanOrEqual(60);
        };
        /** The agent opens the step the prompter shows (offered once the session is recorded as the step needs). */
        const openStep = async (title: string): Promise<void> => {
          await prompter.locator('[part~="heading"]').filter({ hasText: title }).waitFor({ timeout: 20_000 });
          await nextStep.click({ timeout: 30_000 });
          await heading.filter({ hasText: title }).waitFor({ timeout: 20_000 });
          await accessible(`with the step ${title} open`);
        };

        // The journey's consent step takes the place of the demo's own consent.
        await journey.waitFor({ timeout: 20_000 });
        expect(await customer.locator('air-recording-consent').count()).toBe(0);
        await openStep('录音录像授权');
        expect(await journey.locator('[part~="text"]').textContent()).toContain('本人同意本次销售过程全程录音录像');
        // The journey's texts are in its own language: marked as such on an English page, inherited on a Chinese one.
        expect(await heading.getAttribute('lang')).toBe(language === 'zh-Hans' ? null : 'zh-Hans');
        await journey.getByRole('button', { name: terms['journey.consent.accept'], exact: true }).click();

        // The consent step gave the recording consent: the agent may record now.
        const startRecording = agent.getByRole('button', { name: terms['recording.start'] });
        await expect.poll(() => startRecording.isEnabled(), { timeout: 20_000 }).toBe(true);
        // As in every session, the customer may withdraw the consent at any time.
        await customer.getByRole('button', { name: terms['consent.withdraw'] }).waitFor({ timeout: 20_000 });
        await startRecording.click();
        await agent.getByText(terms['recording.state.active']).waitFor({ timeout: 20_000 });

        // The agent's own statement: read from the prompter, then done.
        await openStep('开场介绍');
        expect(await journey.locator('[part~="hint"]').textContent()).toContain(terms['journey.agent.listen']);
        expect(await prompter.locator('[part~="script"]').textContent()).toContain('我是示例银行的持证理财经理');
        await prompter.getByRole('button', { name: terms['prompter.done'], exact: true }).click();

        // The optional identity check: the demo has no ID photo for this customer, so the agent skips it, saying why.
        await prompter.locator('[part~="heading"]').filter({ hasText: '身份核验' }).waitFor({ timeout: 20_000 });
        expect(await prompter.locator('[part~="optional"]').count()).toBe(1);
        await prompter.getByRole('button', { name: named(terms['prompter.skip']) }).click();
        // A reason is required: an empty one is not sent.
        const skipSubmit = prompter.getByRole('button', { name: terms['prompter.skipSubmit'] });
        await skipSubmit.click();
        await prompter.getByText(terms['prompter.reasonRequired']).waitFor({ timeout: 10_000 });
        await expectAccessible(agent, `${language}: agent asked for the reason of a skip`);
        await prompter.getByLabel(terms['prompter.reason']).fill('No ID photo on file for this customer.');
        await skipSubmit.click();

        // The risk disclosure: the customer confirms after its minimum reading time (5 s from when it opened).
        await openStep('风险揭示');
        expect(await prompter.locator('[part~="customer"]').getAttribute('data-progress')).toBe('waiting');
        await customer.waitForTimeout(5_000);
        // Still open (a recording gap would have interrupted it, and the card would say so).
        expect(await journey.locator('[part~="card"]').getAttribute('data-state')).toBe('active');
        await journey.getByRole('button', { name: terms['journey.disclosure.acknowledge'] }).click();

        // The risk assessment, one question per screen; these answers suit the R4 product.
        await openStep('风险评测');
        const questionnaire = journey.locator('air-risk-questionnaire');
        const nextQuestion = questionnaire.getByRole('button', { name: terms['questionnaire.next'], exact: true });
        await questionnaire.getByText('3年以上').click();
        await expectAccessible(customer, `${language}: customer answering the risk assessment`);
        await nextQuestion.click();
        await questionnaire.getByText('10%以上').click();
        await nextQuestion.click();
        await questionnaire.getByRole('button', { name: terms['questionnaire.submit'] }).click();

        // The confirmation question: "No" is recorded and the agent is told; "Yes" completes it.
        await openStep('确认');
        await journey.getByRole('button', { name: '否', exact: true }).click();
        await prompter.locator('[part~="customer"]').filter({ hasText: '否' }).waitFor({ timeout: 20_000 });
        await journey.getByRole('button', { name: '是', exact: true }).click();
        // The prompter moves on to the product terms, which are mandatory.
        await prompter.locator('[part~="heading"]').filter({ hasText: '产品说明书' }).waitFor({ timeout: 20_000 });
        expect(await prompter.locator('[part~="mandatory"]').count()).toBe(1);
        expect(await heading.textContent()).toContain('确认');
        // The customer's page hears of the change on its own connection, maybe after the agent's.
        await expect
          .poll(() => journey.locator('[part~="card"]').getAttribute('data-state'), { timeout: 20_000 })
          .toBe('completed');

        // The product terms, in the script's language and to read only: every page, then "I have read and agree".
        await openStep('产品说明书');
        const viewer = customer.locator('air-document-viewer');
        await viewer.locator('[part~="short-code"]').waitFor({ timeout: 30_000 });
        await expect
          .poll(() => viewer.evaluate((element) => element.shadowRoot?.textContent ?? ''), { timeout: 20_000 })
          .toContain('示例成长混合型基金');
        expect(await customer.locator('air-signature-pad').count()).toBe(0);
        await viewer.locator('[part~="next"]').click();
        const agree = viewer.locator('[part~="agree"]');
        await expect.poll(() => agree.isEnabled(), { timeout: 20_000 }).toBe(true);
        await expectAccessible(customer, `${language}: customer on the last page of the product terms`);
        await agree.click();
        await customer.getByText(SIGNING_TEXT[language].readDone).waitFor({ timeout: 20_000 });
        // Still no signature pad: the document takes none.
        expect(await customer.locator('air-signature-pad').count()).toBe(0);
        await journey.getByRole('button', { name: terms['journey.document.continue'], exact: true }).click();
        // The prompter moves on to the optional cooling-off notice.
        await prompter.locator('[part~="heading"]').filter({ hasText: '冷静期' }).waitFor({ timeout: 20_000 });
        expect(await prompter.locator('[part~="optional"]').count()).toBe(1);

        // The cooling-off notice, then the agent's attestation with a written reason: the script is complete.
        await openStep('冷静期');
        await journey.getByRole('button', { name: terms['journey.notice.acknowledge'], exact: true }).click();
        await openStep('抄录风险语句');
        await prompter.getByRole('button', { name: named(terms['prompter.attest']) }).click();
        await prompter.getByLabel(terms['prompter.reason']).fill('The customer copied the sentence on camera.');
        await prompter.getByRole('button', { name: terms['prompter.attestSubmit'] }).click();
        await journey.getByText(terms['journey.ended.complete']).waitFor({ timeout: 20_000 });
        await agent.getByText(JOURNEY_TEXT[language].complete).waitFor({ timeout: 20_000 });
        expect(await prompter.count()).toBe(0);
        await accessible('with every step done');

        // The evidence: every journey step entry, in order, after the journey started; consent given with the step.
        const readEvents = async () => (await call.demo.air.services.evidence.readEvents(pages.sessionId)) ?? [];
        const stepEntries = async () =>
          (await readEvents())
            .filter((event) => event.type.startsWith('journey.step.'))
            .map((event) => `${event.type.slice('journey.step.'.length)} ${String(event.data['stepId'])}`);
        await expect
          .poll(stepEntries, { timeout: 10_000 })
          .toEqual([
            'started consent',
            'completed consent',
            'started introduction',
            'completed introduction',
            'skipped identity',
            'started risk-disclosure',
            'completed risk-disclosure',
            'started risk-assessment',
            'completed risk-assessment',
            'started understood',
            'answered understood',
            'completed understood',
            'started product-terms',
            'completed product-terms',
            'started cooling-off',
            'completed cooling-off',
            'started handwritten-sentence',
            'completed handwritten-sentence',
          ]);
        const events = await readEvents();
        const types = events.map((event) => event.type);
        expect(types.indexOf('journey.started')).toBeGreaterThanOrEqual(0);
        expect(types.indexOf('journey.started')).toBeLessThan(types.indexOf('journey.step.started'));
        const consentCompleted = events.findIndex(
          (event) => event.type === 'journey.step.completed' && event.data['stepId'] === 'consent',
        );
        const consentGiven = events.findIndex((event) => event.type === 'consent.given');
        expect(consentGiven).toBeGreaterThan(consentCompleted);
        expect(events[consentGiven]?.data['consentTextVersion']).toBe('2026-01');
        const completed = events.filter((event) => event.type === 'journey.step.completed');
        expect(completed.map((event) => event.data['confirmation'])).toEqual([
          'tap',
          'agent',
          'tap',
          'tap',
          'tap',
          'tap',
          'tap',
          'attestation',
        ]);
        const skipped = events.find((event) => event.type === 'journey.step.skipped');
        expect(skipped?.data).toMatchObject({
          stepId: 'identity',
          by: 'agent',
          reason: 'No ID photo on file for this customer.',
        });
        // The document step completed after the customer confirmed reading the very file it names.
        const read = events.findIndex(
          (event) => event.type === 'signing.document.read-confirmed' && event.data['documentId'] === 'product-terms',
        );
        const termsCompleted = events.findIndex(
          (event) => event.type === 'journey.step.completed' && event.data['stepId'] === 'product-terms',
        );
        expect(read).toBeGreaterThanOrEqual(0);
        expect(read).toBeLessThan(termsCompleted);
        expect(events[read]?.data['sha256']).toBe(PRODUCT_TERMS_SHA256['zh-Hans']);
        expect(completed.at(-1)?.data['reason']).toBe('The customer copied the sentence on camera.');
        expect(types.indexOf('journey.completed')).toBeGreaterThan(types.lastIndexOf('journey.step.completed'));
      } finally {
        await pages.close();
      }
    });
  }
});

import { describe, expect, it } from 'vitest';
import { PRODUCT_TERMS_SHA256 } from '../../examples/demo-bank/src/journeys/wealth-sale.ts';
import { useDemoCall } from './support/demo-call.ts';
import { waitForRemoteVideo } from './support/page-probes.ts';

// A scripted 双录 journey in the demo bank, end to end: the bank opens a
// session that runs its wealth-sale script (texts in zh-Hans, the pages in
// English) with the product terms to read; the customer agrees on the
// consent step, the agent records and opens the following steps from the
// prompter, skips the optional identity check with a reason, the customer
// acknowledges the risk disclosure, answers the risk assessment and the
// confirmation question, reads the product terms ("I have read and agree"),
// acknowledges the cooling-off notice, and the agent attests the last step
// with a reason. Both pages show each step as the server holds it, and the
// evidence chain holds every journey.step.* entry in order.

const call = useDemoCall();

describe('the demo bank runs a scripted 双录 journey', () => {
  it('takes the customer and the agent from consent to the end of the script', async () => {
    const session = await call.demo.bank.createSession({
      customerName: 'Customer Red',
      agentName: 'Agent Blue',
      journeyLocale: 'zh-Hans',
    });
    const customer = call.customer.page;
    const agent = call.agent.page;
    await Promise.all([customer.goto(session.links.customer), agent.goto(session.links.agent)]);
    await Promise.all([waitForRemoteVideo(customer), waitForRemoteVideo(agent)]);

    const journey = customer.locator('air-journey');
    const prompter = agent.locator('air-script-prompter');
    const heading = journey.locator('[part~="heading"]');
    const nextStep = prompter.getByRole('button', { name: 'Next step', exact: true });
    /** The agent opens the step the prompter shows (offered once the session is recorded as the step needs). */
    const openStep = async (title: string): Promise<void> => {
      await prompter.locator('[part~="heading"]').filter({ hasText: title }).waitFor({ timeout: 20_000 });
      await nextStep.click({ timeout: 30_000 });
      await heading.filter({ hasText: title }).waitFor({ timeout: 20_000 });
    };

    // The journey's consent step takes the place of the demo's own consent.
    await journey.waitFor({ timeout: 20_000 });
    expect(await customer.locator('air-recording-consent').count()).toBe(0);
    await openStep('录音录像授权');
    expect(await journey.locator('[part~="text"]').textContent()).toContain('本人同意本次销售过程全程录音录像');
    // The journey's texts are in its own language, marked as such on an English page.
    expect(await heading.getAttribute('lang')).toBe('zh-Hans');
    await journey.getByRole('button', { name: 'I agree', exact: true }).click();

    // The consent step gave the recording consent: the agent may record now.
    const startRecording = agent.getByRole('button', { name: 'Start recording' });
    await expect.poll(() => startRecording.isEnabled(), { timeout: 20_000 }).toBe(true);
    // As in every session, the customer may withdraw the consent at any time.
    await customer.getByRole('button', { name: 'Withdraw my consent' }).waitFor({ timeout: 20_000 });
    await startRecording.click();
    await agent.getByText('● Recording').waitFor({ timeout: 20_000 });

    // The agent's own statement: read from the prompter, then done.
    await openStep('开场介绍');
    expect(await journey.locator('[part~="hint"]').textContent()).toContain('Your advisor is reading this to you');
    expect(await prompter.locator('[part~="script"]').textContent()).toContain('我是示例银行的持证理财经理');
    await prompter.getByRole('button', { name: 'Done', exact: true }).click();

    // The optional identity check: the demo has no ID photo for this customer, so the agent skips it, saying why.
    await prompter.locator('[part~="heading"]').filter({ hasText: '身份核验' }).waitFor({ timeout: 20_000 });
    expect(await prompter.locator('[part~="optional"]').count()).toBe(1);
    await prompter.getByRole('button', { name: 'Skip this step' }).click();
    // A reason is required: an empty one is not sent.
    await prompter.getByRole('button', { name: 'Skip with this reason' }).click();
    await prompter.getByText('Please write a reason.').waitFor({ timeout: 10_000 });
    await prompter.getByLabel('Reason').fill('No ID photo on file for this customer.');
    await prompter.getByRole('button', { name: 'Skip with this reason' }).click();

    // The risk disclosure: the customer confirms after its minimum reading time (5 s from when it opened).
    await openStep('风险揭示');
    expect(await prompter.locator('[part~="customer"]').getAttribute('data-progress')).toBe('waiting');
    await customer.waitForTimeout(5_000);
    // Still open (a recording gap would have interrupted it, and the card would say so).
    expect(await journey.locator('[part~="card"]').getAttribute('data-state')).toBe('active');
    await journey.getByRole('button', { name: 'I have read and understood' }).click();

    // The risk assessment, one question per screen; these answers suit the R4 product.
    await openStep('风险评测');
    const questionnaire = journey.locator('air-risk-questionnaire');
    await questionnaire.getByText('3年以上').click();
    await questionnaire.getByRole('button', { name: 'Next', exact: true }).click();
    await questionnaire.getByText('10%以上').click();
    await questionnaire.getByRole('button', { name: 'Next', exact: true }).click();
    await questionnaire.getByRole('button', { name: 'Submit my answers' }).click();

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
    await agree.click();
    await customer.getByText('Thank you: you confirmed having read it.').waitFor({ timeout: 20_000 });
    // Still no signature pad: the document takes none.
    expect(await customer.locator('air-signature-pad').count()).toBe(0);
    await journey.getByRole('button', { name: 'Continue', exact: true }).click();
    // The prompter moves on to the optional cooling-off notice.
    await prompter.locator('[part~="heading"]').filter({ hasText: '冷静期' }).waitFor({ timeout: 20_000 });
    expect(await prompter.locator('[part~="optional"]').count()).toBe(1);

    // The cooling-off notice, then the agent's attestation with a written reason: the script is complete.
    await openStep('冷静期');
    await journey.getByRole('button', { name: 'I understand', exact: true }).click();
    await openStep('抄录风险语句');
    await prompter.getByRole('button', { name: 'Attest this step' }).click();
    await prompter.getByLabel('Reason').fill('The customer copied the sentence on camera.');
    await prompter.getByRole('button', { name: 'Attest with this reason' }).click();
    await journey.getByText('All steps are done. Thank you.').waitFor({ timeout: 20_000 });
    await agent.getByText('Every step of the script is done.').waitFor({ timeout: 20_000 });
    expect(await prompter.count()).toBe(0);

    // The evidence: every journey step entry, in order, after the journey started; consent given with the step.
    const readEvents = async () => (await call.demo.air.services.evidence.readEvents(session.sessionId)) ?? [];
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
  });
});

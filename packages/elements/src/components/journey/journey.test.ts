import { sendKeys } from '@web/test-runner-commands';
import { expect } from 'chai';
import { html } from 'lit';
import { expectAccessible } from '../../../test/utils/a11y.ts';
import { collect, fixture, settle, until } from '../../../test/utils/dom.ts';
import { journeyView, STEP_KINDS, stepView } from '../../../test/utils/journey-views.ts';
import { fontSize, smallestTarget } from '../../../test/utils/measure.ts';
import '../../define/air-journey.ts';
import type { AirJourney } from './journey.component.ts';
import type { JourneyView } from './journey-view.ts';

async function render(
  view: JourneyView | undefined,
  options: { elderly?: boolean; lang?: string } = {},
): Promise<AirJourney> {
  if (options.lang) document.documentElement.lang = options.lang;
  const element = await fixture<AirJourney>(
    html`<air-journey .view=${view} ?elderly=${options.elderly ?? false}></air-journey>`,
  );
  await element.updateComplete;
  await settle(element);
  return element;
}

async function show(element: AirJourney, view: JourneyView): Promise<void> {
  element.view = view;
  await settle(element);
}

const root = (element: AirJourney): ShadowRoot => {
  if (!element.shadowRoot) throw new Error('no shadow root');
  return element.shadowRoot;
};
const part = (element: AirJourney, name: string): HTMLElement => {
  const found = root(element).querySelector<HTMLElement>(`[part~="${name}"]`);
  if (!found) throw new Error(`no part ${name}`);
  return found;
};
const has = (element: AirJourney, name: string): boolean => root(element).querySelector(`[part~="${name}"]`) !== null;
const text = (node: Element): string => node.textContent?.replace(/\s+/g, ' ').trim() ?? '';
const action = (element: AirJourney, name: string): HTMLButtonElement => {
  const found = root(element).querySelector<HTMLButtonElement>(`[data-action="${name}"]`);
  if (!found) throw new Error(`no action ${name}`);
  return found;
};
const focused = (element: AirJourney): Element | null => root(element).activeElement;
/** What has focus, as text ("heading", "action:acknowledge"): a failed comparison of two elements is slow to report. */
const focusedPart = (element: AirJourney): string => {
  const active = focused(element);
  if (!active) return 'nothing';
  const actionName = active.getAttribute('data-action');
  return actionName ? `action:${actionName}` : (active.getAttribute('part') ?? active.tagName);
};

describe('<air-journey>', () => {
  it('says the next step is being prepared when it has no view yet', async () => {
    const element = await render(undefined);
    expect(text(part(element, 'status'))).to.equal('Preparing the next step…');
    expect(has(element, 'talk-to-person')).to.equal(false);
    await expectAccessible(element, 'no view');
  });

  for (const kind of STEP_KINDS) {
    it(`shows a ${kind} step as one card with progress, in en and (accessibly) zh-Hans`, async () => {
      const element = await render(journeyView(stepView(kind)));
      const step = stepView(kind);
      expect(part(element, 'card').dataset['kind']).to.equal(kind);
      expect(text(part(element, 'heading'))).to.equal(step.title);
      expect(text(part(element, 'progress'))).to.equal('Step 3 of 9');
      expect(text(part(element, 'talk-to-person'))).to.equal('Talk to a person');
      document.documentElement.lang = 'zh-Hans';
      await until(() => text(part(element, 'progress')) === '第 3 步，共 9 步', 'zh-Hans progress');
      expect(text(part(element, 'talk-to-person'))).to.equal('联系人工服务');
      await expectAccessible(element, `${kind} (zh-Hans)`);
    });
  }

  it('sends each step kind’s actions with the step id and value', async () => {
    const element = await render(journeyView(stepView('consent')));
    const actions = collect(element, 'air-journey-action');
    action(element, 'decline').click();
    await show(element, journeyView(stepView('disclosure')));
    action(element, 'play-again').click();
    action(element, 'acknowledge').click();
    await show(element, journeyView(stepView('question')));
    root(element).querySelector<HTMLButtonElement>('[data-answer="no"]')?.click();
    await show(element, journeyView(stepView('notice')));
    action(element, 'acknowledge').click();
    await show(element, journeyView(stepView('document')));
    action(element, 'acknowledge').click();
    expect(actions.map((event) => event.detail)).to.deep.equal([
      { stepId: 'consent', action: 'decline', value: undefined },
      { stepId: 'risk-disclosure', action: 'play-again', value: undefined },
      { stepId: 'risk-disclosure', action: 'acknowledge', value: undefined },
      { stepId: 'understood', action: 'answer', value: 'no' },
      { stepId: 'cooling-off', action: 'acknowledge', value: undefined },
      { stepId: 'contract', action: 'acknowledge', value: undefined },
    ]);
    expect(actions.every((event) => event.bubbles && event.composed)).to.equal(true);
  });

  it('shows the nod/shake hint only when a nod or a shake counts, and says when speech is playing', async () => {
    const element = await render(journeyView(stepView('question')));
    expect(text(part(element, 'hint'))).to.equal('You can also nod for yes or shake your head for no.');
    await show(element, journeyView(stepView('question', { stepId: 'q2', confirmations: ['tap'] })));
    expect(has(element, 'hint')).to.equal(false);
    await show(element, journeyView(stepView('disclosure', { speech: { playing: true } })));
    expect(text(part(element, 'hint'))).to.equal('Being read aloud…');
    expect(action(element, 'play-again').disabled).to.equal(true);
    expect(action(element, 'acknowledge').disabled).to.equal(false);
  });

  it('waits after an action: buttons disabled, focus on the message, until the next view', async () => {
    const element = await render(journeyView(stepView('consent')));
    const actions = collect(element, 'air-journey-action');
    action(element, 'accept').click();
    await settle(element);
    expect(action(element, 'accept').disabled).to.equal(true);
    expect(action(element, 'decline').disabled).to.equal(true);
    expect(focused(element)).to.equal(part(element, 'status'));
    expect(text(part(element, 'status'))).to.equal('Sent. Please wait a moment…');
    action(element, 'decline').click();
    expect(actions.length, 'a second press is not sent').to.equal(1);
    await expectAccessible(element, 'sent');
    // The server accepted: a waiting, then a completed view of the same step.
    await show(element, journeyView(stepView('consent', { state: 'waiting' })));
    expect(action(element, 'accept').disabled).to.equal(true);
    await show(element, journeyView(stepView('consent', { state: 'completed' })));
    expect(text(part(element, 'status'))).to.equal('Done. The next step follows.');
    await expectAccessible(element, 'completed');
  });

  it('moves focus to each new step’s heading and announces it once', async () => {
    const element = await render(journeyView(stepView('consent'), { index: 1 }));
    expect(focused(element)).to.equal(part(element, 'heading'));
    expect(text(part(element, 'announcer'))).to.equal('Step 1 of 9: Recording consent');
    action(element, 'accept').click();
    await show(element, journeyView(stepView('disclosure'), { index: 2 }));
    expect(focused(element)).to.equal(part(element, 'heading'));
    expect(text(part(element, 'heading'))).to.equal('Risk disclosure');
    expect(text(part(element, 'announcer'))).to.equal('Step 2 of 9: Risk disclosure');
    // The same step again (e.g. speech started) is not announced again and does not steal focus…
    action(element, 'acknowledge').focus();
    await show(element, journeyView(stepView('disclosure', { speech: { playing: true } }), { index: 2 }));
    expect(focusedPart(element)).to.equal('action:acknowledge');
    expect(text(part(element, 'announcer'))).to.equal('Step 2 of 9: Risk disclosure');
    expect(part(element, 'announcer').getAttribute('role')).to.equal('status');
    // …but "Play again", disabled while the text is read aloud, hands focus to the heading instead of the page.
    await show(element, journeyView(stepView('disclosure'), { index: 2 }));
    action(element, 'play-again').focus();
    await show(element, journeyView(stepView('disclosure', { speech: { playing: true } }), { index: 2 }));
    expect(focusedPart(element)).to.equal('heading');
  });

  it('says an interrupted step will be repeated, and marks the repeat', async () => {
    const element = await render(journeyView(stepView('disclosure')));
    await show(element, journeyView(stepView('disclosure', { state: 'interrupted' })));
    expect(text(part(element, 'interrupted'))).to.equal('The recording was interrupted — this step will be repeated.');
    expect(part(element, 'interrupted').getAttribute('role')).to.equal('alert');
    expect(action(element, 'acknowledge').disabled).to.equal(true);
    await expectAccessible(element, 'interrupted');
    await show(element, journeyView(stepView('disclosure', { attempt: 2 })));
    expect(has(element, 'interrupted')).to.equal(false);
    expect(text(part(element, 'repeating'))).to.equal('This step is repeated because the recording was interrupted.');
    expect(focused(element), 'a new attempt focuses the heading').to.equal(part(element, 'heading'));
    expect(action(element, 'acknowledge').disabled).to.equal(false);
    document.documentElement.lang = 'zh-Hant';
    await until(() => text(part(element, 'repeating')) === '由於錄製中斷，這一步正在重新進行。', 'zh-Hant');
    await expectAccessible(element, 'repeated (zh-Hant)');
  });

  it('offers "Talk to a person" on every step, with the step id, unless the view says not', async () => {
    const element = await render(journeyView(stepView('questionnaire')));
    const actions = collect(element, 'air-journey-action');
    part(element, 'talk-to-person').click();
    expect(actions[0]?.detail).to.deep.equal({ stepId: 'risk', action: 'talk-to-person', value: undefined });
    await show(element, journeyView(stepView('notice'), { canTalkToPerson: false }));
    expect(has(element, 'talk-to-person')).to.equal(false);
  });

  it('embeds the risk questionnaire and passes its submission on', async () => {
    const element = await render(journeyView(stepView('questionnaire')));
    const questionnaire = root(element).querySelector('air-risk-questionnaire');
    if (!questionnaire?.shadowRoot) throw new Error('no questionnaire');
    await settle(questionnaire);
    expect(questionnaire.shadowRoot.querySelector('[part~="title"]'), 'the card carries the title').to.equal(null);
    const progress = (): string => text(questionnaire.shadowRoot?.querySelector('[part~="progress"]') ?? document.body);
    expect(progress()).to.equal('Question 1 of 2');
    document.documentElement.lang = 'zh-Hans';
    await until(() => progress() === '第 1 题，共 2 题', 'the embedded questionnaire in zh-Hans');
    const actions = collect(element, 'air-journey-action');
    (questionnaire.shadowRoot.querySelector('input[value="over-60"]') as HTMLInputElement).click();
    await settle(questionnaire);
    (questionnaire.shadowRoot.querySelector('[part~="next"]') as HTMLButtonElement).click();
    await settle(questionnaire);
    (questionnaire.shadowRoot.querySelector('input[value="none"]') as HTMLInputElement).click();
    await settle(questionnaire);
    (questionnaire.shadowRoot.querySelector('[part~="next"]') as HTMLButtonElement).click();
    await settle(questionnaire);
    (questionnaire.shadowRoot.querySelector('[part~="submit"]') as HTMLButtonElement).click();
    expect(actions.map((event) => event.detail)).to.deep.equal([
      { stepId: 'risk', action: 'submit-answers', value: { age: 'over-60', loss: 'none' } },
    ]);
  });

  it('shows the document and identity slots', async () => {
    const element = await fixture<AirJourney>(
      html`<air-journey .view=${journeyView(stepView('document'))}
        ><p slot="document" id="viewer">PDF viewer</p>
        <p slot="identity">liveness</p></air-journey
      >`,
    );
    const slot = root(element).querySelector<HTMLSlotElement>('slot[name="document"]');
    expect(slot?.assignedElements().map((node) => node.id)).to.deep.equal(['viewer']);
    await show(element, journeyView(stepView('identity')));
    expect(root(element).querySelector<HTMLSlotElement>('slot[name="identity"]')?.assignedElements()).to.have.length(1);
  });

  it('says how the journey ended', async () => {
    const element = await render(journeyView(undefined, { state: 'complete' }));
    expect(text(part(element, 'status'))).to.equal('All steps are done. Thank you.');
    expect(has(element, 'progress')).to.equal(false);
    await show(element, journeyView(undefined, { state: 'incomplete' }));
    expect(text(part(element, 'status'))).to.equal('The appointment ended before all steps were done.');
    await expectAccessible(element, 'ended');
  });

  for (const lang of ['en', 'zh-Hans']) {
    it(`elderly mode (${lang}): targets at least 60 px, body text at least 20 px, one column, no violations`, async () => {
      for (const kind of ['consent', 'disclosure', 'question', 'notice'] as const) {
        const element = await render(journeyView(stepView(kind)), { elderly: true, lang });
        expect(smallestTarget(root(element), 'button'), `${kind} buttons`).to.be.at.least(60);
        expect(fontSize(part(element, 'text')), `${kind} text`).to.be.at.least(20);
        expect(fontSize(part(element, 'progress')), `${kind} progress`).to.be.at.least(20);
        const buttons = [...root(element).querySelectorAll('[part~="actions"] button')];
        const lefts = new Set(buttons.map((button) => Math.round(button.getBoundingClientRect().left)));
        expect(lefts.size, `${kind}: one column`).to.equal(1);
        await expectAccessible(element, `${kind} elderly ${lang}`);
      }
      const questionnaire = await render(journeyView(stepView('questionnaire')), { elderly: true, lang });
      const inner = root(questionnaire).querySelector('air-risk-questionnaire');
      if (!inner?.shadowRoot) throw new Error('no questionnaire');
      await settle(inner);
      expect(smallestTarget(inner.shadowRoot, '[part~="option"], button')).to.be.at.least(60);
      expect(fontSize(inner.shadowRoot.querySelector('[part~="option"]') ?? document.body)).to.be.at.least(20);
    });
  }

  it('works with the keyboard alone', async () => {
    const element = await render(journeyView(stepView('question')));
    const actions = collect(element, 'air-journey-action');
    expect(focused(element)).to.equal(part(element, 'heading'));
    await sendKeys({ press: 'Tab' });
    expect(focused(element)?.getAttribute('data-answer')).to.equal('yes');
    await sendKeys({ press: 'Tab' });
    expect(focused(element)?.getAttribute('data-answer')).to.equal('no');
    await sendKeys({ press: 'Enter' });
    expect(actions.map((event) => event.detail.value)).to.deep.equal(['no']);
    await settle(element);
    expect(focused(element)).to.equal(part(element, 'status'));
    await sendKeys({ press: 'Tab' });
    expect(focused(element)).to.equal(part(element, 'talk-to-person'));
    await sendKeys({ press: 'Space' });
    expect(actions.map((event) => event.detail.action)).to.deep.equal(['answer', 'talk-to-person']);
  });
});

describe('<air-journey>: nod and shake confirmations', () => {
  const port = {
    start: () => Promise.reject(new Error('not started in this test')),
    submit: () => Promise.reject(new Error('not submitted in this test')),
  };
  const LABELS = {
    en: ['Answer yes by nodding', 'Answer no by shaking your head'],
    'zh-Hans': ['点头回答“是”', '摇头回答“否”'],
    'zh-Hant': ['點頭回答「是」', '搖頭回答「否」'],
  } as const;

  for (const lang of ['en', 'zh-Hans', 'zh-Hant'] as const) {
    it(`offers the gestures the question lists, besides the answers (${lang}), and asks the page to open a check`, async () => {
      const element = await render(journeyView(stepView('question')), { lang });
      expect(text(action(element, 'gesture-nod'))).to.equal(LABELS[lang][0]);
      expect(text(action(element, 'gesture-shake'))).to.equal(LABELS[lang][1]);
      const sent = collect(element, 'air-journey-action');
      action(element, 'gesture-nod').click();
      expect(sent.map((event) => event.detail)).to.deep.equal([
        { stepId: 'understood', action: 'confirm-gesture', value: 'nod' },
      ]);
      await expectAccessible(element, `gestures ${lang}`);
    });
  }

  it('offers no gesture (and never voice) when the question lists only tap and voice', async () => {
    const element = await render(journeyView(stepView('question', { confirmations: ['tap', 'voice'] })), {
      lang: 'en',
    });
    expect(root(element).querySelector('[data-action^="gesture-"]')).to.equal(null);
    expect(root(element).querySelectorAll('[data-action="answer"]')).to.have.length(2);
  });

  it('embeds the camera check for an open gesture check, keeps tap, and answers with the server’s verification', async () => {
    const view = journeyView(stepView('question', { gestureCheck: { gesture: 'nod', answerId: 'yes', port } }));
    const element = await render(view, { lang: 'zh-Hans' });
    const check = part(element, 'gesture-check');
    expect(check.dataset['gesture']).to.equal('nod');
    expect(check.querySelector('air-liveness-check')).to.not.equal(null);
    expect(text(check)).to.contain('您也可以随时点按上方的回答。');
    // Tap stays: the answer buttons are there and enabled.
    expect(action(element, 'answer').disabled).to.equal(false);
    const sent = collect(element, 'air-journey-action');
    const inner = check.querySelector('air-liveness-check');
    inner?.dispatchEvent(new CustomEvent('air-liveness-completed', { detail: { passed: false } }));
    expect(sent).to.have.length(0);
    inner?.dispatchEvent(
      new CustomEvent('air-liveness-completed', { detail: { passed: true, decision: { nonce: 'verified-0001' } } }),
    );
    expect(sent.map((event) => event.detail)).to.deep.equal([
      { stepId: 'understood', action: 'answer', value: 'yes', confirmation: 'nod', verification: 'verified-0001' },
    ]);
    await settle(element);
    await expectAccessible(element, 'gesture check zh-Hans');
  });

  it('elderly mode: gesture buttons at least 60 px', async () => {
    const element = await render(journeyView(stepView('question')), { elderly: true, lang: 'zh-Hant' });
    expect(smallestTarget(root(element), '[data-action^="gesture-"]')).to.be.at.least(60);
    await expectAccessible(element, 'gestures elderly zh-Hant');
  });
});

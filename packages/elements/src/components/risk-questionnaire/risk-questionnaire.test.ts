import { sendKeys } from '@web/test-runner-commands';
import { expect } from 'chai';
import { html } from 'lit';
import { expectAccessible } from '../../../test/utils/a11y.ts';
import { collect, fixture, settle, until } from '../../../test/utils/dom.ts';
import { questionnaireView } from '../../../test/utils/journey-views.ts';
import { fontSize, smallestTarget } from '../../../test/utils/measure.ts';
import '../../define/air-risk-questionnaire.ts';
import type { AirRiskQuestionnaire } from './risk-questionnaire.component.ts';
import type { QuestionnaireView } from './questionnaire-view.ts';

async function render(view: QuestionnaireView | undefined, elderly = false): Promise<AirRiskQuestionnaire> {
  const element = await fixture<AirRiskQuestionnaire>(
    html`<air-risk-questionnaire .view=${view} ?elderly=${elderly}></air-risk-questionnaire>`,
  );
  await settle(element);
  return element;
}

const root = (element: AirRiskQuestionnaire): ShadowRoot => {
  if (!element.shadowRoot) throw new Error('no shadow root');
  return element.shadowRoot;
};
const part = (element: AirRiskQuestionnaire, name: string): HTMLElement => {
  const found = root(element).querySelector<HTMLElement>(`[part~="${name}"]`);
  if (!found) throw new Error(`no part ${name}`);
  return found;
};
const has = (element: AirRiskQuestionnaire, name: string): boolean =>
  root(element).querySelector(`[part~="${name}"]`) !== null;
const text = (node: Element): string => node.textContent?.replace(/\s+/g, ' ').trim() ?? '';
const focused = (element: AirRiskQuestionnaire): Element | null => root(element).activeElement;

async function choose(element: AirRiskQuestionnaire, optionId: string): Promise<void> {
  const radio = root(element).querySelector<HTMLInputElement>(`input[value="${optionId}"]`);
  if (!radio) throw new Error(`no option ${optionId}`);
  radio.click();
  await settle(element);
}

async function press(element: AirRiskQuestionnaire, name: string): Promise<void> {
  part(element, name).click();
  await settle(element);
}

describe('<air-risk-questionnaire>', () => {
  it('asks one question per screen with progress, and needs an answer before going on', async () => {
    const element = await render(questionnaireView());
    expect(text(part(element, 'title'))).to.equal('Risk assessment');
    expect(text(part(element, 'progress'))).to.equal('Question 1 of 2');
    expect(text(part(element, 'question-text'))).to.equal('How old are you?');
    expect(root(element).querySelectorAll('[part~="option"]')).to.have.length(3);
    expect(has(element, 'back')).to.equal(false);
    await expectAccessible(element, 'first question');
    await press(element, 'next');
    expect(text(part(element, 'error'))).to.equal('Please choose an answer.');
    expect(part(element, 'error').getAttribute('role')).to.equal('alert');
    expect(focused(element)?.getAttribute('value')).to.equal('under-30');
    await expectAccessible(element, 'missing answer');
    await choose(element, '30-60');
    expect(has(element, 'error')).to.equal(false);
    await press(element, 'next');
    expect(text(part(element, 'progress'))).to.equal('Question 2 of 2');
    expect(focused(element), 'focus on the new question').to.equal(part(element, 'question-text'));
    await press(element, 'back');
    expect(root(element).querySelector<HTMLInputElement>('input[value="30-60"]')?.checked).to.equal(true);
  });

  it('reviews every answer before submitting, lets one be changed, and submits question → option', async () => {
    const element = await render(questionnaireView());
    const actions = collect(element, 'air-journey-action');
    await choose(element, 'over-60');
    await press(element, 'next');
    await choose(element, 'none');
    await press(element, 'next');
    expect(element.shadowRoot?.querySelector('section')?.dataset['screen']).to.equal('review');
    expect(focused(element)).to.equal(part(element, 'review-heading'));
    const items = [...root(element).querySelectorAll('[part~="review-item"]')].map(text);
    expect(items).to.deep.equal([
      'How old are you? Over 60 Change',
      'How much of your investment could you accept to lose? Nothing Change',
    ]);
    expect(part(element, 'change').getAttribute('aria-label')).to.equal('Change the answer to question 1');
    await expectAccessible(element, 'review');
    await press(element, 'change');
    expect(text(part(element, 'progress'))).to.equal('Question 1 of 2');
    await choose(element, 'under-30');
    await press(element, 'next');
    await press(element, 'next');
    await press(element, 'submit');
    expect(actions.map((event) => event.detail)).to.deep.equal([
      { stepId: 'risk', action: 'submit-answers', value: { age: 'under-30', loss: 'none' } },
    ]);
    expect(text(part(element, 'status'))).to.equal('Your answers were sent. Please wait for the result…');
    expect(focused(element)).to.equal(part(element, 'status'));
    await expectAccessible(element, 'submitted');
  });

  it('shows the result C1–C5 and the product’s suitability, in every locale', async () => {
    const element = await render(questionnaireView({ state: 'submitted' }));
    expect(has(element, 'status')).to.equal(true);
    element.view = questionnaireView({
      state: 'result',
      result: { level: 'C2', product: { level: 'R4', suitable: false } },
    });
    await settle(element);
    expect(text(part(element, 'result-heading'))).to.equal('Your risk level: C2 · Cautious');
    expect(focused(element)).to.equal(part(element, 'result-heading'));
    expect(text(part(element, 'suitability'))).to.equal(
      'The product’s risk level (R4) is higher than yours. Your advisor will explain what this means.',
    );
    await expectAccessible(element, 'result (unsuitable)');
    document.documentElement.lang = 'zh-Hans';
    await until(() => text(part(element, 'result-heading')) === '您的风险等级：C2 · 谨慎型', 'zh-Hans');
    element.view = questionnaireView({
      state: 'result',
      result: { level: 'C5', product: { level: 'R3', suitable: true } },
    });
    await settle(element);
    expect(text(part(element, 'suitability'))).to.equal('该产品（风险等级 R3）与您的风险等级相符。');
    document.documentElement.lang = 'zh-Hant';
    await until(() => text(part(element, 'result-heading')) === '您的風險等級：C5 · 激進型', 'zh-Hant');
    await expectAccessible(element, 'result (zh-Hant)');
  });

  it('works with the keyboard alone: arrows choose, Enter goes on and submits', async () => {
    const element = await render(questionnaireView());
    const actions = collect(element, 'air-journey-action');
    root(element).querySelector<HTMLInputElement>('input[type="radio"]')?.focus();
    await sendKeys({ press: 'ArrowDown' });
    await settle(element);
    expect(element.answers).to.deep.equal({ age: '30-60' });
    await sendKeys({ press: 'Tab' });
    expect(focused(element)).to.equal(part(element, 'next'));
    await sendKeys({ press: 'Enter' });
    await settle(element);
    expect(focused(element)).to.equal(part(element, 'question-text'));
    await sendKeys({ press: 'Tab' });
    await sendKeys({ press: 'Space' });
    await settle(element);
    expect(element.answers).to.deep.equal({ age: '30-60', loss: 'none' });
    await sendKeys({ press: 'Tab' });
    await sendKeys({ press: 'Enter' });
    await settle(element);
    expect(focused(element)).to.equal(part(element, 'review-heading'));
    // Two "Change" buttons, then Submit.
    for (let i = 0; i < 3; i++) await sendKeys({ press: 'Tab' });
    expect(focused(element)).to.equal(part(element, 'submit'));
    await sendKeys({ press: 'Enter' });
    expect(actions).to.have.length(1);
  });

  it('goes back to the review when the server asks again, and starts over for another questionnaire', async () => {
    const element = await render(questionnaireView({ state: 'submitted' }));
    element.view = questionnaireView({ state: 'answering' });
    await settle(element);
    expect(element.shadowRoot?.querySelector('section')?.dataset['screen']).to.equal('review');
    element.view = questionnaireView({ stepId: 'risk-2' });
    await settle(element);
    expect(text(part(element, 'progress'))).to.equal('Question 1 of 2');
    expect(element.answers).to.deep.equal({});
  });

  it('elderly mode: answers and buttons at least 60 px, text at least 20 px, no violations', async () => {
    const element = await render(questionnaireView(), true);
    expect(smallestTarget(root(element), '[part~="option"], button')).to.be.at.least(60);
    expect(fontSize(part(element, 'option'))).to.be.at.least(20);
    expect(fontSize(part(element, 'progress'))).to.be.at.least(20);
    await expectAccessible(element, 'elderly');
  });
});

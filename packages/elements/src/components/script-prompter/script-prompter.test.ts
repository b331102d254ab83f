import { sendKeys } from '@web/test-runner-commands';
import { expect } from 'chai';
import { html } from 'lit';
import { expectAccessible } from '../../../test/utils/a11y.ts';
import { collect, fixture, settle, until } from '../../../test/utils/dom.ts';
import { prompterView } from '../../../test/utils/journey-views.ts';
import { fontSize, smallestTarget } from '../../../test/utils/measure.ts';
import '../../define/air-script-prompter.ts';
import type { PrompterView } from './prompter-view.ts';
import type { AirScriptPrompter } from './script-prompter.component.ts';

async function render(view: PrompterView | undefined, elderly = false): Promise<AirScriptPrompter> {
  const element = await fixture<AirScriptPrompter>(
    html`<air-script-prompter .view=${view} ?elderly=${elderly}></air-script-prompter>`,
  );
  await settle(element);
  return element;
}

async function show(element: AirScriptPrompter, view: PrompterView): Promise<void> {
  element.view = view;
  await settle(element);
}

const root = (element: AirScriptPrompter): ShadowRoot => {
  if (!element.shadowRoot) throw new Error('no shadow root');
  return element.shadowRoot;
};
const part = (element: AirScriptPrompter, name: string): HTMLElement => {
  const found = root(element).querySelector<HTMLElement>(`[part~="${name}"]`);
  if (!found) throw new Error(`no part ${name}`);
  return found;
};
const has = (element: AirScriptPrompter, name: string): boolean =>
  root(element).querySelector(`[part~="${name}"]`) !== null;
const text = (node: Element): string => node.textContent?.replace(/\s+/g, ' ').trim() ?? '';
const action = (element: AirScriptPrompter, name: string): HTMLButtonElement | null =>
  root(element).querySelector<HTMLButtonElement>(`[data-action="${name}"]`);
const button = (element: AirScriptPrompter, name: string): HTMLButtonElement => {
  const found = action(element, name);
  if (!found) throw new Error(`no action ${name}`);
  return found;
};
const focused = (element: AirScriptPrompter): Element | null => root(element).activeElement;

describe('<air-script-prompter>', () => {
  it('shows the script large, the mandatory marker, the customer’s progress and the outline', async () => {
    const element = await render(
      prompterView({ customer: { progress: 'done', text: 'Tapped “I have read and understood”' } }),
    );
    expect(text(part(element, 'progress'))).to.equal('Step 4 of 9');
    expect(text(part(element, 'mandatory'))).to.equal('Mandatory');
    expect(text(part(element, 'heading'))).to.equal('Risk disclosure');
    expect(part(element, 'script').textContent).to.contain('This product is not a deposit.');
    expect(fontSize(part(element, 'script'))).to.be.at.least(1.5 * fontSize(part(element, 'progress')) - 0.5);
    // Never a scroll box: the whole script is visible.
    const script = part(element, 'script');
    expect(script.scrollHeight).to.be.at.most(script.clientHeight + 1);
    expect(getComputedStyle(script).overflowY).to.equal('visible');
    expect(text(part(element, 'customer'))).to.equal('Customer: Done Tapped “I have read and understood”');
    const outline = [...root(element).querySelectorAll('[part~="outline-step"]')];
    expect(outline.map(text)).to.deep.equal([
      'Recording consent (done, Mandatory)',
      'Risk disclosure (current, Mandatory)',
      'Newsletter (to do)',
    ]);
    expect(outline[1]?.getAttribute('aria-current')).to.equal('step');
    expect(focused(element)).to.equal(part(element, 'heading'));
    await expectAccessible(element, 'step');
    await show(element, prompterView({ stepId: 'newsletter', mandatory: false, allowed: ['done', 'next'] }));
    expect(text(part(element, 'optional'))).to.equal('Optional');
  });

  it('offers only the actions the state allows', async () => {
    const element = await render(prompterView({ allowed: ['next'] }));
    expect(
      [...root(element).querySelectorAll('[data-action]')].map((node) => node.getAttribute('data-action')),
    ).to.deep.equal(['next']);
    await show(element, prompterView({ allowed: [] }));
    expect(root(element).querySelectorAll('[data-action]')).to.have.length(0);
    await show(element, prompterView({ allowed: ['done', 'back', 'next', 'attest', 'override', 'skip'] }));
    expect(
      [...root(element).querySelectorAll('[data-action]')].map((node) => node.getAttribute('data-action')),
    ).to.deep.equal(['done', 'back', 'next', 'attest', 'override', 'skip']);
  });

  it('enables "Done" only after the minimum duration, and announces it once', async () => {
    const element = await render(prompterView({ minimumRemainingMs: 1_200 }));
    expect(button(element, 'done').disabled).to.equal(true);
    expect(text(part(element, 'countdown'))).to.match(/^“Done” is possible in [12] s$/);
    await expectAccessible(element, 'counting down');
    button(element, 'done').click();
    await until(() => !button(element, 'done').disabled, '"Done" enabled', 5_000);
    expect(has(element, 'countdown')).to.equal(false);
    expect(text(part(element, 'announcer'))).to.equal('“Done” is now possible.');
    const actions = collect(element, 'air-journey-action');
    button(element, 'done').click();
    expect(actions.map((event) => event.detail)).to.deep.equal([
      { stepId: 'risk-disclosure', action: 'done', value: undefined },
    ]);
  });

  it('after an action waits for the server with focus on the message, then focuses the new step', async () => {
    const element = await render(prompterView({ allowed: ['done', 'back', 'next'] }));
    const actions = collect(element, 'air-journey-action');
    button(element, 'next').click();
    await settle(element);
    expect(focused(element)).to.equal(part(element, 'status'));
    expect(text(part(element, 'status'))).to.equal('Sent. Waiting for the server…');
    expect(button(element, 'done').disabled && button(element, 'back').disabled).to.equal(true);
    button(element, 'back').click();
    expect(actions).to.have.length(1);
    await expectAccessible(element, 'sent');
    await show(element, prompterView({ stepId: 'newsletter', title: 'Newsletter', index: 5, allowed: ['done'] }));
    expect(has(element, 'status')).to.equal(false);
    expect(focused(element)).to.equal(part(element, 'heading'));
    expect(text(part(element, 'heading'))).to.equal('Newsletter');
  });

  it('attests with a reason: the reason is required, Cancel returns focus', async () => {
    const element = await render(
      prompterView({ kind: 'agent-attestation', allowed: ['attest'], customer: { progress: 'none', text: '' } }),
    );
    const actions = collect(element, 'air-journey-action');
    button(element, 'attest').click();
    await settle(element);
    expect(focused(element)).to.equal(part(element, 'reason'));
    await expectAccessible(element, 'attestation form');
    (root(element).querySelector('[part~="reason-form"] button[type="submit"]') as HTMLButtonElement).click();
    await settle(element);
    expect(text(part(element, 'error'))).to.equal('Please write a reason.');
    expect(part(element, 'reason').getAttribute('aria-invalid')).to.equal('true');
    expect(actions).to.have.length(0);
    await expectAccessible(element, 'reason missing');
    [...root(element).querySelectorAll<HTMLButtonElement>('[part~="reason-form"] button')].at(-1)?.click();
    await settle(element);
    expect(has(element, 'reason-form')).to.equal(false);
    expect(focused(element)).to.equal(button(element, 'attest'));
    button(element, 'attest').click();
    await settle(element);
    (part(element, 'reason') as HTMLTextAreaElement).value = '  Customer signed on camera; ID matched.  ';
    (root(element).querySelector('[part~="reason-form"] button[type="submit"]') as HTMLButtonElement).click();
    expect(actions.map((event) => event.detail)).to.deep.equal([
      { stepId: 'risk-disclosure', action: 'attest', value: 'Customer signed on camera; ID matched.' },
    ]);
  });

  it('overrides a suitability mismatch with a reason, by keyboard', async () => {
    const element = await render(
      prompterView({
        stepId: 'risk',
        kind: 'questionnaire',
        allowed: ['override', 'back'],
        suitability: { customerLevel: 'C2', productLevel: 'C4' },
      }),
    );
    const actions = collect(element, 'air-journey-action');
    button(element, 'override').focus();
    await sendKeys({ press: 'Enter' });
    await settle(element);
    expect(text(part(element, 'reason-form'))).to.contain('Suitability mismatch: customer C2, product C4.');
    expect(focused(element)).to.equal(part(element, 'reason'));
    await sendKeys({ type: 'Customer insists after explanation' });
    await sendKeys({ press: 'Tab' });
    await sendKeys({ press: 'Enter' });
    expect(actions.map((event) => event.detail)).to.deep.equal([
      { stepId: 'risk', action: 'override', value: 'Customer insists after explanation' },
    ]);
    await settle(element);
    expect(focused(element)).to.equal(part(element, 'status'));
  });

  it('skips an optional step with a reason of 3 to 1,000 characters, in every locale', async () => {
    const element = await render(
      prompterView({ stepId: 'identity', kind: 'identity', mandatory: false, allowed: ['next', 'skip'] }),
    );
    const actions = collect(element, 'air-journey-action');
    const submit = (): void =>
      (root(element).querySelector('[part~="reason-form"] button[type="submit"]') as HTMLButtonElement).click();
    expect(text(button(element, 'skip'))).to.equal('Skip this step…');
    button(element, 'skip').click();
    await settle(element);
    expect(focused(element) === part(element, 'reason')).to.equal(true);
    expect(part(element, 'reason-form').getAttribute('data-action')).to.equal('skip');
    expect(text(part(element, 'reason-form'))).to.contain('recorded as skipped, with your reason');
    // The engine's bound: the box takes no more than it accepts.
    expect(part(element, 'reason').getAttribute('maxlength')).to.equal('1000');
    expect(root(element).querySelector('button[data-action="skip"]') === null).to.equal(true);
    await expectAccessible(element, 'skip form');
    submit();
    await settle(element);
    expect(text(part(element, 'error'))).to.equal('Please write a reason.');
    (part(element, 'reason') as HTMLTextAreaElement).value = ' no ';
    submit();
    await settle(element);
    expect(text(part(element, 'error'))).to.equal('Please write a reason of at least 3 characters.');
    expect(part(element, 'reason').getAttribute('aria-invalid')).to.equal('true');
    expect(focused(element) === part(element, 'reason')).to.equal(true);
    expect(actions).to.have.length(0);
    await expectAccessible(element, 'skip reason too short');
    document.documentElement.lang = 'zh-Hans';
    await until(() => text(part(element, 'error')) === '理由至少需要 3 个字符。', 'zh-Hans');
    expect(text(root(element).querySelector('[part~="reason-form"] button[type="submit"]') as Element)).to.equal(
      '以此理由跳过',
    );
    document.documentElement.lang = 'zh-Hant';
    await until(() => text(part(element, 'error')) === '理由至少需要 3 個字元。', 'zh-Hant');
    await expectAccessible(element, 'skip form (zh-Hant)');
    document.documentElement.lang = 'en';
    await until(() => text(part(element, 'error')) === 'Please write a reason of at least 3 characters.', 'en');
    (part(element, 'reason') as HTMLTextAreaElement).value = '  No ID photo on file for this customer.  ';
    submit();
    expect(actions.map((event) => event.detail)).to.deep.equal([
      { stepId: 'identity', action: 'skip', value: 'No ID photo on file for this customer.' },
    ]);
    await settle(element);
    expect(focused(element) === part(element, 'status')).to.equal(true);
    expect(button(element, 'next').disabled).to.equal(true);
    expect(button(element, 'skip').disabled).to.equal(true);
  });

  it('closes the skip form when the state no longer allows a skip, and Cancel returns focus', async () => {
    const element = await render(prompterView({ mandatory: false, allowed: ['next', 'skip'] }));
    button(element, 'skip').click();
    await settle(element);
    [...root(element).querySelectorAll<HTMLButtonElement>('[part~="reason-form"] button')].at(-1)?.click();
    await settle(element);
    expect(has(element, 'reason-form')).to.equal(false);
    expect(focused(element) === button(element, 'skip')).to.equal(true);
    button(element, 'skip').click();
    await settle(element);
    await show(element, prompterView({ mandatory: false, allowed: ['next'] }));
    expect(has(element, 'reason-form')).to.equal(false);
    expect(root(element).querySelector('button[data-action="skip"]') === null).to.equal(true);
  });

  it('says when the recording was interrupted, in every locale', async () => {
    const element = await render(
      prompterView({ interrupted: true, customer: { progress: 'interrupted', text: '' }, allowed: [] }),
    );
    expect(text(part(element, 'interrupted'))).to.equal('The recording was interrupted: this step must be repeated.');
    await expectAccessible(element, 'interrupted');
    document.documentElement.lang = 'zh-Hans';
    await until(() => text(part(element, 'interrupted')) === '录制中断：这一步必须重新进行。', 'zh-Hans');
    expect(text(part(element, 'mandatory'))).to.equal('必选');
    document.documentElement.lang = 'zh-Hant';
    await until(() => text(part(element, 'interrupted')) === '錄製中斷：這一步必須重新進行。', 'zh-Hant');
    expect(text(part(element, 'progress'))).to.equal('第 4 步，共 9 步');
    expect(text(part(element, 'customer'))).to.equal('客戶： 已中斷');
    await expectAccessible(element, 'interrupted (zh-Hant)');
  });

  it('elderly mode: buttons at least 60 px and text at least 20 px', async () => {
    const element = await render(prompterView({ allowed: ['done', 'back', 'next', 'attest', 'skip'] }), true);
    expect(smallestTarget(root(element), 'button')).to.be.at.least(60);
    expect(fontSize(part(element, 'customer'))).to.be.at.least(20);
    await expectAccessible(element, 'elderly');
    button(element, 'skip').click();
    await settle(element);
    expect(smallestTarget(root(element), 'button')).to.be.at.least(60);
    await expectAccessible(element, 'elderly skip form');
  });
});

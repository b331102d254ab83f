import { expect } from 'chai';
import { html, type TemplateResult } from 'lit';
import { fixture } from '../../test/utils/dom.ts';
import '../define/air-device-help.ts';
import '../define/air-liveness-check.ts';
import '../define/air-session-replay.ts';
import '../define/air-video-session.ts';
import '../define/air-journey.ts';
import '../define/air-script-prompter.ts';
import '../define/air-captions.ts';
import { journeyView, prompterView, questionnaireView, stepView } from '../../test/utils/journey-views.ts';

// The shared style block (base/styles.ts): every component honours the
// global tokens, and its own documented variables win over them.

const COMPONENTS: Readonly<Record<string, (elderly: boolean) => TemplateResult>> = {
  'air-video-session': (elderly) => html`<air-video-session ?elderly=${elderly}></air-video-session>`,
  'air-liveness-check': (elderly) => html`<air-liveness-check ?elderly=${elderly}></air-liveness-check>`,
  'air-session-replay': (elderly) => html`<air-session-replay ?elderly=${elderly}></air-session-replay>`,
  'air-device-help': (elderly) => html`<air-device-help platform="desktop" ?elderly=${elderly}></air-device-help>`,
  'air-journey': (elderly) =>
    html`<air-journey .view=${journeyView(stepView('consent'))} ?elderly=${elderly}></air-journey>`,
  'air-script-prompter': (elderly) =>
    html`<air-script-prompter
      .view=${prompterView({ allowed: ['done', 'back', 'next', 'attest'] })}
      ?elderly=${elderly}
    ></air-script-prompter>`,
  'air-captions': (elderly) => html`<air-captions ?elderly=${elderly}></air-captions>`,
  'air-risk-questionnaire': (elderly) =>
    html`<air-risk-questionnaire .view=${questionnaireView()} ?elderly=${elderly}></air-risk-questionnaire>`,
};

/** Containers made here (fixture() removes only the ones it makes itself). */
const containers: HTMLElement[] = [];
afterEach(() => {
  for (const container of containers.splice(0)) container.remove();
});

/** Renders `template` inside a container with the given inline style (the page's tokens); returns the component. */
async function styled(style: string, template: TemplateResult): Promise<HTMLElement> {
  const container = document.createElement('div');
  container.setAttribute('style', style);
  document.body.append(container);
  containers.push(container);
  return fixture<HTMLElement>(template, container);
}

function buttons(element: HTMLElement): HTMLButtonElement[] {
  const found = [...(element.shadowRoot?.querySelectorAll('button') ?? [])];
  if (found.length === 0) throw new Error(`${element.localName} rendered no button`);
  return found;
}

function smallestSide(element: HTMLElement): number {
  return Math.min(...buttons(element).flatMap((button) => [button.offsetWidth, button.offsetHeight]));
}

describe('shared component styles', () => {
  for (const [tag, template] of Object.entries(COMPONENTS)) {
    it(`${tag}: buttons are at least --air-target-size, and --air-elderly-target-size in elderly mode`, async () => {
      expect(smallestSide(await styled('', template(false)))).to.be.at.least(48);
      expect(smallestSide(await styled('', template(true)))).to.be.at.least(64);
      expect(smallestSide(await styled('--air-target-size: 57px', template(false)))).to.be.at.least(57);
      expect(smallestSide(await styled('--air-elderly-target-size: 77px', template(true)))).to.be.at.least(77);
    });

    it(`${tag}: its own --air-${tag.slice(4)}-control-size wins over the token`, async () => {
      const name = tag.slice(4);
      const element = await styled(`--air-target-size: 57px; --air-${name}-control-size: 71px`, template(false));
      expect(smallestSide(element)).to.be.at.least(71);
      const elderly = await styled(
        `--air-elderly-target-size: 77px; --air-${name}-elderly-control-size: 83px`,
        template(true),
      );
      expect(smallestSide(elderly)).to.be.at.least(83);
    });
  }

  it('colours pressed buttons from --air-<component>-control-pressed-background (and the replay’s former name)', async () => {
    const pressed = (element: HTMLElement): string => {
      const button = buttons(element).find((candidate) => candidate.getAttribute('aria-pressed') === 'true');
      if (!button) throw new Error('no pressed button');
      return getComputedStyle(button).backgroundColor;
    };
    const replay = COMPONENTS['air-session-replay'];
    if (!replay) throw new Error('no replay template');
    expect(
      pressed(await styled('--air-session-replay-control-pressed-background: rgb(1, 2, 3)', replay(false))),
    ).to.equal('rgb(1, 2, 3)');
    expect(pressed(await styled('--air-session-replay-pressed-background: rgb(4, 5, 6)', replay(false)))).to.equal(
      'rgb(4, 5, 6)',
    );
    expect(pressed(await styled('', replay(false)))).to.equal('rgb(60, 66, 87)');
  });

  it('draws the focus ring in --air-color-focus unless the component says otherwise', async () => {
    const template = COMPONENTS['air-liveness-check'];
    if (!template) throw new Error('no liveness template');
    const element = await styled('--air-color-focus: rgb(7, 8, 9)', template(false));
    const [button] = buttons(element);
    if (!button) throw new Error('no button');
    expect(getComputedStyle(button).getPropertyValue('--_focus').trim()).to.equal('rgb(7, 8, 9)');
  });
});

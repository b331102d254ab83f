import { emulateMedia } from '@web/test-runner-commands';
import { LiveCaptions } from '@aircounter/evidence/replay';
import { expect } from 'chai';
import { html } from 'lit';
import { expectAccessible } from '../../../test/utils/a11y.ts';
import { collect, fixture, settle, until } from '../../../test/utils/dom.ts';
import { journeyView, stepView } from '../../../test/utils/journey-views.ts';
import { fontSize, smallestTarget } from '../../../test/utils/measure.ts';
import '../../define/air-captions.ts';
import '../../define/air-journey.ts';
import '../../define/air-liveness-check.ts';
import type { AirJourney } from '../journey/journey.component.ts';
import type { AirLivenessCheck } from '../liveness-check/liveness-check.component.ts';
import { visionImport, type VisionModule } from '../liveness-check/vision-loader.ts';
import { CAPTIONS_STORAGE_KEY } from './caption-preference.ts';
import type { AirCaptions } from './captions.component.ts';

async function render(options: { elderly?: boolean } = {}): Promise<AirCaptions> {
  const element = await fixture<AirCaptions>(html`<air-captions ?elderly=${options.elderly ?? false}></air-captions>`);
  await settle(element);
  return element;
}

const root = (element: AirCaptions): ShadowRoot => {
  if (!element.shadowRoot) throw new Error('no shadow root');
  return element.shadowRoot;
};
const part = (element: AirCaptions, name: string): HTMLElement => {
  const found = root(element).querySelector<HTMLElement>(`[part~="${name}"]`);
  if (!found) throw new Error(`no part ${name}`);
  return found;
};
const cues = (element: AirCaptions): HTMLElement[] => [...root(element).querySelectorAll<HTMLElement>('[part~="cue"]')];
const text = (node: Element): string => node.textContent?.replace(/\s+/g, ' ').trim() ?? '';

/**
 * A stand-in for @aircounter/vision whose face passes each challenge on the
 * next frame: what the captions need is the check's instructions, not face
 * analysis (which packages/vision/test/camera/ runs on real clips).
 */
function passingVision(): VisionModule {
  const module = {
    createVision: () => ({
      analyze: () => Promise.resolve({ quality: { ok: true, issues: [] } }),
      warmUp: () => Promise.resolve(),
    }),
    captureFrame: (_video: HTMLVideoElement, canvas: HTMLCanvasElement) => ({
      canvas,
      toJpegBase64: () => Promise.resolve('/9j/'),
    }),
    createLivenessRun: ({ challenges }: { challenges: readonly string[] }) => {
      let index = -1;
      const state = () =>
        index < challenges.length
          ? { phase: index < 0 ? 'positioning' : 'challenge', index: Math.max(0, index), progress: 0, issues: [] }
          : { phase: 'complete', index: challenges.length, progress: 1, issues: [] };
      return {
        state,
        push: () => {
          const capture = index < 0 ? 'neutral' : challenges[index];
          index += 1;
          return { state: state(), capture };
        },
      };
    },
  };
  return module as unknown as VisionModule;
}

const RISKS = {
  type: 'step-opened',
  stepId: 'risks',
  attempt: 1,
  title: '风险揭示',
  text: '本产品不是存款，\n可能损失本金。',
  lang: 'zh-Hans',
} as const;

describe('<air-captions>', () => {
  beforeEach(() => {
    localStorage.removeItem(CAPTIONS_STORAGE_KEY);
    document.documentElement.lang = 'en';
  });
  after(() => {
    localStorage.removeItem(CAPTIONS_STORAGE_KEY);
    document.documentElement.lang = 'en';
  });

  it('shows the current caption, with its lang, in a labelled region that is not itself a live region', async () => {
    const element = await render();
    const base = part(element, 'base');
    expect(base.getAttribute('aria-label')).to.equal('Live captions');
    expect(base.hasAttribute('aria-live')).to.equal(false);
    expect(cues(element)).to.have.length(0);
    element.add(RISKS);
    element.add({ type: 'instruction', source: 'liveness', text: 'Blink twice', lang: 'en' });
    await settle(element);
    const shown = cues(element);
    expect(shown.map((cue) => cue.getAttribute('lang'))).to.deep.equal(['zh-Hans', 'en']);
    expect(shown[0]?.innerText).to.equal('风险揭示\n本产品不是存款，\n可能损失本金。');
    expect(text(shown[1] ?? base)).to.equal('Blink twice');
    await expectAccessible(element, 'captions (en)');
    element.add({ type: 'step-closed', stepId: 'risks' });
    await settle(element);
    expect(cues(element).map((cue) => cue.dataset['slot'])).to.deep.equal(['instruction:liveness']);
    expect(element.captions.history.map((cue) => cue.text)).to.deep.equal([
      '风险揭示\n本产品不是存款，\n可能损失本金。',
    ]);
  });

  it('announces each new caption once, politely, in its language', async () => {
    const element = await render();
    const announcer = part(element, 'announcer');
    expect(announcer.getAttribute('aria-live')).to.equal('polite');
    let writes = 0;
    const observer = new MutationObserver((records) => (writes += records.length > 0 ? 1 : 0));
    observer.observe(announcer, { childList: true, subtree: true, characterData: true });
    element.add(RISKS);
    await settle(element);
    expect(text(announcer)).to.equal('风险揭示 本产品不是存款， 可能损失本金。');
    expect(announcer.querySelector('[lang]')?.getAttribute('lang')).to.equal('zh-Hans');
    const afterFirst = writes;
    expect(afterFirst).to.be.greaterThan(0);
    // The same text again, and a redraw for another reason, say nothing new.
    element.add(RISKS);
    element.elderly = true;
    await settle(element);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(writes).to.equal(afterFirst);
    element.add({ type: 'instruction', source: 'liveness', text: 'Turn your head left', lang: 'en' });
    await settle(element);
    expect(text(announcer)).to.equal('Turn your head left');
    expect(writes).to.be.greaterThan(afterFirst);
    observer.disconnect();
  });

  it('announces the captions of a model the page hands over, numbered afresh', async () => {
    const element = await render();
    element.add(RISKS);
    element.add({ type: 'step-opened', stepId: 'notice', title: 'Notice', text: '', lang: 'en' });
    await settle(element);
    const own = new LiveCaptions();
    own.apply({ type: 'step-opened', stepId: 'cooling-off', title: 'Cooling-off period', text: '', lang: 'en' });
    element.captions = own;
    await settle(element);
    expect(cues(element).map((cue) => text(cue))).to.deep.equal(['Cooling-off period']);
    expect(text(part(element, 'announcer'))).to.equal('Cooling-off period');
  });

  it('turns captions off and on with a visible switch, remembered on this device', async () => {
    const element = await render();
    const toggle = part(element, 'toggle');
    expect(toggle.getAttribute('role')).to.equal('switch');
    expect(toggle.getAttribute('aria-checked')).to.equal('true');
    expect(text(toggle)).to.equal('Captions On');
    element.add(RISKS);
    await settle(element);
    const toggled = collect(element, 'air-captions-toggled');
    toggle.click();
    await settle(element);
    expect(toggled.map((event) => event.detail)).to.deep.equal([{ on: false }]);
    expect(localStorage.getItem(CAPTIONS_STORAGE_KEY)).to.equal('off');
    expect(toggle.getAttribute('aria-checked')).to.equal('false');
    expect(text(toggle)).to.equal('Captions Off');
    expect(cues(element)).to.have.length(0);
    // Nothing is read out while captions are off.
    element.add({ type: 'instruction', source: 'liveness', text: 'Smile', lang: 'en' });
    await settle(element);
    expect(text(part(element, 'announcer'))).to.equal('');
    await expectAccessible(element, 'captions off');

    // Another page on this device starts with captions off.
    const next = await render();
    expect(next.on).to.equal(false);
    expect(part(next, 'toggle').getAttribute('aria-checked')).to.equal('false');
    part(next, 'toggle').click();
    await settle(next);
    expect(localStorage.getItem(CAPTIONS_STORAGE_KEY)).to.equal('on');
    expect((await render()).on).to.equal(true);
  });

  it('is on by default and still works when storage is unavailable', async () => {
    const original = Object.getOwnPropertyDescriptor(window, 'localStorage');
    Object.defineProperty(window, 'localStorage', {
      configurable: true,
      get() {
        throw new DOMException('denied', 'SecurityError');
      },
    });
    try {
      const element = await render();
      expect(element.on).to.equal(true);
      part(element, 'toggle').click();
      await settle(element);
      expect(element.on).to.equal(false);
    } finally {
      if (original) Object.defineProperty(window, 'localStorage', original);
    }
  });

  it('speaks zh-Hans and zh-Hant in its own labels, and keeps each caption’s lang', async () => {
    const element = await render();
    element.add({ ...RISKS, title: 'Risks', text: 'Not a deposit.', lang: 'en' });
    document.documentElement.lang = 'zh-Hans';
    await until(() => text(part(element, 'toggle')) === '字幕 开', 'zh-Hans');
    expect(part(element, 'base').getAttribute('aria-label')).to.equal('实时字幕');
    expect(part(element, 'base').getAttribute('lang')).to.equal('zh-Hans');
    expect(cues(element)[0]?.getAttribute('lang')).to.equal('en');
    await expectAccessible(element, 'captions (zh-Hans)');
    document.documentElement.lang = 'zh-Hant';
    await until(() => text(part(element, 'toggle')) === '字幕 開', 'zh-Hant');
    expect(part(element, 'base').getAttribute('aria-label')).to.equal('即時字幕');
  });

  it('elderly mode: captions at least 20 px and the switch at least 60 px', async () => {
    const element = await render({ elderly: true });
    element.add(RISKS);
    await settle(element);
    const [cue] = cues(element);
    if (!cue) throw new Error('no cue');
    expect(fontSize(cue)).to.be.at.least(20);
    expect(smallestTarget(root(element), '[part~="toggle"]')).to.be.at.least(60);
    await expectAccessible(element, 'captions (elderly)');
    document.documentElement.lang = 'zh-Hans';
    await until(() => text(part(element, 'toggle')) === '字幕 开', 'zh-Hans');
    await expectAccessible(element, 'captions (zh-Hans, elderly)');
  });

  it('forced colours: each caption keeps a visible boundary in the system colours', async () => {
    const element = await render({ elderly: true });
    element.add(RISKS);
    await settle(element);
    const [cue] = cues(element);
    if (!cue) throw new Error('no cue');
    expect(getComputedStyle(cue).borderTopStyle).to.equal('none');
    try {
      await emulateMedia({ forcedColors: 'active' });
      await until(() => getComputedStyle(cue).borderTopStyle === 'solid', 'a border in forced colours');
      const style = getComputedStyle(cue);
      expect(Number.parseFloat(style.borderTopWidth)).to.be.at.least(2);
      expect(style.borderTopColor).to.equal(style.color);
      expect(getComputedStyle(part(element, 'toggle')).borderTopStyle).to.equal('solid');
    } finally {
      await emulateMedia({ forcedColors: 'none' });
    }
  });

  it('captions each liveness challenge’s instruction while it is asked, and clears it after', async () => {
    const original = visionImport.load;
    visionImport.load = () => Promise.resolve(passingVision());
    visionImport.shared = undefined;
    const container = document.createElement('div');
    document.body.append(container);
    try {
      const captions = document.createElement('air-captions');
      const check = document.createElement('air-liveness-check') as AirLivenessCheck;
      const issuedAt = Date.now();
      check.liveness = {
        start: () =>
          Promise.resolve({
            nonce: 'n-1',
            challenges: ['blink', 'turnLeft'],
            issuedAt,
            expiresAt: issuedAt + 60_000,
            perChallengeMs: 10_000,
          }),
        submit: () => Promise.resolve({ nonce: 'n-1', passed: true, attemptsLeft: 2, decidedAt: Date.now() }),
      };
      container.append(check, captions);
      const seen = collect(container, 'air-caption');
      const shown: string[] = [];
      container.addEventListener('air-caption', (event) => {
        captions.add(event.detail);
        shown.push(captions.captions.current.map((cue) => cue.text).join());
      });
      await settle(check);
      await check.start();
      await settle(captions);
      expect(seen.map((event) => event.detail)).to.deep.equal([
        { type: 'instruction', source: 'liveness', text: 'Blink your eyes', lang: 'en' },
        { type: 'instruction', source: 'liveness', text: 'Slowly turn your head to your left', lang: 'en' },
        { type: 'instruction-cleared', source: 'liveness' },
      ]);
      expect(shown).to.deep.equal(['Blink your eyes', 'Slowly turn your head to your left', '']);
      expect(captions.captions.history.map((cue) => cue.text)).to.deep.equal([
        'Blink your eyes',
        'Slowly turn your head to your left',
      ]);
    } finally {
      container.remove();
      visionImport.load = original;
      visionImport.shared = undefined;
    }
  });

  it('captions what <air-journey> shows, wired by the page through air-caption', async () => {
    const container = document.createElement('div');
    document.body.append(container);
    try {
      const captions = document.createElement('air-captions');
      const journey = document.createElement('air-journey') as AirJourney;
      container.append(journey, captions);
      const seen = collect(container, 'air-caption');
      container.addEventListener('air-caption', (event) => captions.add(event.detail));
      journey.view = journeyView(stepView('disclosure', { lang: 'zh-Hans' }));
      await settle(journey);
      await settle(captions);
      const step = journey.view.step;
      if (!step) throw new Error('no step');
      expect(seen.map((event) => event.detail)).to.deep.equal([
        {
          type: 'step-opened',
          stepId: step.stepId,
          attempt: step.attempt,
          title: step.title,
          text: step.text,
          lang: 'zh-Hans',
        },
      ]);
      expect(cues(captions).map((cue) => cue.getAttribute('lang'))).to.deep.equal(['zh-Hans']);
      expect(cues(captions)[0]?.innerText.split('\n')[0]).to.equal(step.title);
      // The same step redrawn reports nothing; the journey's end closes its caption.
      journey.view = { ...journey.view };
      await settle(journey);
      expect(seen).to.have.length(1);
      journey.view = { ...journey.view, state: 'complete', step: undefined };
      await settle(journey);
      await settle(captions);
      expect(seen.map((event) => event.detail.type)).to.deep.equal(['step-opened', 'step-closed']);
      expect(cues(captions)).to.have.length(0);
    } finally {
      container.remove();
    }
  });
});

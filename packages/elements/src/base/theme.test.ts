import { emulateMedia } from '@web/test-runner-commands';
import { expect } from 'chai';
import { html, type TemplateResult } from 'lit';
import { fixture, settle } from '../../test/utils/dom.ts';
import { journeyView, stepView } from '../../test/utils/journey-views.ts';
import '../define/air-journey.ts';
import '../define/air-liveness-check.ts';
import '../define/air-video-session.ts';
import { COLOR_TOKENS, type ColorToken } from './color-tokens.ts';
import { pageTheme, setTheme, THEME_ATTRIBUTE } from './theme.ts';

// The colour scheme (base/color-tokens.ts, base/theme.ts): the person's
// prefers-color-scheme by default, one switch on the document to force a
// scheme, and colour tokens that keep WCAG 2.2 AA in both.

/** `#rrggbb` as getComputedStyle writes it. */
function rgb(hex: string): string {
  const [r, g, b] = [1, 3, 5].map((at) => Number.parseInt(hex.slice(at, at + 2), 16));
  return `rgb(${r}, ${g}, ${b})`;
}
const light = (name: ColorToken): string => rgb(COLOR_TOKENS[name].light);
const dark = (name: ColorToken): string => rgb(COLOR_TOKENS[name].dark);

function part(element: Element, name: string): HTMLElement {
  const found = element.shadowRoot?.querySelector<HTMLElement>(`[part~="${name}"]`);
  if (!found) throw new Error(`${element.localName} has no part ${name}`);
  return found;
}

function button(element: Element): HTMLButtonElement {
  const found = element.shadowRoot?.querySelector('button');
  if (!found) throw new Error(`${element.localName} has no button`);
  return found;
}

/** The colours a person sees of a few representative elements. */
interface Seen {
  text: string;
  surface: string;
  primaryButton: string;
  cardBorder: string;
  livenessButton: string;
  hangUp: string;
  scheme: string;
}

async function representative(container?: HTMLElement): Promise<Seen> {
  const template: TemplateResult = html`<div>
    <air-journey .view=${journeyView(stepView('consent'))}></air-journey>
    <air-liveness-check></air-liveness-check>
    <air-video-session></air-video-session>
  </div>`;
  const host = await fixture<HTMLDivElement>(template, container);
  const [journey, liveness, video] = [...host.children] as HTMLElement[];
  if (!journey || !liveness || !video) throw new Error('missing elements');
  for (const element of [journey, liveness, video]) await settle(element);
  const primary = journey.shadowRoot?.querySelector<HTMLElement>('button.primary');
  if (!primary) throw new Error('no primary button');
  const base = getComputedStyle(part(journey, 'base'));
  return {
    text: base.color,
    surface: base.backgroundColor,
    primaryButton: getComputedStyle(primary).backgroundColor,
    cardBorder: getComputedStyle(part(journey, 'card')).borderTopColor,
    livenessButton: getComputedStyle(button(liveness)).backgroundColor,
    hangUp: getComputedStyle(part(video, 'hang-up')).backgroundColor,
    scheme: getComputedStyle(journey).colorScheme,
  };
}

const LIGHT: Seen = {
  text: light('color-text'),
  surface: light('color-surface'),
  primaryButton: light('color-primary'),
  cardBorder: light('color-border'),
  livenessButton: light('color-accent'),
  hangUp: light('color-danger'),
  scheme: 'light dark',
};
const DARK: Seen = {
  text: dark('color-text'),
  surface: dark('color-surface'),
  primaryButton: dark('color-primary'),
  cardBorder: dark('color-border'),
  livenessButton: dark('color-accent'),
  hangUp: dark('color-danger'),
  scheme: 'dark',
};

/** Relative luminance of `#rrggbb` (WCAG 2.2). */
function luminance(hex: string): number {
  const [r = 0, g = 0, b = 0] = [1, 3, 5].map((at) => {
    const channel = Number.parseInt(hex.slice(at, at + 2), 16) / 255;
    return channel <= 0.04045 ? channel / 12.92 : ((channel + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}
function contrast(a: string, b: string): number {
  const [high, low] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (high + 0.05) / (low + 0.05);
}

/** Text on the backgrounds it is drawn on (4.5:1), and boundaries against their surroundings (3:1). */
const TEXT_PAIRS: readonly [ColorToken, ColorToken][] = [
  ['color-text', 'color-surface'],
  ['color-text', 'color-surface-raised'],
  ['color-text', 'color-surface-sunken'],
  ['color-text', 'color-primary-surface'],
  ['color-text', 'color-warning-surface'],
  ['color-text-muted', 'color-surface'],
  ['color-text-muted', 'color-surface-raised'],
  ['color-text-muted', 'color-control'],
  ['color-on-control', 'color-control'],
  ['color-on-control-pressed', 'color-control-pressed'],
  ['color-on-primary', 'color-primary'],
  ['color-primary', 'color-surface'],
  ['color-on-accent', 'color-accent'],
  ['color-accent', 'color-surface'],
  ['color-on-danger', 'color-danger'],
  ['color-danger', 'color-surface'],
  ['color-danger', 'color-danger-surface'],
  ['color-error', 'color-surface'],
  ['color-error', 'color-surface-raised'],
  ['color-success', 'color-surface'],
  ['color-success', 'color-success-surface'],
  ['color-warning-text', 'color-warning-surface'],
  ['color-on-stage', 'color-stage'],
  ['color-on-stage', 'color-stage-raised'],
  ['color-ink', 'color-paper'],
];
const BOUNDARY_PAIRS: readonly [ColorToken, ColorToken][] = [
  ['color-focus', 'color-surface'],
  ['color-focus', 'color-surface-raised'],
  ['color-focus', 'color-surface-sunken'],
  ['color-focus', 'color-primary-surface'],
  ['color-border', 'color-surface'],
  ['color-border', 'color-control'],
  ['color-warning', 'color-warning-surface'],
  ['color-accent', 'color-control'],
  ['color-primary', 'color-primary-surface'],
  ['color-stage-success', 'color-stage'],
];

describe('the colour scheme', () => {
  afterEach(async () => {
    setTheme('auto');
    await emulateMedia({ colorScheme: 'light' });
  });

  for (const scheme of ['light', 'dark'] as const) {
    it(`${scheme}: text 4.5:1 on its backgrounds, focus ring and boundaries 3:1 against their surroundings`, () => {
      const failing = [
        ...TEXT_PAIRS.map(([a, b]) => [a, b, 4.5] as const),
        ...BOUNDARY_PAIRS.map(([a, b]) => [a, b, 3] as const),
      ]
        .map(([a, b, least]) => ({ a, b, least, ratio: contrast(COLOR_TOKENS[a][scheme], COLOR_TOKENS[b][scheme]) }))
        .filter(({ ratio, least }) => ratio < least)
        .map(({ a, b, ratio, least }) => `${a} on ${b}: ${ratio.toFixed(2)} < ${least}`);
      expect(failing).to.deep.equal([]);
    });
  }

  it('is light by default and for people who prefer light', async () => {
    expect(await representative()).to.deep.equal(LIGHT);
  });

  it('follows prefers-color-scheme: dark with no switch on the page', async () => {
    await emulateMedia({ colorScheme: 'dark' });
    expect(await representative()).to.deep.equal({ ...DARK, scheme: 'light dark' });
  });

  it('one switch on the document forces dark on every element, also on those added later, and back', async () => {
    const container = document.createElement('div');
    document.body.append(container);
    try {
      const before = await representative(container);
      expect(before).to.deep.equal(LIGHT);
      setTheme('dark');
      expect(document.documentElement.getAttribute(THEME_ATTRIBUTE)).to.equal('dark');
      expect(pageTheme()).to.equal('dark');
      await new Promise((resolve) => setTimeout(resolve, 0));
      const elements = [...container.querySelectorAll('*')].filter((each) => each.localName.startsWith('air-'));
      expect(elements.map((each) => each.getAttribute(THEME_ATTRIBUTE))).to.deep.equal(['dark', 'dark', 'dark']);
      expect(await representative()).to.deep.equal(DARK);
      setTheme('auto');
      await new Promise((resolve) => setTimeout(resolve, 0));
      expect(elements.some((each) => each.hasAttribute(THEME_ATTRIBUTE))).to.equal(false);
    } finally {
      container.remove();
    }
  });

  it('a forced light scheme wins over prefers-color-scheme: dark', async () => {
    await emulateMedia({ colorScheme: 'dark' });
    setTheme('light');
    expect(await representative()).to.deep.equal({ ...LIGHT, scheme: 'light' });
  });

  it('an element’s own data-air-theme is kept when the page switches', async () => {
    const own = await fixture<HTMLElement>(
      html`<air-journey data-air-theme="light" .view=${journeyView(stepView('consent'))}></air-journey>`,
    );
    setTheme('dark');
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(own.getAttribute(THEME_ATTRIBUTE)).to.equal('light');
    setTheme('auto');
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(own.getAttribute(THEME_ATTRIBUTE)).to.equal('light');
    expect(getComputedStyle(part(own, 'base')).backgroundColor).to.equal(light('color-surface'));
  });

  it('a part of the page goes dark with --air-color-scheme: dark', async () => {
    const container = document.createElement('div');
    container.style.setProperty('--air-color-scheme', 'dark');
    document.body.append(container);
    try {
      expect(await representative(container)).to.deep.equal(DARK);
    } finally {
      container.remove();
    }
  });

  it('a bank sets its own colour per scheme with light-dark() in a token', async () => {
    const themed = (): HTMLElement => {
      const container = document.createElement('div');
      container.style.setProperty('--air-color-primary', 'light-dark(rgb(1, 2, 3), rgb(250, 251, 252))');
      return document.body.appendChild(container);
    };
    const [lightPage, darkPage] = [themed(), themed()];
    try {
      expect((await representative(lightPage)).primaryButton).to.equal('rgb(1, 2, 3)');
      setTheme('dark');
      expect((await representative(darkPage)).primaryButton).to.equal('rgb(250, 251, 252)');
    } finally {
      lightPage.remove();
      darkPage.remove();
    }
  });

  it('in forced-colours mode, buttons keep a visible boundary in the dark scheme too', async () => {
    setTheme('dark');
    await emulateMedia({ forcedColors: 'active' });
    try {
      const host = await fixture<HTMLElement>(
        html`<air-journey .view=${journeyView(stepView('consent'))}></air-journey>`,
      );
      const style = getComputedStyle(button(host));
      expect(style.borderTopStyle).to.equal('solid');
      expect(style.borderTopColor).to.not.equal('rgba(0, 0, 0, 0)');
    } finally {
      await emulateMedia({ forcedColors: 'none' });
    }
  });
});

import { css, unsafeCSS, type CSSResult } from 'lit';

/** A colour token's default in each scheme. */
export interface SchemeColor {
  readonly light: string;
  readonly dark: string;
}

/**
 * The semantic colour tokens (`--air-color-*`), each with a light and a dark
 * default, documented in docs/components/theming.md. Every colour in the
 * elements' styles comes from one of them, so a bank's theme is one set of
 * variables. Each pair keeps WCAG 2.2 AA in its scheme: text at least 4.5:1
 * on the surfaces it is used on, borders, the focus ring and other
 * boundaries at least 3:1 (base/theme.test.ts measures the pairs).
 */
export const COLOR_TOKENS = {
  /** Body text. */
  'color-text': { light: '#1b1b1f', dark: '#e6e7eb' },
  /** Hints, statuses, secondary text. */
  'color-text-muted': { light: '#3d4452', dark: '#b9bfcb' },
  /** Background of each element. */
  'color-surface': { light: '#ffffff', dark: '#16181d' },
  /** Raised blocks on the surface: the agent's script, a neutral badge. */
  'color-surface-raised': { light: '#f4f6fa', dark: '#232630' },
  /** Recessed areas: the desk around a document's pages, a progress track. */
  'color-surface-sunken': { light: '#e8eaf0', dark: '#0e0f13' },
  /** Borders of cards, fields and lists. */
  'color-border': { light: '#5b6475', dark: '#8d95a6' },
  /** The 3 px focus ring (and the replay's slider). */
  'color-focus': { light: '#1a56db', dark: '#8ab4f8' },
  /** Progress bars, links. */
  'color-accent': { light: '#1a56db', dark: '#8ab4f8' },
  /** Text and icons on the accent colour. */
  'color-on-accent': { light: '#ffffff', dark: '#0b1d33' },
  /** Main buttons, the chosen answer, card edges. */
  'color-primary': { light: '#0b3d6e', dark: '#a8c7fa' },
  /** Text and icons on the primary colour. */
  'color-on-primary': { light: '#ffffff', dark: '#0b1d33' },
  /** Background of a chosen answer. */
  'color-primary-surface': { light: '#e8f0fb', dark: '#1d2b40' },
  /** Ordinary buttons. */
  'color-control': { light: '#e8eaf0', dark: '#2c303b' },
  /** Text of ordinary buttons. */
  'color-on-control': { light: '#1b1b1f', dark: '#e6e7eb' },
  /** Pressed buttons (a muted microphone, the selected speed). */
  'color-control-pressed': { light: '#3c4257', dark: '#c5cad6' },
  /** Text of pressed buttons. */
  'color-on-control-pressed': { light: '#ffffff', dark: '#16181d' },
  /** Hang up, a failed integrity badge, a mandatory step. */
  'color-danger': { light: '#b3261e', dark: '#f2b8b5' },
  /** Text and icons on the danger colour. */
  'color-on-danger': { light: '#ffffff', dark: '#3b0a08' },
  /** Background of a failed integrity badge. */
  'color-danger-surface': { light: '#fdecea', dark: '#3b1a1a' },
  /** Error messages, invalid fields, the "Recording" badge. */
  'color-error': { light: '#8a0019', dark: '#ffb4ab' },
  /** Approved, verified, done. */
  'color-success': { light: '#0f5f2a', dark: '#7fd69b' },
  /** Background of a verified integrity badge. */
  'color-success-surface': { light: '#e7f4ea', dark: '#143322' },
  /** Border of warnings (an interrupted step, a recording problem). */
  'color-warning': { light: '#b54708', dark: '#f0a35c' },
  /** Text of warnings. */
  'color-warning-text': { light: '#6b1d00', dark: '#ffd9b8' },
  /** Background of warnings. */
  'color-warning-surface': { light: '#fff4e5', dark: '#3a2610' },
  /** The video stage behind the participants and the liveness camera (dark in both schemes). */
  'color-stage': { light: '#111318', dark: '#0b0c10' },
  /** Text and the liveness oval on the stage. */
  'color-on-stage': { light: '#ffffff', dark: '#ffffff' },
  /** Name strips on the stage. */
  'color-stage-raised': { light: '#1f2430', dark: '#1f2430' },
  /** The liveness oval once the face is right (on the stage). */
  'color-stage-success': { light: '#1e7b34', dark: '#1e7b34' },
  /** Letterbox behind a video. */
  'color-video': { light: '#000000', dark: '#000000' },
  /** Captions and remarks laid over a video, and the halo under the liveness oval. */
  'color-overlay': { light: 'rgb(0 0 0 / 80%)', dark: 'rgb(0 0 0 / 80%)' },
  /** Paper: a signature's background, a document's page (kept light in both schemes, as paper is). */
  'color-paper': { light: '#fdfdf8', dark: '#ecece4' },
  /** Ink of a signature. */
  'color-ink': { light: '#101c5a', dark: '#101c5a' },
  /** The shadow under a document's page. */
  'color-shadow': { light: 'rgb(0 0 0 / 30%)', dark: 'rgb(0 0 0 / 60%)' },
} as const satisfies Record<`color-${string}`, SchemeColor>;

export type ColorToken = keyof typeof COLOR_TOKENS;

const entries = Object.entries(COLOR_TOKENS) as [ColorToken, SchemeColor][];
const declarations = (value: (color: SchemeColor) => string): CSSResult =>
  unsafeCSS(entries.map(([name, color]) => `--_air-${name}: ${value(color)};`).join('\n'));

/**
 * The scheme of every element and the defaults of the colour tokens,
 * composed by `baseStyles` into each element's shadow root.
 *
 * How the scheme is chosen, the way the platform and the big design systems
 * do it: each element declares `color-scheme: light dark`, so it follows the
 * person's `prefers-color-scheme` and native controls (checkboxes, scroll
 * bars, text areas) follow with it; every default is a `light-dark()` pair
 * that resolves against that scheme. A page forces one scheme with one
 * switch, `data-air-theme="dark|light"` on the document's root element (an
 * attribute on `<html>`, as Shoelace's and Web Awesome's theme classes and
 * Primer's `data-color-mode`): scriptable, visible in the markup, and usable
 * by the page's own CSS too. Shadow roots cannot see the root's attributes
 * in every browser (`:host-context()` is Chromium-only), so base/theme.ts
 * mirrors it onto each element, as the elderly switch does. A part of a page
 * (a dark header) sets the inherited `--air-color-scheme: dark` instead.
 *
 * Browsers without `light-dark()` get the light defaults rather than no
 * colour at all.
 */
export const schemeStyles = css`
  :host {
    color-scheme: var(--air-color-scheme, light dark);
    ${declarations((color) => `light-dark(${color.light}, ${color.dark})`)}
  }

  :host([data-air-theme='light']) {
    color-scheme: light;
  }

  :host([data-air-theme='dark']) {
    color-scheme: dark;
  }

  @supports not (color: light-dark(#000, #fff)) {
    :host {
      ${declarations((color) => color.light)}
    }
  }
`;

/** `var(--air-<token>, <its light-dark default>)`: a colour token as the styles use it. */
export function color(name: ColorToken): CSSResult {
  return unsafeCSS(`var(--air-${name}, var(--_air-${name}))`);
}

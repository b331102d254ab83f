import { css, unsafeCSS, type CSSResult } from 'lit';
import { color, schemeStyles } from './color-tokens.ts';

export { color } from './color-tokens.ts';

/**
 * Defaults of the global design tokens (`--air-*`) other than colours, which
 * a page sets once (e.g. on `:root`) for every `air-*` element. Documented in
 * docs/components/theming.md; each component's own `--air-<component>-*`
 * variables fall back to them. The colour tokens, with a light and a dark
 * default each, are in base/color-tokens.ts (`color()`).
 */
export const TOKEN_DEFAULTS = {
  /** Minimum width and height of every button, slider and other target. */
  'target-size': '48px',
  /** The same in elderly mode (at least 60 px). */
  'elderly-target-size': '64px',
  'font-family': 'system-ui, sans-serif',
  'font-size': '1rem',
  'elderly-font-size': '1.375rem',
  radius: '12px',
} as const;

export type Token = keyof typeof TOKEN_DEFAULTS;

/** `var(--air-<token>, <default>)`: a global token with its default. */
export function token(name: Token): CSSResult {
  return unsafeCSS(`var(--air-${name}, ${TOKEN_DEFAULTS[name]})`);
}

/** Colours of a component's ordinary buttons and of the pressed ones (`aria-pressed="true"`). */
export interface ControlColors {
  readonly color: string;
  readonly background: string;
  readonly pressedColor: string;
  readonly pressedBackground: string;
}

const DEFAULT_CONTROL_COLORS: ControlColors = {
  color: color('color-on-control').cssText,
  background: color('color-control').cssText,
  pressedColor: color('color-on-control-pressed').cssText,
  pressedBackground: color('color-control-pressed').cssText,
};

/** The main buttons of a component whose buttons are mostly calls to action. */
export const PRIMARY_CONTROLS: Partial<ControlColors> = {
  color: color('color-on-primary').cssText,
  background: color('color-primary').cssText,
};

/**
 * The style every `air-*` component starts from, composed first into its
 * `static styles`: the `base` part as a surface (font, colours, radius,
 * spacing), buttons at least the target size with one focus ring, a
 * pressed state, decorative icons, a `visually-hidden` class for live
 * regions, and transitions only for people who did not ask for reduced
 * motion.
 *
 * `component` is the tag without `air-`: its public variables
 * (`--air-<component>-control-size`, `-elderly-control-size`, `-font-size`,
 * `-elderly-font-size`, `-color`, `-background`, `-radius`, `-focus-ring`,
 * `-control-color`, `-control-background`, `-control-pressed-color`,
 * `-control-pressed-background`) each fall back to a global token or a
 * default, and land in private `--_*` variables that the rest of the
 * component's styles use. It also sets the element's colour scheme and the
 * defaults of the colour tokens (base/color-tokens.ts).
 */
export function baseStyles(component: string, controls: Partial<ControlColors> = {}): CSSResult {
  const own = (name: string): CSSResult => unsafeCSS(`--air-${component}-${name}`);
  const colors = { ...DEFAULT_CONTROL_COLORS, ...controls };
  return css`
    ${schemeStyles}

    [part~='base'] {
      --_target-size: var(${own('control-size')}, ${token('target-size')});
      --_font-size: var(${own('font-size')}, ${token('font-size')});
      --_focus: var(${own('focus-ring')}, ${color('color-focus')});
      --_control-color: var(${own('control-color')}, ${unsafeCSS(colors.color)});
      --_control-background: var(${own('control-background')}, ${unsafeCSS(colors.background)});
      --_pressed-color: var(${own('control-pressed-color')}, ${unsafeCSS(colors.pressedColor)});
      --_pressed-background: var(${own('control-pressed-background')}, ${unsafeCSS(colors.pressedBackground)});
      box-sizing: border-box;
      display: grid;
      gap: 0.75rem;
      padding: 0.75rem;
      font-family: ${token('font-family')};
      font-size: var(--_font-size);
      line-height: 1.4;
      color: var(${own('color')}, ${color('color-text')});
      background: var(${own('background')}, ${color('color-surface')});
      border-radius: var(${own('radius')}, ${token('radius')});
    }

    :host([elderly]) [part~='base'] {
      --_target-size: var(${own('elderly-control-size')}, ${token('elderly-target-size')});
      --_font-size: var(${own('elderly-font-size')}, ${token('elderly-font-size')});
      gap: 1rem;
    }

    button {
      display: inline-flex;
      align-items: center;
      justify-content: center;
      gap: 0.5rem;
      min-width: var(--_target-size);
      min-height: var(--_target-size);
      padding: 0 1rem;
      font: inherit;
      font-weight: 600;
      color: var(--_control-color);
      background: var(--_control-background);
      border: 2px solid transparent;
      border-radius: calc(var(--_target-size) / 2);
      cursor: pointer;
    }

    button[aria-pressed='true'] {
      color: var(--_pressed-color);
      background: var(--_pressed-background);
    }

    button:focus-visible,
    input:focus-visible {
      outline: 3px solid var(--_focus);
      outline-offset: 2px;
    }

    button:disabled,
    input:disabled {
      cursor: not-allowed;
      opacity: 0.6;
    }

    .icon {
      width: 1.25em;
      height: 1.25em;
      flex: none;
    }

    .visually-hidden {
      position: absolute;
      width: 1px;
      height: 1px;
      overflow: hidden;
      clip-path: inset(50%);
      white-space: nowrap;
    }

    /* High-contrast (forced colours) mode drops backgrounds: every button keeps a visible boundary. */
    @media (forced-colors: active) {
      button {
        border-color: ButtonText;
      }

      button:disabled {
        border-color: GrayText;
      }
    }

    @media (prefers-reduced-motion: no-preference) {
      button {
        transition: background-color 120ms ease-out;
      }
    }
  `;
}

/**
 * Form fields of the components that take text (a reason, a comment, an
 * amount): labels, inputs, selects and text areas at the target size, with
 * the shared focus ring. Compose it after `baseStyles` in `static styles`.
 */
export const fieldStyles = css`
  label {
    font-weight: 600;
  }

  input:not([type='checkbox'], [type='radio']),
  select,
  textarea {
    min-height: var(--_target-size);
    padding: 0 0.5rem;
    font: inherit;
    color: inherit;
    background: ${color('color-surface')};
    border: 2px solid ${color('color-border')};
    border-radius: 6px;
  }

  textarea {
    padding: 0.5rem;
  }

  input:focus-visible,
  select:focus-visible,
  textarea:focus-visible {
    outline: 3px solid var(--_focus);
    outline-offset: 2px;
  }

  @media (forced-colors: active) {
    input,
    select,
    textarea {
      border-color: FieldText;
    }
  }
`;

/*
 * Blocks that several components' own styles share. Each is interpolated
 * where the component's style module had it (`${actionsStyles}` inside its
 * `css`), so the order of its rules, and so the cascade, stays the component's.
 */

/** A bar of buttons (`[part~='actions']`) that wraps onto more lines on a narrow screen. */
export const actionsStyles = css`
  [part~='actions'] {
    display: flex;
    flex-wrap: wrap;
    gap: 0.75rem;
  }
`;

/** Elderly mode: the button bar becomes one column of full-width buttons, nothing to aim for. */
export const elderlyActionsStyles = css`
  :host([elderly]) [part~='actions'] {
    flex-direction: column;
  }

  :host([elderly]) [part~='actions'] button {
    width: 100%;
  }
`;

/** A failure in plain words (`[part~='error']`). */
export const errorTextStyles = css`
  [part~='error'] {
    color: ${color('color-error')};
    font-weight: 600;
  }
`;

/** A notice the person must not miss (the call was interrupted, a step is repeated): warning colours, a strong border. */
export function warningStyles(selector: string): CSSResult {
  return css`
    ${unsafeCSS(selector)} {
      padding: 0.75rem;
      color: ${color('color-warning-text')};
      background: ${color('color-warning-surface')};
      border: 2px solid ${color('color-warning')};
      border-radius: 8px;
      font-weight: 600;
    }
  `;
}

/** A list laid out as a grid of its items `gap` apart, without bullets or indent. */
export function plainListStyles(selector: string, gap: string): CSSResult {
  return css`
    ${unsafeCSS(selector)} {
      display: grid;
      gap: ${unsafeCSS(gap)};
      margin: 0;
      padding: 0;
      list-style: none;
    }
  `;
}

/** The measures of a {@link cardStyles} card, as CSS lengths. */
export interface CardMeasures {
  /** Between the card's children. */
  readonly gap: string;
  readonly padding: string;
  /** Width of the border. */
  readonly border: string;
  readonly radius: string;
  /** Colour of the border (default: the border colour token). */
  readonly borderColor?: CSSResult;
}

/** A bordered card that groups one thing (a request, a document, a question and its answer) as a grid. */
export function cardStyles(selector: string, card: CardMeasures): CSSResult {
  return css`
    ${unsafeCSS(selector)} {
      display: grid;
      gap: ${unsafeCSS(card.gap)};
      padding: ${unsafeCSS(card.padding)};
      border: ${unsafeCSS(card.border)} solid ${card.borderColor ?? color('color-border')};
      border-radius: ${unsafeCSS(card.radius)};
    }
  `;
}

import { svg, type SVGTemplateResult } from 'lit';
import { icon } from '../../base/icons.ts';
import type { IntegrityState } from './integrity-controller.ts';

// The integrity icons differ in shape (shield with tick, shield with cross,
// hourglass, question mark), not only in colour.

export const playIcon = (): SVGTemplateResult => icon(svg`<path d="M7 4l13 8-13 8z"></path>`);

export const pauseIcon = (): SVGTemplateResult =>
  icon(svg`<rect x="6" y="4" width="4" height="16"></rect><rect x="14" y="4" width="4" height="16"></rect>`);

export const backIcon = (): SVGTemplateResult => icon(svg`<path d="M11 6l-6 6 6 6M19 6l-6 6 6 6"></path>`);

export const forwardIcon = (): SVGTemplateResult => icon(svg`<path d="M13 6l6 6-6 6M5 6l6 6-6 6"></path>`);

const shield = svg`<path d="M12 3l8 3v6c0 5-3.5 8-8 9-4.5-1-8-4-8-9V6z"></path>`;

const INTEGRITY_ICONS: Readonly<Record<IntegrityState, SVGTemplateResult>> = {
  idle: svg`<circle cx="12" cy="12" r="9"></circle>`,
  verifying: svg`<path d="M7 3h10M7 21h10M8 3c0 5 8 6 8 9s-8 4-8 9M16 3c0 5-8 6-8 9"></path>`,
  verified: svg`${shield}<path d="M8.5 12.5l2.5 2.5 4.5-5"></path>`,
  failed: svg`${shield}<path d="M9 9.5l6 6M15 9.5l-6 6"></path>`,
  error: svg`<circle cx="12" cy="12" r="9"></circle><path d="M9.5 9.5a2.5 2.5 0 1 1 3.5 2.3c-.7.3-1 .9-1 1.7M12 17h.01"></path>`,
};

export const integrityIcon = (state: IntegrityState): SVGTemplateResult => icon(INTEGRITY_ICONS[state]);

import { css } from 'lit';
import { color } from '../../base/styles.ts';

/** What `<air-captions>` adds to the shared base (base/styles.ts). */
export const captionsStyles = css`
  :host {
    display: block;
  }

  [part~='base'] {
    justify-items: start;
    gap: 0.5rem;
  }

  :host([placement='over']) [part~='base'] {
    background: transparent;
  }

  [part~='cues'] {
    display: grid;
    gap: 0.25rem;
    justify-self: stretch;
  }

  /* Light text on the stage's near-black in both schemes (as broadcast captions): readable over any video. */
  [part~='cue'] {
    margin: 0;
    padding: 0.25rem 0.75rem;
    font-size: var(--air-captions-cue-size, calc(var(--_font-size) * 1.25));
    line-height: 1.4;
    white-space: pre-line;
    color: var(--air-captions-cue-color, ${color('color-on-stage')});
    background: var(--air-captions-cue-background, ${color('color-stage')});
    border-radius: 6px;
  }

  :host([placement='over']) [part~='cue'] {
    background: var(--air-captions-cue-background, ${color('color-overlay')});
  }

  /* Elderly mode: the caption text never below 20 px (the shared size is 22 px; captions a step larger). */
  :host([elderly]) [part~='cue'] {
    font-size: var(--air-captions-cue-size, max(20px, calc(var(--_font-size) * 1.25)));
  }

  [part~='toggle-state'] {
    padding: 0 0.5rem;
    border: 1px solid currentColor;
    border-radius: 4px;
  }

  /* Forced colours drop backgrounds: each caption keeps its boundary and system colours. */
  @media (forced-colors: active) {
    [part~='cue'] {
      color: CanvasText;
      background: Canvas;
      border: 2px solid CanvasText;
    }

    [part~='toggle'] {
      border: 2px solid ButtonText;
    }
  }
`;

import { css } from 'lit';
import { color } from '../../base/styles.ts';

/** What the signature pad adds to the shared base (base/styles.ts). */
export const styles = css`
  :host {
    display: block;
  }

  [part~='canvas'] {
    display: block;
    width: 100%;
    height: var(--air-signature-pad-height, 200px);
    touch-action: none;
    /* The ink colour (base/signature-ink.ts reads it; forced colours replace it with the system text colour). */
    color: var(--air-signature-pad-ink, ${color('color-ink')});
    background: var(--air-signature-pad-paper, ${color('color-paper')});
    border: 2px dashed var(--air-signature-pad-line, ${color('color-border')});
    border-radius: 8px;
    cursor: crosshair;
  }

  :host([elderly]) [part~='canvas'] {
    height: var(--air-signature-pad-elderly-height, 320px);
  }

  [part~='canvas']:focus-visible {
    outline: 3px solid var(--_focus);
    outline-offset: 2px;
  }

  [part~='controls'] {
    display: flex;
    flex-wrap: wrap;
    gap: 0.75rem;
  }

  p {
    margin: 0;
  }
`;

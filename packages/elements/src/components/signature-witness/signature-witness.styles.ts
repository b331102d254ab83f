import { css } from 'lit';
import { color } from '../../base/styles.ts';

/** What the signature witness adds to the shared base (base/styles.ts). */
export const styles = css`
  :host {
    display: block;
  }

  header {
    display: flex;
    flex-wrap: wrap;
    align-items: baseline;
    gap: 0.25rem 1rem;
  }

  h2,
  h3,
  p {
    margin: 0;
  }

  h2 {
    font-size: 1.125em;
  }

  h3 {
    font-size: 1em;
  }

  [part~='short-code'] {
    font-variant-numeric: tabular-nums;
    font-weight: 600;
    letter-spacing: 0.05em;
  }

  [part~='canvas'] {
    box-sizing: border-box;
    display: block;
    width: 100%;
    height: var(--air-signature-witness-height, 200px);
    /* The ink colour (base/signature-ink.ts reads it; forced colours replace it with the system text colour). */
    color: var(--air-signature-witness-ink, ${color('color-ink')});
    background: var(--air-signature-witness-paper, ${color('color-paper')});
    border: 2px solid var(--air-signature-witness-line, ${color('color-border')});
    border-radius: 8px;
  }

  :host([elderly]) [part~='canvas'] {
    height: var(--air-signature-witness-elderly-height, 320px);
  }

  [part~='status']:focus-visible {
    outline: 3px solid var(--_focus);
    outline-offset: 2px;
  }

  [part~='controls'],
  .actions {
    display: flex;
    flex-wrap: wrap;
    gap: 0.75rem;
  }

  [part~='redo-form'] {
    display: grid;
    gap: 0.5rem;
    padding: 0.75rem;
    border: 2px solid var(--air-signature-witness-line, ${color('color-border')});
    border-radius: 8px;
  }

  textarea {
    resize: vertical;
  }

  textarea[aria-invalid='true'] {
    border-color: ${color('color-error')};
  }

  .hint {
    font-size: 0.875em;
  }

  .field-error {
    color: ${color('color-error')};
    font-weight: 700;
  }
`;

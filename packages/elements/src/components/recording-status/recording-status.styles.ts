import { css } from 'lit';

/** What the recording elements add to the shared base (base/styles.ts). */
export const styles = css`
  :host {
    display: block;
  }

  [part~='base'] {
    gap: 0.5rem;
  }

  p {
    margin: 0;
  }

  [part~='badge'] {
    font-weight: 700;
  }

  [part~='badge'][data-state='active'] {
    color: var(--air-recording-status-active-color, #a4001d);
  }

  [part~='badge'][data-coverage='partial'] {
    color: #7a2e00;
  }

  [part~='banner'] {
    display: grid;
    gap: 0.25rem;
    padding: 0.75rem;
    border: 2px solid var(--air-recording-status-warning-border, #b45309);
    border-inline-start-width: 8px;
    border-radius: 6px;
    background: var(--air-recording-status-warning-background, #fff4e5);
    color: #3b1d00;
  }

  [part~='elapsed'] {
    font-variant-numeric: tabular-nums;
  }

  [part~='error'] {
    color: #8a0019;
    font-weight: 600;
  }

  button {
    font-weight: normal;
    border-color: #0b3d6e;
    border-radius: 6px;
    /* Enabled the instant consent arrives: no fade through colours of poor contrast. */
    transition: none;
  }

  /* Greyed by colour, not by transparency: the text keeps its contrast. */
  button:disabled {
    background: #e4e7ec;
    border-color: #6b7280;
    color: #374151;
    opacity: 1;
  }
`;

import { css } from 'lit';
import { color } from '../../base/styles.ts';

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
    color: var(--air-recording-status-active-color, ${color('color-error')});
  }

  [part~='badge'][data-coverage='partial'] {
    color: ${color('color-warning-text')};
  }

  [part~='banner'] {
    display: grid;
    gap: 0.25rem;
    padding: 0.75rem;
    border: 2px solid var(--air-recording-status-warning-border, ${color('color-warning')});
    border-inline-start-width: 8px;
    border-radius: 6px;
    background: var(--air-recording-status-warning-background, ${color('color-warning-surface')});
    color: ${color('color-warning-text')};
  }

  [part~='elapsed'] {
    font-variant-numeric: tabular-nums;
  }

  [part~='error'] {
    color: ${color('color-error')};
    font-weight: 600;
  }

  button {
    font-weight: normal;
    border-color: ${color('color-primary')};
    border-radius: 6px;
    /* Enabled the instant consent arrives: no fade through colours of poor contrast. */
    transition: none;
  }

  /* Greyed by colour, not by transparency: the text keeps its contrast. */
  button:disabled {
    background: ${color('color-control')};
    border-color: ${color('color-border')};
    color: ${color('color-text-muted')};
    opacity: 1;
  }
`;

import { css } from 'lit';

export const styles = css`
  :host {
    display: block;
  }

  [part~='base'] {
    --_control-size: var(--air-recording-status-control-size, 48px);
    --_focus: var(--air-recording-status-focus-ring, var(--air-color-focus, #1a56db));
    display: grid;
    gap: 0.5rem;
    font-family: var(--air-font-family, system-ui, sans-serif);
    font-size: var(--air-font-size, 1rem);
    line-height: 1.4;
    color: var(--air-recording-status-color, var(--air-color-text, #1b1b1f));
    background: var(--air-recording-status-background, var(--air-color-surface, #ffffff));
  }

  :host([elderly]) [part~='base'] {
    --_control-size: var(--air-recording-status-control-size, 64px);
    font-size: 1.375rem;
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
    font: inherit;
    min-height: var(--_control-size);
    min-width: var(--_control-size);
    padding: 0 1rem;
    border: 2px solid #0b3d6e;
    border-radius: 6px;
    background: #0b3d6e;
    color: #ffffff;
    cursor: pointer;
  }

  button:disabled {
    background: #e4e7ec;
    border-color: #6b7280;
    color: #374151;
    cursor: not-allowed;
  }

  button:focus-visible {
    outline: 3px solid var(--_focus);
    outline-offset: 2px;
  }

  .visually-hidden {
    position: absolute;
    width: 1px;
    height: 1px;
    overflow: hidden;
    clip-path: inset(50%);
    white-space: nowrap;
  }
`;

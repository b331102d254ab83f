import { css } from 'lit';
import { color } from '../../base/styles.ts';

/** What the document viewer adds to the shared base (base/styles.ts). */
export const styles = css`
  :host {
    display: block;
  }

  p {
    margin: 0;
  }

  [part~='title'] {
    font-weight: 700;
    font-size: 1.125em;
  }

  /* The short code is read aloud by both sides: large, monospaced, one block. */
  [part~='short-code'] {
    display: flex;
    flex-wrap: wrap;
    align-items: baseline;
    gap: 0.25rem 0.75rem;
    padding: 0.5rem 0.75rem;
    border: 2px solid currentColor;
    border-radius: 8px;
  }

  .code {
    font-family: ui-monospace, 'SFMono-Regular', Menlo, Consolas, monospace;
    font-size: 1.75em;
    letter-spacing: 0.08em;
    white-space: nowrap;
  }

  .code-hint {
    flex-basis: 100%;
    font-size: 0.875em;
  }

  [part~='toolbar'] {
    display: flex;
    flex-wrap: wrap;
    justify-content: space-between;
    gap: 0.5rem 1rem;
  }

  [part~='toolbar'] > [role='group'] {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 0.5rem;
  }

  [part~='page-number'],
  .zoom-level {
    min-width: 4ch;
    text-align: center;
    font-variant-numeric: tabular-nums;
  }

  [part~='viewport'] {
    position: relative;
    height: var(--air-document-viewer-height, 60vh);
    overflow: auto;
    padding: 0.75rem;
    background: var(--air-document-viewer-desk, ${color('color-surface-sunken')});
    color: ${color('color-text')};
    border-radius: 8px;
    box-sizing: border-box;
  }

  :host([elderly]) [part~='viewport'] {
    height: var(--air-document-viewer-elderly-height, 75vh);
  }

  [part~='viewport']:focus-visible {
    outline: 3px solid var(--_focus);
    outline-offset: 2px;
  }

  [part~='sheet'] {
    width: 100%;
    max-width: var(--air-document-viewer-page-width, 48rem);
    margin: 0 auto;
  }

  :host([elderly]) [part~='sheet'] {
    max-width: none;
  }

  [part~='page'] {
    display: block;
    background: ${color('color-paper')};
    box-shadow: 0 1px 4px ${color('color-shadow')};
  }

  [part~='page'][hidden] {
    display: none;
  }

  .notice {
    padding: 2rem 1rem;
    text-align: center;
  }

  [part~='agreement'] {
    display: grid;
    gap: 0.5rem;
    justify-items: start;
  }
`;

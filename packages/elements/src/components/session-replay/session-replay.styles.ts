import { css } from 'lit';

export const styles = css`
  :host {
    display: block;
  }

  [part~='base'] {
    --_control-size: var(--air-session-replay-control-size, 44px);
    --_font-size: var(--air-session-replay-font-size, var(--air-font-size, 1rem));
    --_focus: var(--air-session-replay-focus-ring, var(--air-color-focus, #1a56db));
    --_verified: var(--air-session-replay-verified-color, #0f5f2a);
    --_failed: var(--air-session-replay-failed-color, var(--air-color-danger, #b3261e));
    position: relative;
    box-sizing: border-box;
    display: grid;
    gap: 0.75rem;
    padding: 0.75rem;
    font-family: var(--air-font-family, system-ui, sans-serif);
    font-size: var(--_font-size);
    line-height: 1.4;
    color: var(--air-session-replay-color, var(--air-color-text, #1b1b1f));
    background: var(--air-session-replay-background, var(--air-color-surface, #ffffff));
    border-radius: var(--air-session-replay-radius, var(--air-radius, 12px));
  }

  :host([elderly]) [part~='base'] {
    --_control-size: var(--air-session-replay-elderly-control-size, 64px);
    --_font-size: var(--air-session-replay-elderly-font-size, 1.375rem);
    gap: 1rem;
  }

  p {
    margin: 0;
  }

  [part~='header'] {
    display: flex;
    flex-wrap: wrap;
    align-items: flex-start;
    justify-content: space-between;
    gap: 0.5rem 1rem;
  }

  [part~='title'],
  [part~='status'] {
    font-weight: 600;
  }

  /* The badge: an icon of its own shape per state, the verdict in words, and a border style. */
  [part~='integrity'] {
    display: grid;
    gap: 0.25rem;
    max-width: 100%;
    padding: 0.5rem 0.75rem;
    border: 2px solid currentColor;
    border-radius: 8px;
  }

  [part~='integrity'][data-state='verified'] {
    color: var(--_verified);
    background: #e7f4ea;
  }

  [part~='integrity'][data-state='failed'] {
    color: var(--_failed);
    background: #fdecea;
    border-width: 3px;
  }

  [part~='integrity'][data-state='verifying'],
  [part~='integrity'][data-state='idle'],
  [part~='integrity'][data-state='error'] {
    color: #3c4257;
    background: #f1f2f6;
    border-style: dashed;
  }

  [part~='integrity-status'] {
    display: flex;
    align-items: center;
    gap: 0.5rem;
    font-weight: 700;
  }

  [part~='key-id'],
  .detail {
    font-size: 0.875em;
    overflow-wrap: anywhere;
  }

  [part~='problems'] {
    display: grid;
    gap: 0.25rem;
    margin: 0;
    padding-inline-start: 1.25rem;
  }

  .detail {
    display: block;
    font-family: ui-monospace, monospace;
  }

  [part~='notice'] {
    padding: 0.5rem 0.75rem;
    color: #5c3c00;
    background: #fff4d6;
    border-inline-start: 4px solid currentColor;
  }

  [part~='stage'] {
    padding: 0.5rem;
    color: #ffffff;
    background: var(--air-session-replay-stage-background, #111318);
    border-radius: 8px;
  }

  [part~='participants'] {
    display: grid;
    grid-template-columns: repeat(auto-fit, minmax(min(100%, 16rem), 1fr));
    gap: 0.5rem;
    margin: 0;
    padding: 0;
    list-style: none;
  }

  [part~='participant'] {
    display: grid;
    overflow: hidden;
    background: #000000;
    border-radius: 8px;
  }

  .track {
    position: relative;
  }

  video {
    display: block;
    width: 100%;
    max-height: var(--air-session-replay-video-max-height, 24rem);
    aspect-ratio: 4 / 3;
    object-fit: contain;
    background: #000000;
  }

  [part~='audio-only'] {
    display: flex;
    align-items: center;
    justify-content: center;
    gap: 0.5rem;
    aspect-ratio: 4 / 3;
  }

  [part~='inactive'],
  [part~='media-error'] {
    position: absolute;
    inset: auto 0 0 0;
    padding: 0.25rem 0.5rem;
    color: #ffffff;
    background: rgba(0, 0, 0, 0.8);
  }

  /* An audio track has no picture to lay the remark over. */
  .track[data-kind='audio'] [part~='inactive'],
  .track[data-kind='audio'] [part~='media-error'] {
    position: static;
  }

  [part~='participant-name'] {
    padding: 0.25rem 0.5rem;
    font-weight: 600;
    color: #ffffff;
    background: #1f2430;
  }

  [part~='controls'] {
    display: grid;
    gap: 0.5rem;
  }

  .buttons,
  [part~='speeds'] {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 0.5rem;
  }

  [part~='time'] {
    font-variant-numeric: tabular-nums;
  }

  .seek {
    display: grid;
    gap: 0.125rem;
  }

  [part~='timeline'] {
    position: relative;
    height: 0.75rem;
  }

  .tick {
    position: absolute;
    top: 0;
    width: 2px;
    height: 100%;
    background: #3c4257;
  }

  [part~='seek'] {
    width: 100%;
    min-height: var(--_control-size);
    margin: 0;
    accent-color: var(--_focus);
  }

  button {
    display: inline-flex;
    align-items: center;
    justify-content: center;
    gap: 0.5rem;
    min-width: var(--_control-size);
    min-height: var(--_control-size);
    padding: 0 1rem;
    font: inherit;
    font-weight: 600;
    color: var(--air-session-replay-control-color, #1b1b1f);
    background: var(--air-session-replay-control-background, #e8eaf0);
    border: 2px solid transparent;
    border-radius: calc(var(--_control-size) / 2);
    cursor: pointer;
  }

  button[aria-pressed='true'] {
    color: #ffffff;
    background: var(--air-session-replay-pressed-background, #3c4257);
    border-color: #1b1b1f;
  }

  button:focus-visible,
  [part~='seek']:focus-visible {
    outline: 3px solid var(--_focus);
    outline-offset: 2px;
  }

  button:disabled,
  [part~='seek']:disabled {
    cursor: not-allowed;
    opacity: 0.6;
  }

  [part~='markers'] {
    display: grid;
    gap: 0.25rem;
    max-height: 20rem;
    margin: 0;
    padding: 0;
    overflow-y: auto;
    list-style: none;
  }

  [part~='marker'] {
    justify-content: flex-start;
    width: 100%;
    text-align: start;
    border-radius: 8px;
  }

  [part~='marker'][aria-current] {
    border-color: #1b1b1f;
  }

  [part~='marker-time'] {
    min-width: 4.5em;
    font-variant-numeric: tabular-nums;
  }

  svg {
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

  @media (prefers-reduced-motion: no-preference) {
    button {
      transition: background-color 120ms ease-out;
    }
  }
`;

import { css } from 'lit';

export const styles = css`
  :host {
    display: block;
  }

  [part~='base'] {
    --_control-size: var(--air-video-session-control-size, 48px);
    --_font-size: var(--air-video-session-font-size, var(--air-font-size, 1rem));
    --_focus: var(--air-video-session-focus-ring, var(--air-color-focus, #1a56db));
    box-sizing: border-box;
    display: grid;
    gap: 0.75rem;
    padding: 0.75rem;
    font-family: var(--air-font-family, system-ui, sans-serif);
    font-size: var(--_font-size);
    line-height: 1.4;
    color: var(--air-video-session-color, var(--air-color-text, #1b1b1f));
    background: var(--air-video-session-background, var(--air-color-surface, #ffffff));
    border-radius: var(--air-video-session-radius, var(--air-radius, 12px));
  }

  :host([elderly]) [part~='base'] {
    --_control-size: var(--air-video-session-elderly-control-size, 64px);
    --_font-size: var(--air-video-session-elderly-font-size, 1.375rem);
    gap: 1rem;
  }

  [part~='status'] {
    margin: 0;
    font-weight: 600;
  }

  [part~='stage'] {
    position: relative;
    display: grid;
    gap: 0.5rem;
    min-height: 12rem;
    padding: 0.5rem;
    background: var(--air-video-session-stage-background, #111318);
    color: #ffffff;
    border-radius: inherit;
  }

  [part~='participants'] {
    display: grid;
    grid-template-columns: repeat(auto-fit, minmax(min(100%, 16rem), 1fr));
    gap: 0.5rem;
    margin: 0;
    padding: 0;
    list-style: none;
  }

  [part~='participant'],
  [part~='local'] {
    position: relative;
    margin: 0;
    overflow: hidden;
    border-radius: 8px;
    background: #000000;
  }

  video {
    display: block;
    width: 100%;
    aspect-ratio: 16 / 9;
    object-fit: cover;
    background: #000000;
  }

  [part~='local'] {
    width: min(30%, 14rem);
    justify-self: end;
  }

  [part~='local-video'] {
    transform: scaleX(-1); /* a mirror is what people expect of their own preview */
  }

  [part~='participant-info'],
  [part~='local'] figcaption {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 0.25rem 0.75rem;
    padding: 0.25rem 0.5rem;
    background: rgba(0, 0, 0, 0.75);
    color: #ffffff;
  }

  [part~='participant-name'] {
    font-weight: 600;
  }

  [part~='quality'],
  [part~='remote-muted'] {
    display: inline-flex;
    align-items: center;
    gap: 0.25rem;
  }

  [part~='waiting'] {
    padding: 2rem 1rem;
    text-align: center;
  }

  [part~='controls'] {
    display: flex;
    flex-wrap: wrap;
    justify-content: center;
    gap: 0.75rem;
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
    color: var(--air-video-session-control-color, #1b1b1f);
    background: var(--air-video-session-control-background, #e8eaf0);
    border: 2px solid transparent;
    border-radius: calc(var(--_control-size) / 2);
    cursor: pointer;
  }

  button[aria-pressed='true'] {
    color: #ffffff;
    background: var(--air-video-session-control-pressed-background, #3c4257);
  }

  button:focus-visible {
    outline: 3px solid var(--_focus);
    outline-offset: 2px;
  }

  button:disabled {
    cursor: not-allowed;
    opacity: 0.6;
  }

  [part~='hang-up'] {
    color: #ffffff;
    background: var(--air-video-session-danger, var(--air-color-danger, #b3261e));
  }

  [part~='confirm-hang-up'] {
    color: #ffffff;
    background: var(--air-video-session-danger, var(--air-color-danger, #b3261e));
  }

  [part~='hang-up-confirm'],
  [part~='ended'],
  [part~='reconnecting'] {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    justify-content: center;
    gap: 0.75rem;
    margin: 0;
    padding: 0.75rem;
    border: 2px solid currentColor;
    border-radius: 8px;
  }

  [part~='hang-up-confirm'] p,
  [part~='ended'] p {
    flex-basis: 100%;
    margin: 0;
    text-align: center;
  }

  [role='timer'] {
    font-variant-numeric: tabular-nums;
    font-weight: 600;
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

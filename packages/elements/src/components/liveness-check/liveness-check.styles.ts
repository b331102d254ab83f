import { css } from 'lit';

export const styles = css`
  :host {
    display: block;
  }

  [part~='base'] {
    --_control-size: var(--air-liveness-check-control-size, 48px);
    --_font-size: var(--air-liveness-check-font-size, var(--air-font-size, 1rem));
    --_focus: var(--air-liveness-check-focus-ring, var(--air-color-focus, #1a56db));
    --_guide-ok: var(--air-liveness-check-guide-ok, #1e7b34);
    --_guide-wait: var(--air-liveness-check-guide-wait, #ffffff);
    box-sizing: border-box;
    display: grid;
    gap: 0.75rem;
    padding: 0.75rem;
    font-family: var(--air-font-family, system-ui, sans-serif);
    font-size: var(--_font-size);
    line-height: 1.4;
    color: var(--air-liveness-check-color, var(--air-color-text, #1b1b1f));
    background: var(--air-liveness-check-background, var(--air-color-surface, #ffffff));
    border-radius: var(--air-liveness-check-radius, var(--air-radius, 12px));
  }

  :host([elderly]) [part~='base'] {
    --_control-size: var(--air-liveness-check-elderly-control-size, 64px);
    --_font-size: var(--air-liveness-check-elderly-font-size, 1.375rem);
    gap: 1rem;
  }

  [part~='camera'] {
    position: relative;
    overflow: hidden;
    aspect-ratio: 4 / 3;
    background: #111318;
    border-radius: 8px;
  }

  [part~='video'] {
    display: block;
    width: 100%;
    height: 100%;
    object-fit: cover;
    /* A mirror: moving left moves the picture left. */
    transform: scaleX(-1);
  }

  [part~='guide'] {
    position: absolute;
    inset: 0;
    width: 100%;
    height: 100%;
    pointer-events: none;
  }

  [part~='guide'] ellipse {
    fill: none;
    stroke: var(--_guide-wait);
    stroke-width: 0.8;
    /* Not colour alone: the oval is dashed while the face is not right, solid when it is. */
    stroke-dasharray: 3 2;
    vector-effect: non-scaling-stroke;
  }

  [part~='guide'][data-ok] ellipse {
    stroke: var(--_guide-ok);
    stroke-width: 1.2;
    stroke-dasharray: none;
  }

  [part~='prompt'] {
    display: flex;
    gap: 0.5rem;
    align-items: center;
    margin: 0;
    min-height: 1.5em;
    font-weight: 600;
  }

  [part~='prompt-icon'] {
    flex: none;
    font-size: 1.25em;
  }

  [part~='progress'] {
    display: grid;
    gap: 0.25rem;
  }

  [part~='progress-bar'] {
    height: 0.5rem;
    overflow: hidden;
    background: #d9dbe1;
    border-radius: 999px;
  }

  [part~='progress-bar'] > span {
    display: block;
    height: 100%;
    background: var(--air-liveness-check-progress, var(--air-color-accent, #1a56db));
  }

  [part~='controls'] {
    display: flex;
    flex-wrap: wrap;
    gap: 0.5rem;
  }

  [part~='control'] {
    min-width: var(--_control-size);
    min-height: var(--_control-size);
    padding: 0 1.25rem;
    font: inherit;
    color: var(--air-liveness-check-control-color, #ffffff);
    background: var(--air-liveness-check-control-background, #1a56db);
    border: 0;
    border-radius: 8px;
    cursor: pointer;
  }

  [part~='control'][part~='cancel'] {
    color: var(--air-liveness-check-color, var(--air-color-text, #1b1b1f));
    background: transparent;
    border: 2px solid currentColor;
  }

  [part~='control']:focus-visible {
    outline: 3px solid var(--_focus);
    outline-offset: 2px;
  }

  [part~='intro'] {
    margin: 0;
  }
`;

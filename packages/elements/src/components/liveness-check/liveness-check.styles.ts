import { css } from 'lit';
import { color } from '../../base/styles.ts';

export const styles = css`
  :host {
    display: block;
  }

  [part~='base'] {
    --_guide-ok: var(--air-liveness-check-guide-ok, ${color('color-stage-success')});
    --_guide-wait: var(--air-liveness-check-guide-wait, ${color('color-on-stage')});
  }

  [part~='camera'] {
    position: relative;
    overflow: hidden;
    aspect-ratio: 4 / 3;
    background: ${color('color-stage')};
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

  /*
   * The oval is drawn twice: a dark halo under a light (or, once the face is
   * right, green) line, so it stands out at least 3:1 against a bright room
   * and a dark one alike. Widths are screen pixels (non-scaling stroke), wider
   * in elderly mode.
   */
  [part~='guide'] ellipse {
    fill: none;
    vector-effect: non-scaling-stroke;
    --_guide-width: var(--air-liveness-check-guide-width, 4px);
  }

  :host([elderly]) [part~='guide'] ellipse {
    --_guide-width: var(--air-liveness-check-elderly-guide-width, 7px);
  }

  [part~='guide-halo'] {
    stroke: ${color('color-overlay')};
    stroke-width: calc(var(--_guide-width) + 4px);
  }

  [part~='guide-line'] {
    stroke: var(--_guide-wait);
    stroke-width: var(--_guide-width);
    /* Not colour alone: the oval is dashed while the face is not right, solid when it is. */
    stroke-dasharray: 12 8;
  }

  [part~='guide'][data-ok] [part~='guide-line'] {
    stroke: var(--_guide-ok);
    stroke-dasharray: none;
  }

  @media (forced-colors: active) {
    [part~='guide-line'] {
      stroke: CanvasText;
    }

    [part~='guide'][data-ok] [part~='guide-line'] {
      stroke: Highlight;
    }
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
    background: ${color('color-control')};
    border-radius: 999px;
  }

  [part~='progress-bar'] > span {
    display: block;
    height: 100%;
    background: var(--air-liveness-check-progress, ${color('color-accent')});
  }

  [part~='controls'] {
    display: flex;
    flex-wrap: wrap;
    gap: 0.5rem;
  }

  [part~='control'] {
    padding: 0 1.25rem;
    border-radius: 8px;
  }

  [part~='control'][part~='cancel'] {
    color: var(--air-liveness-check-color, ${color('color-text')});
    background: transparent;
    border-color: currentColor;
  }

  [part~='intro'] {
    margin: 0;
  }

  /*
   * A running check on a phone takes the whole screen (the element says so
   * with data-full-screen, role="dialog" and aria-modal): the camera view
   * grows into the space left by the instruction, the progress and the
   * cancel button, which stay in view whatever the page around it scrolled to.
   */
  [part~='base'][data-full-screen] {
    position: fixed;
    inset: 0;
    z-index: var(--air-liveness-check-z-index, 2147483000);
    display: flex;
    flex-direction: column;
    margin: 0;
    padding: max(0.75rem, env(safe-area-inset-top)) max(0.75rem, env(safe-area-inset-right))
      max(0.75rem, env(safe-area-inset-bottom)) max(0.75rem, env(safe-area-inset-left));
    overflow: auto;
    background: var(--air-liveness-check-background, ${color('color-surface')});
    border-radius: 0;
  }

  [part~='base'][data-full-screen] [part~='camera'] {
    flex: 1 1 auto;
    min-height: 8rem;
    aspect-ratio: auto;
  }

  [part~='base'][data-full-screen] [part~='prompt'],
  [part~='base'][data-full-screen] [part~='progress'],
  [part~='base'][data-full-screen] [part~='controls'] {
    flex: none;
  }
`;

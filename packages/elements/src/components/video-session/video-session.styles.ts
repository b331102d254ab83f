import { css } from 'lit';
import { color } from '../../base/styles.ts';

export const styles = css`
  /*
   * Given a height (its container has one, or the page sets one on the element), the call keeps to it: the stage
   * takes what the status and the controls leave, and the videos shrink into it instead of pushing
   * the page. Without one, every video takes its natural 16:9 height.
   */
  :host {
    display: block;
    height: 100%;
  }

  [part~='base'] {
    box-sizing: border-box;
    height: 100%;
    grid-template-rows: auto minmax(0, 1fr);
  }

  [part~='status'] {
    margin: 0;
    font-weight: 600;
  }

  [part~='stage'] {
    position: relative;
    display: grid;
    grid-template-rows: minmax(0, 1fr);
    gap: 0.5rem;
    min-height: min(12rem, 100%);
    overflow: hidden;
    padding: 0.5rem;
    background: var(--air-video-session-stage-background, ${color('color-stage')});
    color: ${color('color-on-stage')};
    border-radius: inherit;
  }

  [part~='participants'] {
    display: grid;
    grid-template-columns: repeat(auto-fit, minmax(min(100%, 16rem), 1fr));
    grid-auto-rows: minmax(0, 1fr);
    min-height: 0;
    gap: 0.5rem;
    margin: 0;
    padding: 0;
    list-style: none;
  }

  [part~='participant'],
  [part~='local'] {
    position: relative;
    display: grid;
    grid-template-rows: minmax(0, 1fr) auto;
    min-height: 0;
    margin: 0;
    overflow: hidden;
    border-radius: 8px;
    background: ${color('color-video')};
  }

  video {
    display: block;
    width: 100%;
    height: 100%;
    min-height: 0;
    aspect-ratio: 16 / 9;
    object-fit: cover;
    background: ${color('color-video')};
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
    background: ${color('color-overlay')};
    color: ${color('color-on-stage')};
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

  [part~='hang-up'],
  [part~='confirm-hang-up'] {
    color: ${color('color-on-danger')};
    background: var(--air-video-session-danger, ${color('color-danger')});
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
`;

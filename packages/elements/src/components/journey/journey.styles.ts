import { css } from 'lit';
import { actionsStyles, color, elderlyActionsStyles, warningStyles } from '../../base/styles.ts';

/** What `<air-journey>` adds to the shared base (base/styles.ts): one large card per step. */
export const journeyStyles = css`
  :host {
    display: block;
  }

  [part~='base'] {
    gap: 1rem;
    padding: 1rem;
    /* Body text at least 20 px in elderly mode (the shared default is 22 px); the card's own text a step larger. */
    --_text-size: calc(var(--_font-size) * 1.125);
  }

  p,
  h2 {
    margin: 0;
  }

  [part~='progress'] {
    display: grid;
    gap: 0.25rem;
    font-weight: 600;
  }

  progress {
    width: 100%;
    height: 0.5rem;
    accent-color: var(--air-journey-accent, ${color('color-primary')});
  }

  [part~='card'] {
    display: grid;
    gap: 1rem;
    padding: 1.25rem;
    border: 2px solid var(--air-journey-card-border, ${color('color-border')});
    border-radius: var(--air-journey-radius, 12px);
  }

  [part~='heading'] {
    font-size: calc(var(--_font-size) * 1.375);
    line-height: 1.25;
  }

  [part~='heading']:focus-visible {
    outline: 3px solid var(--_focus);
    outline-offset: 4px;
  }

  [part~='text'] {
    font-size: var(--_text-size);
    white-space: pre-line;
  }

  ${warningStyles("[part~='interrupted'], [part~='repeating']")}

  ${actionsStyles}

  ${elderlyActionsStyles}

  :host([elderly]) [part~='talk-to-person'] {
    width: 100%;
  }

  button.primary {
    color: ${color('color-on-primary')};
    background: var(--air-journey-accent, ${color('color-primary')});
  }

  button.secondary {
    color: var(--air-journey-accent, ${color('color-primary')});
    background: ${color('color-surface')};
    border-color: var(--air-journey-accent, ${color('color-primary')});
  }

  [part~='talk-to-person'] {
    justify-self: start;
    color: ${color('color-text')};
    background: ${color('color-surface')};
    border-color: ${color('color-border')};
  }

  [part~='hint'],
  [part~='status'] {
    color: ${color('color-text-muted')};
  }

  @media (forced-colors: active) {
    [part~='card'],
    button {
      border: 2px solid ButtonText;
    }
  }
`;

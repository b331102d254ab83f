import { css } from 'lit';
import { actionsStyles, cardStyles, color, errorTextStyles } from '../../base/styles.ts';

/** What the consent (and device-help) elements add to the shared base (base/styles.ts). */
export const consentStyles = css`
  :host {
    display: block;
  }

  p {
    margin: 0;
  }

  ${actionsStyles}

  button.secondary {
    color: ${color('color-primary')};
    background: ${color('color-surface')};
    border-color: ${color('color-primary')};
  }

  [part~='message']:focus-visible {
    outline: 3px solid var(--_focus);
    outline-offset: 2px;
  }

  ${cardStyles("[part~='confirm']", {
    gap: '0.5rem',
    padding: '0.75rem',
    border: '2px',
    radius: '6px',
    borderColor: color('color-primary'),
  })}

  ${errorTextStyles}
`;

import { css } from 'lit';
import { color } from '../../base/styles.ts';

/** What the consent (and device-help) elements add to the shared base (base/styles.ts). */
export const consentStyles = css`
  :host {
    display: block;
  }

  p {
    margin: 0;
  }

  [part~='actions'] {
    display: flex;
    flex-wrap: wrap;
    gap: 0.75rem;
  }

  button.secondary {
    color: ${color('color-primary')};
    background: ${color('color-surface')};
    border-color: ${color('color-primary')};
  }

  [part~='message']:focus-visible {
    outline: 3px solid var(--_focus);
    outline-offset: 2px;
  }

  [part~='confirm'] {
    display: grid;
    gap: 0.5rem;
    padding: 0.75rem;
    border: 2px solid ${color('color-primary')};
    border-radius: 6px;
  }

  [part~='error'] {
    color: ${color('color-error')};
    font-weight: 600;
  }
`;

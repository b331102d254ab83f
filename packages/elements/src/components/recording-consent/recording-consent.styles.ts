import { css } from 'lit';

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
    color: #0b3d6e;
    background: #ffffff;
    border-color: #0b3d6e;
  }

  [part~='message']:focus-visible {
    outline: 3px solid var(--_focus);
    outline-offset: 2px;
  }

  [part~='confirm'] {
    display: grid;
    gap: 0.5rem;
    padding: 0.75rem;
    border: 2px solid #0b3d6e;
    border-radius: 6px;
  }

  [part~='error'] {
    color: #8a0019;
    font-weight: 600;
  }
`;

import { css } from 'lit';

/** What the consent element adds to the recording elements' shared look. */
export const consentStyles = css`
  [part~='actions'] {
    display: flex;
    flex-wrap: wrap;
    gap: 0.75rem;
  }

  button.secondary {
    background: #ffffff;
    color: #0b3d6e;
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
`;

import { css } from 'lit';

export const deviceHelpStyles = css`
  [part~='title'] {
    margin: 0;
    font-size: 1.25em;
  }

  [part~='title']:focus-visible {
    outline: 3px solid var(--_focus);
    outline-offset: 2px;
  }

  [part~='steps'] {
    margin: 0;
    padding-inline-start: 1.5rem;
    display: grid;
    gap: 0.25rem;
  }

  [part~='callback-status']:empty {
    display: none;
  }
`;

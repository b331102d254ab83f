import { css, unsafeCSS, type CSSResult } from 'lit';

/** One panel of the replay beside the player (`[part~='<name>-panel']`) and its heading (`.<name>-heading`). */
export function panelStyles(name: string): CSSResult {
  return css`
    [part~='${unsafeCSS(name)}-panel'] {
      display: grid;
      gap: 0.5rem;
    }

    .${unsafeCSS(name)}-heading {
      margin: 0;
      font-size: 1.125em;
    }
  `;
}

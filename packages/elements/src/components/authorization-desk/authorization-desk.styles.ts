import { css } from 'lit';
import { cardStyles, color, plainListStyles } from '../../base/styles.ts';

/** What the authorization desk adds to the shared base (base/styles.ts). */
export const styles = css`
  :host {
    display: block;
  }

  h2,
  h3,
  p,
  dl,
  dd,
  figure {
    margin: 0;
  }

  h2 {
    font-size: 1.375em;
  }

  h3 {
    font-size: 1.125em;
  }

  h2:focus-visible {
    outline: 3px solid var(--_focus);
    outline-offset: 2px;
  }

  ${plainListStyles("[part~='queue'], [part~='attachments'], [part~='votes']", '0.5rem')}

  ${cardStyles("[part~='item'], [part~='case']", { gap: '0.5rem', padding: '0.75rem', border: '2px', radius: '6px' })}

  dl {
    display: grid;
    grid-template-columns: repeat(auto-fit, minmax(12em, 1fr));
    gap: 0.25rem 1rem;
  }

  dt {
    font-weight: 600;
  }

  dd {
    overflow-wrap: anywhere;
  }

  [part~='countdown'] {
    font-variant-numeric: tabular-nums;
  }

  [part~='attachments'] {
    grid-template-columns: repeat(auto-fill, minmax(12rem, 1fr));
  }

  img {
    display: block;
    max-width: 100%;
    height: auto;
    border-radius: 6px;
  }

  [part~='call'] {
    display: grid;
    gap: 0.5rem;
  }

  [part~='decision'] {
    display: grid;
    gap: 0.5rem;
  }

  textarea[aria-invalid='true'] {
    border-color: ${color('color-error')};
  }

  .field-error,
  [part~='error'] {
    color: ${color('color-error')};
    font-weight: 700;
  }

  .actions {
    display: flex;
    flex-wrap: wrap;
    gap: 0.75rem;
  }

  [part~='back'] {
    justify-self: start;
  }

  [part~='result'],
  [data-status='approved'] {
    color: ${color('color-success')};
    font-weight: 700;
  }

  [data-status='declined'],
  [data-status='expired'] {
    color: ${color('color-error')};
    font-weight: 700;
  }
`;

import { css } from 'lit';
import { cardStyles, color, plainListStyles } from '../../base/styles.ts';

/** What the authorization request element adds to the shared base (base/styles.ts). */
export const styles = css`
  :host {
    display: block;
  }

  form {
    display: grid;
    gap: 0.5rem;
  }

  label {
    display: grid;
    gap: 0.25rem;
    font-weight: 600;
  }

  label.check {
    display: flex;
    align-items: center;
    gap: 0.5rem;
    min-height: var(--_target-size);
  }

  label.check input {
    min-width: 1.5rem;
    min-height: 1.5rem;
  }

  ${plainListStyles("[part~='requests']", '0.5rem')}

  ${cardStyles("[part~='request']", { gap: '0.25rem', padding: '0.5rem', border: '2px', radius: '6px' })}

  [part~='status'][data-status='approved'] {
    color: ${color('color-success')};
    font-weight: 700;
  }

  [part~='status'][data-status='declined'],
  [part~='status'][data-status='expired'] {
    color: ${color('color-error')};
    font-weight: 700;
  }

  p {
    margin: 0;
  }
`;

import { css } from 'lit';
import {
  actionsStyles,
  cardStyles,
  color,
  elderlyActionsStyles,
  errorTextStyles,
  plainListStyles,
} from '../../base/styles.ts';

/** What `<air-risk-questionnaire>` adds to the shared base (base/styles.ts). */
export const questionnaireStyles = css`
  :host {
    display: block;
  }

  :host([embedded]) [part~='base'] {
    padding: 0;
  }

  h2,
  h3,
  p {
    margin: 0;
  }

  [part~='title'] {
    font-size: calc(var(--_font-size) * 1.25);
  }

  [part~='progress'] {
    font-weight: 600;
  }

  [part~='question-text'],
  [part~='review-heading'],
  [part~='result-heading'] {
    font-size: calc(var(--_font-size) * 1.125);
    line-height: 1.3;
  }

  [tabindex='-1']:focus-visible {
    outline: 3px solid var(--_focus);
    outline-offset: 4px;
  }

  fieldset {
    display: grid;
    gap: 0.75rem;
    margin: 0;
    padding: 0;
    border: 0;
  }

  [part~='option'] {
    display: flex;
    align-items: center;
    gap: 0.75rem;
    min-height: var(--_target-size);
    padding: 0.5rem 1rem;
    border: 2px solid ${color('color-border')};
    border-radius: 8px;
    cursor: pointer;
  }

  [part~='option']:has(input:checked) {
    border-color: var(--air-risk-questionnaire-accent, ${color('color-primary')});
    background: ${color('color-primary-surface')};
    font-weight: 600;
  }

  [part~='option']:has(input:focus-visible) {
    outline: 3px solid var(--_focus);
    outline-offset: 2px;
  }

  input[type='radio'] {
    width: 1.5em;
    height: 1.5em;
    margin: 0;
    flex: none;
    accent-color: var(--air-risk-questionnaire-accent, ${color('color-primary')});
  }

  ${actionsStyles}

  ${elderlyActionsStyles}

  button.primary {
    color: ${color('color-on-primary')};
    background: var(--air-risk-questionnaire-accent, ${color('color-primary')});
  }

  ${plainListStyles("[part~='review']", '0.75rem')}

  ${cardStyles("[part~='review-item']", { gap: '0.25rem', padding: '0.75rem', border: '1px', radius: '8px' })}

  ${errorTextStyles}

  [part~='level'] {
    font-size: calc(var(--_font-size) * 1.5);
    font-weight: 700;
  }

  [part~='suitability'][data-suitable='false'] {
    padding: 0.75rem;
    color: ${color('color-warning-text')};
    background: ${color('color-warning-surface')};
    border: 2px solid ${color('color-warning')};
    border-radius: 8px;
  }

  @media (forced-colors: active) {
    [part~='option'],
    button {
      border: 2px solid ButtonText;
    }
  }
`;

import { css } from 'lit';
import { actionsStyles, color, errorTextStyles, warningStyles } from '../../base/styles.ts';

/** What `<air-script-prompter>` adds to the shared base (base/styles.ts). */
export const prompterStyles = css`
  :host {
    display: block;
  }

  h2,
  h3,
  p {
    margin: 0;
  }

  [part~='header'] {
    display: flex;
    flex-wrap: wrap;
    align-items: baseline;
    gap: 0.5rem 1rem;
  }

  [part~='heading'] {
    font-size: calc(var(--_font-size) * 1.25);
  }

  [part~='heading']:focus-visible,
  [part~='status']:focus-visible {
    outline: 3px solid var(--_focus);
    outline-offset: 4px;
  }

  [part~='mandatory'] {
    padding: 0 0.5rem;
    color: ${color('color-on-danger')};
    background: ${color('color-danger')};
    border-radius: 4px;
    font-weight: 700;
  }

  [part~='optional'] {
    padding: 0 0.5rem;
    border: 1px solid ${color('color-border')};
    border-radius: 4px;
  }

  /* The script: large and never in a scroll box, so the agent reads without losing the line. */
  [part~='script'] {
    padding: 1rem;
    font-size: var(--air-script-prompter-script-size, calc(var(--_font-size) * 1.5));
    line-height: 1.5;
    white-space: pre-line;
    background: ${color('color-surface-raised')};
    border-left: 6px solid var(--air-script-prompter-accent, ${color('color-primary')});
    border-radius: 4px;
  }

  [part~='customer'] {
    display: flex;
    flex-wrap: wrap;
    gap: 0.5rem;
  }

  [part~='customer'][data-progress='done'] strong {
    color: ${color('color-success')};
  }

  ${warningStyles("[part~='interrupted']")}

  ${actionsStyles}

  button.primary {
    color: ${color('color-on-primary')};
    background: var(--air-script-prompter-accent, ${color('color-primary')});
  }

  form {
    display: grid;
    gap: 0.5rem;
    padding: 0.75rem;
    border: 2px solid ${color('color-border')};
    border-radius: 8px;
  }

  textarea {
    min-height: calc(var(--_target-size) * 1.5);
    padding: 0.5rem;
    font: inherit;
    color: inherit;
    background: ${color('color-surface')};
    border: 2px solid ${color('color-border')};
    border-radius: 6px;
  }

  textarea:focus-visible {
    outline: 3px solid var(--_focus);
    outline-offset: 2px;
  }

  ${errorTextStyles}

  [part~='outline'] {
    display: grid;
    gap: 0.25rem;
    margin: 0;
    padding-left: 1.5rem;
  }

  [part~='outline-step'][aria-current='step'] {
    font-weight: 700;
  }

  @media (forced-colors: active) {
    button,
    [part~='mandatory'] {
      border: 2px solid ButtonText;
    }
  }
`;

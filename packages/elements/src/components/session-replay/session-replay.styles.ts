import { css } from 'lit';
import { color } from '../../base/styles.ts';

export const styles = css`
  :host {
    display: block;
  }

  [part~='base'] {
    --_verified: var(--air-session-replay-verified-color, ${color('color-success')});
    --_failed: var(--air-session-replay-failed-color, ${color('color-danger')});
    position: relative;
  }

  p {
    margin: 0;
  }

  [part~='header'] {
    display: flex;
    flex-wrap: wrap;
    align-items: flex-start;
    justify-content: space-between;
    gap: 0.5rem 1rem;
  }

  [part~='title'],
  [part~='status'] {
    font-weight: 600;
  }

  /* The badge: an icon of its own shape per state, the verdict in words, and a border style. */
  [part~='integrity'] {
    display: grid;
    gap: 0.25rem;
    max-width: 100%;
    padding: 0.5rem 0.75rem;
    border: 2px solid currentColor;
    border-radius: 8px;
  }

  [part~='integrity'][data-state='verified'] {
    color: var(--_verified);
    background: ${color('color-success-surface')};
  }

  [part~='integrity'][data-state='failed'] {
    color: var(--_failed);
    background: ${color('color-danger-surface')};
    border-width: 3px;
  }

  [part~='integrity'][data-state='verifying'],
  [part~='integrity'][data-state='idle'],
  [part~='integrity'][data-state='error'] {
    color: ${color('color-text-muted')};
    background: ${color('color-surface-raised')};
    border-style: dashed;
  }

  [part~='integrity-status'] {
    display: flex;
    align-items: center;
    gap: 0.5rem;
    font-weight: 700;
  }

  [part~='key-id'],
  .detail {
    font-size: 0.875em;
    overflow-wrap: anywhere;
  }

  [part~='problems'] {
    display: grid;
    gap: 0.25rem;
    margin: 0;
    padding-inline-start: 1.25rem;
  }

  .detail {
    display: block;
    font-family: ui-monospace, monospace;
  }

  [part~='notice'] {
    padding: 0.5rem 0.75rem;
    color: ${color('color-warning-text')};
    background: ${color('color-warning-surface')};
    border-inline-start: 4px solid currentColor;
  }

  [part~='stage'] {
    padding: 0.5rem;
    color: ${color('color-on-stage')};
    background: var(--air-session-replay-stage-background, ${color('color-stage')});
    border-radius: 8px;
  }

  [part~='participants'] {
    display: grid;
    grid-template-columns: repeat(auto-fit, minmax(min(100%, 16rem), 1fr));
    gap: 0.5rem;
    margin: 0;
    padding: 0;
    list-style: none;
  }

  [part~='participant'] {
    display: grid;
    overflow: hidden;
    background: ${color('color-video')};
    border-radius: 8px;
  }

  .track {
    position: relative;
  }

  video {
    display: block;
    width: 100%;
    max-height: var(--air-session-replay-video-max-height, 24rem);
    aspect-ratio: 4 / 3;
    object-fit: contain;
    background: ${color('color-video')};
  }

  [part~='audio-only'] {
    display: flex;
    align-items: center;
    justify-content: center;
    gap: 0.5rem;
    aspect-ratio: 4 / 3;
  }

  [part~='inactive'],
  [part~='media-error'] {
    position: absolute;
    inset: auto 0 0 0;
    padding: 0.25rem 0.5rem;
    color: ${color('color-on-stage')};
    background: ${color('color-overlay')};
  }

  /* An audio track has no picture to lay the remark over. */
  .track[data-kind='audio'] [part~='inactive'],
  .track[data-kind='audio'] [part~='media-error'] {
    position: static;
  }

  [part~='participant-name'] {
    padding: 0.25rem 0.5rem;
    font-weight: 600;
    color: ${color('color-on-stage')};
    background: ${color('color-stage-raised')};
  }

  [part~='controls'] {
    display: grid;
    gap: 0.5rem;
  }

  .buttons,
  [part~='speeds'] {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 0.5rem;
  }

  [part~='time'] {
    font-variant-numeric: tabular-nums;
  }

  .seek {
    display: grid;
    gap: 0.125rem;
  }

  [part~='timeline'] {
    position: relative;
    height: 0.75rem;
  }

  .tick {
    position: absolute;
    top: 0;
    width: 2px;
    height: 100%;
    background: ${color('color-text-muted')};
  }

  [part~='seek'] {
    width: 100%;
    min-height: var(--_target-size);
    margin: 0;
    accent-color: var(--_focus);
  }

  button[aria-pressed='true'] {
    border-color: ${color('color-text')};
  }

  [part~='markers'] {
    display: grid;
    gap: 0.25rem;
    max-height: 20rem;
    margin: 0;
    padding: 0;
    overflow-y: auto;
    list-style: none;
  }

  [part~='marker'] {
    justify-content: flex-start;
    width: 100%;
    text-align: start;
    border-radius: 8px;
  }

  [part~='marker'][aria-current] {
    border-color: ${color('color-text')};
  }

  [part~='marker-time'] {
    min-width: 4.5em;
    font-variant-numeric: tabular-nums;
  }
`;

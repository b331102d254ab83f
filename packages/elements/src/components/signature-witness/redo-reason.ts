import type { LocalizeController } from '../../base/localize.ts';

/**
 * Longest reason the server accepts for a redo (`requestSignatureRedo`'s
 * `reason`, 1–200 characters): the form never lets the agent write more.
 */
export const MAX_REDO_REASON_LENGTH = 200;

/** Preset reasons for asking the customer to sign again, most common first; `other` needs the agent's own words. */
export const REDO_PRESETS = ['incomplete', 'not-usual', 'outside-field', 'pen-slipped', 'other'] as const;
export type RedoPreset = (typeof REDO_PRESETS)[number];

export const isRedoPreset = (value: string): value is RedoPreset => (REDO_PRESETS as readonly string[]).includes(value);

/**
 * Room left for the agent's own words beside `preset`: the whole reason
 * (the preset's words, the separator and the message) must fit
 * {@link MAX_REDO_REASON_LENGTH}.
 */
export function detailRoom(localize: LocalizeController, preset: RedoPreset): number {
  if (preset === 'other') return MAX_REDO_REASON_LENGTH;
  const frame = localize.term('signatureWitness.reasonWithDetail', {
    reason: localize.term(`signatureWitness.reason.${preset}`),
    detail: '',
  });
  return Math.max(0, MAX_REDO_REASON_LENGTH - frame.length);
}

/**
 * The reason sent to the customer, in the agent's locale (the customer
 * reads it as written): the preset's words, followed by the agent's message
 * when there is one; for `other` the message alone. Undefined when `other`
 * has no message. Never longer than {@link MAX_REDO_REASON_LENGTH}.
 */
export function redoReason(localize: LocalizeController, preset: RedoPreset, detail: string): string | undefined {
  const message = detail.trim().slice(0, detailRoom(localize, preset)).trim();
  if (preset === 'other') return message === '' ? undefined : message;
  const reason = localize.term(`signatureWitness.reason.${preset}`);
  return message === '' ? reason : localize.term('signatureWitness.reasonWithDetail', { reason, detail: message });
}

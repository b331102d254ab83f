/**
 * The consent text shown to the customer before recording. Its version id is
 * what the evidence log records with the customer's action; a bank versions
 * its own texts with its legal team.
 */
export const CONSENT_TEXT = {
  version: 'demo-recording-consent-2026-12',
  en: 'This conversation will be recorded (audio and video) as required by regulation for this product. The recording is kept securely and only reviewed by authorized staff. Do you agree to the recording?',
} as const;

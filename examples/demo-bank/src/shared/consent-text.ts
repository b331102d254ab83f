import type { Language } from './page-settings.ts';

/**
 * The consent text shown to the customer before recording, in each language.
 * Its version id is what the evidence log records with the customer's action;
 * a bank versions its own texts with its legal team.
 */
export const CONSENT_TEXT: { readonly version: string } & Readonly<Record<Language, string>> = {
  version: 'demo-recording-consent-2026-12',
  en: 'This conversation will be recorded (audio and video) as required by regulation for this product. The recording is kept securely and only reviewed by authorized staff. Do you agree to the recording?',
  'zh-Hans': '根据监管要求，本次办理将进行录音录像。录像将被安全保存，仅供经授权的人员审阅。您是否同意录制？',
  'zh-Hant': '根據監管要求，本次辦理將進行錄音錄影。錄影將被安全保存，僅供經授權的人員審閱。您是否同意錄影？',
};

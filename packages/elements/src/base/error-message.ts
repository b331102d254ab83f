import { isErrorCode, type ErrorCode } from '@aircounter/protocol';
import type { LocalizeController } from './localize.ts';

/**
 * A plain-language, localized text for a typed error: what people read
 * instead of the SDK's technical message ("startRecording: recording … is
 * active"). `error.<CODE>` is a key of every locale, so a new code without
 * a text fails the type check here.
 */
export function errorMessage(localize: LocalizeController, error: { readonly code: string }): string {
  const code: ErrorCode = isErrorCode(error.code) ? error.code : 'INTERNAL';
  return localize.term(`error.${code}`);
}

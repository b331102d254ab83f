import * as v from 'valibot';

/** The locales every journey text is written in (zh-Hans is the default of the demo). */
export const JOURNEY_LOCALES = ['en', 'zh-Hans', 'zh-Hant'] as const;
export type JourneyLocale = (typeof JOURNEY_LOCALES)[number];

/** Longest text of one locale, characters (a disclosure of several paragraphs fits). */
export const MAX_TEXT_CHARS = 8_000;

const Text = v.pipe(v.string(), v.trim(), v.minLength(1), v.maxLength(MAX_TEXT_CHARS));

/**
 * A text in every locale. All three are required: a customer must never see a
 * step in a language other than the one the session runs in, and the text
 * shown is what is hashed onto the evidence chain.
 */
export const LocalizedText = v.strictObject({ en: Text, 'zh-Hans': Text, 'zh-Hant': Text });
export type LocalizedText = v.InferOutput<typeof LocalizedText>;

export function isJourneyLocale(value: unknown): value is JourneyLocale {
  return typeof value === 'string' && (JOURNEY_LOCALES as readonly string[]).includes(value);
}

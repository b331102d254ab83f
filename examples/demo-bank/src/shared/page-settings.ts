// The customer page's two settings, remembered per device (localStorage):
// its language (zh-Hans by default, following the browser when it asks for
// Chinese or English) and the large-text elderly mode (长辈版).

export const LANGUAGES = ['zh-Hans', 'zh-Hant', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];

const LANGUAGE_KEY = 'air-demo-language';
const ELDERLY_KEY = 'air-demo-elderly';

export function isLanguage(value: unknown): value is Language {
  return typeof value === 'string' && (LANGUAGES as readonly string[]).includes(value);
}

/** The browser's first Chinese or English preference, mapped to a page language. */
export function languageFromBrowser(preferences: readonly string[]): Language | undefined {
  for (const tag of preferences) {
    const lower = tag.toLowerCase();
    if (lower === 'zh' || lower.startsWith('zh-')) {
      return /-(hant|tw|hk|mo)(-|$)/.test(lower) ? 'zh-Hant' : 'zh-Hans';
    }
    if (lower === 'en' || lower.startsWith('en-')) return 'en';
  }
  return undefined;
}

function stored(key: string): string | null {
  try {
    return localStorage.getItem(key);
  } catch {
    return null; // storage blocked (private mode): settings last for this page only
  }
}

function store(key: string, value: string): void {
  try {
    localStorage.setItem(key, value);
  } catch {
    // Not remembered, still applied.
  }
}

/** The remembered choice, else the browser's language, else zh-Hans (the demo's default). */
export function initialLanguage(): Language {
  const remembered = stored(LANGUAGE_KEY);
  if (isLanguage(remembered)) return remembered;
  return languageFromBrowser(navigator.languages ?? [navigator.language]) ?? 'zh-Hans';
}

export function rememberLanguage(language: Language): void {
  store(LANGUAGE_KEY, language);
}

export function initialElderly(): boolean {
  return stored(ELDERLY_KEY) === 'on';
}

export function rememberElderly(on: boolean): void {
  store(ELDERLY_KEY, on ? 'on' : 'off');
}

/**
 * Applies both to the document: `lang` and `data-air-elderly` (every air-* element follows them, also those the
 * page adds later) and the large-text class for the page's own styles.
 */
export function applySettings(language: Language, elderly: boolean): void {
  document.documentElement.lang = language;
  document.documentElement.toggleAttribute('data-air-elderly', elderly);
  document.documentElement.classList.toggle('elderly', elderly);
}

// The air-* elements' texts in the page's language, for the page's own
// wording of what the elements report (typed errors, recording reasons).
import { isErrorCode } from '@aircounter/client';
import { loadTranslation, type Translation } from '@aircounter/elements';
import { PagePreferences } from './page-preferences.ts';
import type { Language } from './page-settings.ts';

export class ElementText {
  #terms: Translation | undefined;
  #wanted: Language | undefined;

  /** The loaded texts; undefined until the first language has loaded. */
  get terms(): Translation | undefined {
    return this.#terms;
  }

  /** Loads a language's texts; after a quick switch only the last language asked for is kept. */
  async load(language: Language): Promise<void> {
    this.#wanted = language;
    const loaded = await loadTranslation(language);
    if (this.#wanted === language) this.#terms = loaded;
  }

  /** A typed error in plain words (the code itself until the texts have loaded); may be passed on as a function. */
  readonly errorText = (code: string): string => {
    const key = `error.${isErrorCode(code) ? code : 'INTERNAL'}` as const;
    return this.#terms?.[key] ?? code;
  };
}

/** A page's preferences whose language switch also loads the elements' texts of that language, then redraws. */
export function preferencesWithElementText(redraw: () => void): {
  readonly preferences: PagePreferences;
  readonly elementText: ElementText;
} {
  const elementText = new ElementText();
  const preferences = new PagePreferences(redraw, (language) => void elementText.load(language).then(redraw));
  return { preferences, elementText };
}

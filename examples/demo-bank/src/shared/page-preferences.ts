// One open page's language and large-text mode (长辈版): every page starts
// from the remembered settings (page-settings.ts), remembers each change,
// redraws, and shows the same settings bar, so the pages cannot drift apart.
import { html, render, type TemplateResult } from 'lit';
import {
  applySettings,
  initialElderly,
  initialLanguage,
  rememberElderly,
  rememberLanguage,
  type Language,
} from './page-settings.ts';
import { settingsBar, type SettingsBarText } from './settings-bar.ts';

/** A page's own words for its title and its settings bar. */
export interface PageText extends SettingsBarText {
  readonly title: string;
}

export class PagePreferences {
  #language: Language = initialLanguage();
  #elderly = initialElderly();
  readonly #heading = document.querySelector('header h1');
  readonly #redraw: () => void;
  readonly #languageChanged: ((language: Language) => void) | undefined;

  /**
   * `redraw` runs after each change; `languageChanged` after that, for what a
   * page loads per language (the elements' texts).
   */
  constructor(redraw: () => void, languageChanged?: (language: Language) => void) {
    this.#redraw = redraw;
    this.#languageChanged = languageChanged;
  }

  get language(): Language {
    return this.#language;
  }

  get elderly(): boolean {
    return this.#elderly;
  }

  readonly setLanguage = (next: Language): void => {
    this.#language = next;
    rememberLanguage(next);
    this.#redraw();
    this.#languageChanged?.(next);
  };

  readonly toggleElderly = (): void => {
    this.#elderly = !this.#elderly;
    rememberElderly(this.#elderly);
    this.#redraw();
  };

  /** Applies both settings to the document and names the page (tab and header) in its language. */
  #show(title: string): void {
    applySettings(this.#language, this.#elderly);
    document.title = title;
    if (this.#heading) this.#heading.textContent = title;
  }

  /** Draws the page: the settings applied, the page named, and the settings bar above the page's content. */
  render(text: PageText, content: unknown, container: HTMLElement): void {
    this.#show(text.title);
    render(html`${this.#bar(text)} ${content}`, container);
  }

  /** The settings bar, worded by the page's own texts. */
  #bar(text: SettingsBarText): TemplateResult {
    return settingsBar(
      text,
      { language: this.#language, largeText: this.#elderly },
      { language: this.setLanguage, largeText: this.toggleElderly },
    );
  }
}

import { html, type TemplateResult } from 'lit';
import { LANGUAGE_NAMES } from './customer-text.ts';
import { isLanguage, LANGUAGES, type Language } from './page-settings.ts';

/** The words of the bar, in the page's language. */
export interface SettingsBarText {
  readonly settings: string;
  readonly language: string;
  readonly largeText: string;
}

/**
 * Every page's settings: the language (each name in its own language,
 * marked with its `lang`) and the large-text mode, as a toggle button whose
 * pressed state is announced.
 */
export function settingsBar(
  text: SettingsBarText,
  state: { readonly language: Language; readonly largeText: boolean },
  on: { readonly language: (next: Language) => void; readonly largeText: () => void },
): TemplateResult {
  return html`<section class="card settings" aria-label=${text.settings}>
    <label>
      ${text.language}
      <select
        @change=${(event: Event) => {
          const value = (event.target as HTMLSelectElement).value;
          if (isLanguage(value)) on.language(value);
        }}
      >
        ${LANGUAGES.map(
          (option) =>
            html`<option value=${option} lang=${option} ?selected=${option === state.language}>
              ${LANGUAGE_NAMES[option]}
            </option>`,
        )}
      </select>
    </label>
    <button type="button" class="secondary" aria-pressed=${state.largeText ? 'true' : 'false'} @click=${on.largeText}>
      ${text.largeText}
    </button>
  </section>`;
}

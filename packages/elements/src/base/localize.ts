import type { ReactiveController, ReactiveControllerHost } from 'lit';
import en, { type TermKey, type Translation } from '../translations/en.ts';

export const LOCALES = ['en', 'zh-Hans', 'zh-Hant'] as const;
export type Locale = (typeof LOCALES)[number];

/**
 * Maps any BCP 47 tag to a supported locale: Chinese in Traditional script
 * (zh-Hant, or without a script subtag the regions that write it: TW, HK,
 * MO) → zh-Hant, other Chinese → zh-Hans, everything else → en.
 */
export function normalizeLocale(tag: string | null | undefined): Locale {
  const lower = (tag ?? '').toLowerCase();
  if (lower !== 'zh' && !lower.startsWith('zh-')) return 'en';
  // An explicit script subtag decides; otherwise the region does.
  if (/-hant(-|$)/.test(lower)) return 'zh-Hant';
  if (/-hans(-|$)/.test(lower)) return 'zh-Hans';
  return /-(tw|hk|mo)(-|$)/.test(lower) ? 'zh-Hant' : 'zh-Hans';
}

// English ships in the main bundle; other locales are fetched when first used.
const loaders: Record<Exclude<Locale, 'en'>, () => Promise<{ default: Translation }>> = {
  'zh-Hans': () => import('../translations/zh-Hans.ts'),
  'zh-Hant': () => import('../translations/zh-Hant.ts'),
};
const loaded = new Map<Locale, Translation>([['en', en]]);
const loading = new Map<Locale, Promise<Translation>>();

export function loadTranslation(locale: Locale): Promise<Translation> {
  const ready = loaded.get(locale);
  if (ready) return Promise.resolve(ready);
  let pending = loading.get(locale);
  if (!pending && locale !== 'en') {
    pending = loaders[locale]().then((module) => {
      loaded.set(locale, module.default);
      loading.delete(locale);
      return module.default;
    });
    loading.set(locale, pending);
  }
  return pending ?? Promise.resolve(en);
}

/** The `lang` that applies to `element`: its own, the closest ancestor's (across shadow roots), the document's. */
export function inheritedLang(element: Element): string {
  let node: Element | null = element;
  while (node) {
    const found = node.closest('[lang]');
    const lang = found?.getAttribute('lang');
    if (lang) return lang;
    const root = node.getRootNode();
    node = root instanceof ShadowRoot ? root.host : null;
  }
  return document.documentElement.lang || navigator.language;
}

// One observer for every connected controller: `lang` changes anywhere in the
// document re-resolve each element's locale.
const controllers = new Set<LocalizeController>();
let observer: MutationObserver | undefined;

function observe(controller: LocalizeController): void {
  controllers.add(controller);
  if (observer) return;
  observer = new MutationObserver(() => {
    for (const each of controllers) each.refresh();
  });
  observer.observe(document.documentElement, { attributes: true, attributeFilter: ['lang'], subtree: true });
}

function unobserve(controller: LocalizeController): void {
  controllers.delete(controller);
  if (controllers.size === 0) {
    observer?.disconnect();
    observer = undefined;
  }
}

/**
 * Strings for one element in the locale of its `lang` (own, inherited or the
 * document's). Renders English at once and re-renders when another locale's
 * module has loaded.
 */
export class LocalizeController implements ReactiveController {
  readonly #host: ReactiveControllerHost & HTMLElement;
  #locale: Locale = 'en';
  #translation: Translation = en;
  #ready: Promise<void> = Promise.resolve();

  constructor(host: ReactiveControllerHost & HTMLElement) {
    this.#host = host;
    host.addController(this);
  }

  /** The locale strings are shown in. */
  get locale(): Locale {
    return this.#locale;
  }

  /** Resolves when the strings of the current locale are loaded. */
  get ready(): Promise<void> {
    return this.#ready;
  }

  hostConnected(): void {
    observe(this);
    this.refresh();
  }

  hostDisconnected(): void {
    unobserve(this);
  }

  /** Re-resolves the locale, e.g. after a `lang` attribute changed. */
  refresh(): void {
    const locale = normalizeLocale(inheritedLang(this.#host));
    if (locale === this.#locale) return;
    this.#locale = locale;
    const ready = loaded.get(locale);
    if (ready) {
      this.#translation = ready;
      this.#host.requestUpdate();
      this.#ready = Promise.resolve();
      return;
    }
    this.#ready = loadTranslation(locale).then((translation) => {
      if (this.#locale !== locale) return;
      this.#translation = translation;
      this.#host.requestUpdate();
    });
  }

  /** The string for `key`, with `{placeholders}` filled from `values`. */
  term(key: TermKey, values: Readonly<Record<string, string | number>> = {}): string {
    const text = this.#translation[key];
    return text.replace(/\{(\w+)\}/g, (match, name: string) =>
      Object.hasOwn(values, name) ? String(values[name]) : match,
    );
  }
}

import { AirError } from '@aircounter/protocol';
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

/** The bank's own wording for some strings of one locale (keys as in the reference, e.g. `consent.title`). */
export type TextOverrides = Partial<Record<TermKey, string>>;

const overrides = new Map<Locale, TextOverrides>();

function placeholdersOf(text: string): string[] {
  return text.match(/\{\w+\}/g) ?? [];
}

/**
 * Replaces strings of one locale with the bank's own wording, in every
 * `air-*` element of the page, shown now and later (elements re-render).
 * Calling it again for the same locale replaces that locale's overrides;
 * `{}` removes them. Refused with INVALID_PARAMS (nothing applied): a key
 * this version does not have (a typo would otherwise do nothing), an empty
 * text, or a `{placeholder}` the string does not fill. A text may leave out
 * placeholders it does not need.
 */
export function setTextOverrides(locale: Locale, texts: TextOverrides): void {
  if (!(LOCALES as readonly string[]).includes(locale)) {
    throw new AirError('INVALID_PARAMS', `no such locale: ${String(locale)}`);
  }
  const checked: TextOverrides = {};
  for (const [key, text] of Object.entries(texts)) {
    if (!Object.hasOwn(en, key)) throw new AirError('INVALID_PARAMS', `no such text: ${key}`);
    if (typeof text !== 'string' || text.trim() === '') {
      throw new AirError('INVALID_PARAMS', `the text for ${key} is empty`);
    }
    const known = new Set(placeholdersOf(en[key as TermKey]));
    const unknown = placeholdersOf(text).filter((placeholder) => !known.has(placeholder));
    if (unknown.length > 0) {
      throw new AirError(
        'INVALID_PARAMS',
        `${key} fills no ${unknown.join(', ')} (it has ${[...known].join(', ') || 'none'})`,
      );
    }
    checked[key as TermKey] = text;
  }
  if (Object.keys(checked).length === 0) overrides.delete(locale);
  else overrides.set(locale, checked);
  for (const controller of controllers) controller.rerender();
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

  /** Renders again (the bank's wording changed). */
  rerender(): void {
    this.#host.requestUpdate();
  }

  /** The string for `key` (the bank's wording where it set one), with `{placeholders}` filled from `values`. */
  term(key: TermKey, values: Readonly<Record<string, string | number>> = {}): string {
    const text = overrides.get(this.#locale)?.[key] ?? this.#translation[key];
    return text.replace(/\{(\w+)\}/g, (match, name: string) =>
      Object.hasOwn(values, name) ? String(values[name]) : match,
    );
  }
}

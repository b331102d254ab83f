import type { Page as PlaywrightPage } from 'playwright-core';
import type { Page as PuppeteerPage } from 'puppeteer-core';

/**
 * What an end-to-end suite does with a participant's page, the same in every
 * browser: Chromium runs under Playwright, Firefox under puppeteer-core
 * (WebDriver BiDi), whose APIs differ. Buttons and texts are found by running
 * the same code inside the page in both, so a check means the same thing in
 * each browser.
 */
export interface CallPage {
  readonly browserName: 'chromium' | 'firefox';
  goto(url: string): Promise<void>;
  /** Runs `fn(arg)` in the page (JSON-serialisable argument and result). */
  evaluate<A, R>(fn: (arg: A) => R | Promise<R>, arg: A): Promise<R>;
  /** Runs `script` before any script of every document the page loads from now on. */
  addInitScript(script: () => void): Promise<void>;
  /** Waits until `fn(arg)` is true in the page. */
  waitFor<A>(fn: (arg: A) => boolean, arg: A, timeoutMs: number): Promise<void>;
  close(): Promise<void>;
}

const POLL_MS = 100;

export function chromiumCallPage(page: PlaywrightPage): CallPage {
  return {
    browserName: 'chromium',
    async goto(url) {
      await page.goto(url);
    },
    // Playwright types the argument through its own `Unboxed<A>`, which a generic A cannot name.
    evaluate: <A, R>(fn: (arg: A) => R | Promise<R>, arg: A) =>
      page.evaluate(fn as (arg: unknown) => R | Promise<R>, arg as unknown),
    async addInitScript(script) {
      await page.addInitScript(script);
    },
    async waitFor(fn, arg, timeoutMs) {
      await page.waitForFunction(fn as (arg: unknown) => boolean, arg as unknown, {
        timeout: timeoutMs,
        polling: POLL_MS,
      });
    },
    close: () => page.close(),
  };
}

export function firefoxCallPage(page: PuppeteerPage): CallPage {
  return {
    browserName: 'firefox',
    async goto(url) {
      await page.goto(url);
    },
    // puppeteer types the argument through its own `FlattenHandle<A>`, which a generic A cannot name.
    evaluate: <A, R>(fn: (arg: A) => R | Promise<R>, arg: A) =>
      page.evaluate(fn as (arg: unknown) => R | Promise<R>, arg as unknown) as Promise<R>,
    async addInitScript(script) {
      await page.evaluateOnNewDocument(script);
    },
    async waitFor(fn, arg, timeoutMs) {
      await page.waitForFunction(fn as (arg: unknown) => boolean, { timeout: timeoutMs, polling: POLL_MS }, arg);
    },
    close: () => page.close(),
  };
}

/** Waits until a visible text of the page's light DOM contains `text`. */
export function waitForText(page: CallPage, text: string, timeoutMs = 30_000): Promise<void> {
  return page.waitFor((wanted) => document.body.innerText.includes(wanted), text, timeoutMs);
}

/** Whether the page has an enabled button whose text or label is `name`. */
export function buttonEnabled(page: CallPage, name: string): Promise<boolean> {
  return page.evaluate((wanted) => {
    const button = [...document.querySelectorAll('button')].find(
      (candidate) => (candidate.getAttribute('aria-label') ?? candidate.textContent ?? '').trim() === wanted,
    );
    return !!button && !button.disabled;
  }, name);
}

/** Clicks the page's button named `name` once it is enabled. */
export async function clickButton(page: CallPage, name: string, timeoutMs = 30_000): Promise<void> {
  await page.waitFor(
    (wanted) =>
      [...document.querySelectorAll('button')].some(
        (candidate) =>
          (candidate.getAttribute('aria-label') ?? candidate.textContent ?? '').trim() === wanted &&
          !candidate.disabled,
      ),
    name,
    timeoutMs,
  );
  await page.evaluate((wanted) => {
    const button = [...document.querySelectorAll('button')].find(
      (candidate) => (candidate.getAttribute('aria-label') ?? candidate.textContent ?? '').trim() === wanted,
    );
    if (!button) throw new Error(`no button ${wanted}`);
    button.click();
  }, name);
}

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
  /** Runs `script(arg)` before any script of every document the page loads from now on. */
  addInitScript<A>(script: (arg: A) => void, arg: A): Promise<void>;
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
    async addInitScript(script, arg) {
      await page.addInitScript(script as (arg: unknown) => void, arg as unknown);
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
    async addInitScript(script, arg) {
      await page.evaluateOnNewDocument(script as (arg: unknown) => void, arg as unknown);
    },
    async waitFor(fn, arg, timeoutMs) {
      await page.waitForFunction(fn as (arg: unknown) => boolean, { timeout: timeoutMs, polling: POLL_MS }, arg);
    },
    close: () => page.close(),
  };
}

/**
 * The page's text and buttons, shadow roots included (the SDK's elements
 * render into open shadow roots). Defined as source that each in-page check
 * evaluates, because a function handed to the browser cannot close over
 * helpers of this module.
 */
const DEEP = `(() => {
  const roots = [document];
  for (let i = 0; i < roots.length; i++) {
    for (const element of roots[i].querySelectorAll('*')) if (element.shadowRoot) roots.push(element.shadowRoot);
  }
  const buttons = roots.flatMap((root) => [...root.querySelectorAll('button')]);
  const text = roots.map((root) => (root === document ? document.body.innerText : root.textContent ?? '')).join(' ');
  const named = (wanted) => buttons.find((b) => (b.getAttribute('aria-label') ?? b.textContent ?? '').trim() === wanted);
  return { text, named };
})()`;

interface DeepView {
  readonly text: string;
  readonly named: (name: string) => HTMLButtonElement | undefined;
}

/** Waits until the page's text (shadow roots included) contains `text`; the error quotes what the page showed. */
export async function waitForText(page: CallPage, text: string, timeoutMs = 30_000): Promise<void> {
  try {
    await page.waitFor(
      ({ wanted, deep }) => ((0, eval)(deep) as DeepView).text.includes(wanted),
      { wanted: text, deep: DEEP },
      timeoutMs,
    );
  } catch (error: unknown) {
    const shown = await page.evaluate(
      (deep) => ((0, eval)(deep) as DeepView).text.replace(/\s+/g, ' ').slice(0, 400),
      DEEP,
    );
    throw new Error(`${page.browserName} page did not show "${text}" within ${timeoutMs} ms; it showed: ${shown}`, {
      cause: error,
    });
  }
}

/** Whether the page (shadow roots included) has an enabled button whose text or label is `name`. */
export function buttonEnabled(page: CallPage, name: string): Promise<boolean> {
  return page.evaluate(
    ({ wanted, deep }) => {
      const button = ((0, eval)(deep) as DeepView).named(wanted);
      return !!button && !button.disabled;
    },
    { wanted: name, deep: DEEP },
  );
}

/** Clicks the button (shadow roots included) whose text or label is `name`, once it exists and is enabled. */
export async function clickButton(page: CallPage, name: string, timeoutMs = 30_000): Promise<void> {
  await page.waitFor(
    ({ wanted, deep }) => {
      const button = ((0, eval)(deep) as DeepView).named(wanted);
      return !!button && !button.disabled;
    },
    { wanted: name, deep: DEEP },
    timeoutMs,
  );
  await page.evaluate(
    ({ wanted, deep }) => {
      const button = ((0, eval)(deep) as DeepView).named(wanted);
      if (!button) throw new Error(`no button ${wanted}`);
      button.click();
    },
    { wanted: name, deep: DEEP },
  );
}

/**
 * Clicks `selector` inside the shadow root of the first `host` element found
 * anywhere in the page (shadow roots included), once it exists and is enabled.
 */
export async function clickInShadow(page: CallPage, host: string, selector: string, timeoutMs = 30_000): Promise<void> {
  await page.waitFor(
    (wanted) => {
      const findHost = (root: Document | ShadowRoot): Element | null => {
        const hit = root.querySelector(wanted.host);
        if (hit) return hit;
        for (const element of root.querySelectorAll('*')) {
          const inner = element.shadowRoot ? findHost(element.shadowRoot) : null;
          if (inner) return inner;
        }
        return null;
      };
      const target = findHost(document)?.shadowRoot?.querySelector<HTMLElement>(wanted.selector);
      if (!target || (target instanceof HTMLButtonElement && target.disabled)) return false;
      target.click();
      return true;
    },
    { host, selector },
    timeoutMs,
  );
}

import type { Browser, BrowserContext, Locator } from 'playwright-core';

/**
 * A fresh browser context for one side of a demo call: the browser's language, camera and microphone granted, and
 * the page's 长辈版 (large text) switch as the customer left it on this device.
 */
export async function demoContext(browser: Browser, locale: string, elderly: boolean): Promise<BrowserContext> {
  const context = await browser.newContext({ locale, permissions: ['camera', 'microphone'] });
  if (elderly) await context.addInitScript(() => localStorage.setItem('air-demo-elderly', 'on'));
  return context;
}

/** The boxes of the buttons visible inside an element's shadow root, CSS px. */
export function shadowButtonBoxes(element: Locator): Promise<{ width: number; height: number }[]> {
  return element.evaluate((host) =>
    [...(host.shadowRoot?.querySelectorAll('button') ?? [])]
      .map((button) => button.getBoundingClientRect())
      .filter((box) => box.width > 0 && box.height > 0)
      .map((box) => ({ width: box.width, height: box.height })),
  );
}

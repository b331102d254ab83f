import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { expect } from 'vitest';
import en from '../../../packages/elements/src/translations/en.ts';
import zhHans from '../../../packages/elements/src/translations/zh-Hans.ts';
import type { DemoCall } from './demo-call.ts';
import { waitForRemoteVideo } from './page-probes.ts';

/** The browsers a localized demo suite runs in: Chinese with the customer in elderly mode (长辈版), and English. */
export const LOCALE_CASES = [
  { language: 'zh-Hans', locale: 'zh-CN', elements: zhHans, elderly: true },
  { language: 'en', locale: 'en-US', elements: en, elderly: false },
] as const;

export type LocaleCase = (typeof LOCALE_CASES)[number];

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

/** Both sides of a demo session, each page in a context of its own. */
export interface DemoPages {
  readonly customer: Page;
  readonly agent: Page;
  /** Closes both contexts (whatever state the test left them in). */
  close(): Promise<void>;
}

/**
 * Opens a session's customer and agent links in fresh contexts of the demo
 * call's browsers (the agent never in elderly mode), waits until each side
 * plays the other's video, and checks that the customer's page took the
 * browser's language and the elderly switch.
 */
export async function openDemoPages(
  call: DemoCall,
  links: { readonly customer: string; readonly agent: string },
  { language, locale, elderly }: Pick<LocaleCase, 'language' | 'locale' | 'elderly'>,
): Promise<DemoPages> {
  const [customerContext, agentContext] = await Promise.all([
    demoContext(call.customer.browser, locale, elderly),
    demoContext(call.agent.browser, locale, false),
  ]);
  const close = async (): Promise<void> => {
    await Promise.allSettled([customerContext.close(), agentContext.close()]);
  };
  try {
    const [customer, agent] = await Promise.all([customerContext.newPage(), agentContext.newPage()]);
    await Promise.all([customer.goto(links.customer), agent.goto(links.agent)]);
    await Promise.all([waitForRemoteVideo(customer), waitForRemoteVideo(agent)]);
    expect(await customer.evaluate(() => document.documentElement.lang)).toBe(language);
    expect(await customer.evaluate(() => document.documentElement.hasAttribute('data-air-elderly'))).toBe(elderly);
    return { customer, agent, close };
  } catch (error: unknown) {
    await close();
    throw error;
  }
}

/**
 * A session of the bank's scripted journey (its texts in zh-Hans) for
 * Customer Red and Agent Blue, opened on both sides as `openDemoPages` does.
 */
export async function openJourneyPages(
  call: DemoCall,
  localeCase: Pick<LocaleCase, 'language' | 'locale' | 'elderly'>,
): Promise<DemoPages & { readonly sessionId: string }> {
  const session = await call.demo.bank.createSession({
    customerName: 'Customer Red',
    agentName: 'Agent Blue',
    journeyLocale: 'zh-Hans',
  });
  return { ...(await openDemoPages(call, session.links, localeCase)), sessionId: session.sessionId };
}

/**
 * Pages of this context find the camera and microphone blocked, as after the
 * browser's "Block": getUserMedia fails with NotAllowedError until
 * `allowMedia` lets it through (the user changing the site's settings).
 */
export async function denyMedia(context: BrowserContext): Promise<void> {
  await context.addInitScript(() => {
    const media = navigator.mediaDevices;
    const original = media.getUserMedia.bind(media);
    const flags = window as unknown as { airDenyMedia: boolean };
    flags.airDenyMedia = true;
    media.getUserMedia = (constraints) =>
      flags.airDenyMedia
        ? Promise.reject(new DOMException('Permission denied', 'NotAllowedError'))
        : original(constraints);
  });
}

/** Lets a page of a `denyMedia` context use the camera and microphone from now on. */
export async function allowMedia(page: Page): Promise<void> {
  await page.evaluate(() => {
    (window as unknown as { airDenyMedia: boolean }).airDenyMedia = false;
  });
}

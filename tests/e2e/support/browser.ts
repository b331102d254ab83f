import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import type { Browser as PuppeteerBrowser } from 'puppeteer-core';
import { CHROMIUM_PATH, chromiumArgs } from '../../support/chromium.ts';
import { launchFirefox } from '../../support/firefox.ts';
import { chromiumCallPage, firefoxCallPage, type CallPage } from './call-page.ts';
import type { FakeMedia } from './media-fixtures.ts';

export type BrowserName = 'chromium' | 'firefox';

export interface FakeCameraBrowser {
  readonly browser: Browser;
  readonly context: BrowserContext;
  readonly page: Page;
  /** The same page through the browser-neutral interface. */
  readonly call: CallPage;
  close(): Promise<void>;
}

/** Firefox with its own fake camera (a synthetic picture) and microphone (a tone). */
export interface FakeCameraFirefox {
  readonly browser: PuppeteerBrowser;
  readonly call: CallPage;
  close(): Promise<void>;
}

/** What each browser name launches as. */
export type ParticipantOf<B extends BrowserName> = B extends 'firefox' ? FakeCameraFirefox : FakeCameraBrowser;

/**
 * One browser process per fake participant: Chromium's fake capture files
 * are per process, so two sides with different clips need two browsers.
 * Playwright gives every launch a fresh temporary profile (user-data-dir).
 */
export async function launchWithFakeMedia(media: FakeMedia): Promise<FakeCameraBrowser> {
  const browser = await chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: chromiumArgs({ videoFile: media.video, audioFile: media.audio }),
  });
  return fakeCameraPage(browser);
}

/**
 * A launched Chromium as one participant: a context with camera and
 * microphone granted, its page's errors on the test's console. `cleanUp`
 * runs once the browser is closed (what the launch left behind).
 */
export async function fakeCameraPage(browser: Browser, cleanUp?: () => Promise<void>): Promise<FakeCameraBrowser> {
  const context = await browser.newContext({ permissions: ['camera', 'microphone'] });
  const page = await context.newPage();
  page.on('pageerror', (error) => console.error(`[page error] ${error.message}`));
  return {
    browser,
    context,
    page,
    call: chromiumCallPage(page),
    async close() {
      await browser.close();
      await cleanUp?.();
    },
  };
}

/** Firefox ESR with fake devices and a fresh profile (tests/support/firefox.ts). */
export async function launchFirefoxWithFakeMedia(): Promise<FakeCameraFirefox> {
  const browser = await launchFirefox();
  const page = await browser.newPage();
  page.on('pageerror', (error: unknown) => console.error(`[firefox page error] ${String(error)}`));
  return {
    browser,
    call: firefoxCallPage(page),
    async close() {
      await browser.close();
    },
  };
}

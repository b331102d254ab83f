import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { CHROMIUM_PATH, chromiumArgs } from '../../support/chromium.ts';
import type { FakeMedia } from './media-fixtures.ts';

export interface FakeCameraBrowser {
  readonly browser: Browser;
  readonly context: BrowserContext;
  readonly page: Page;
  close(): Promise<void>;
}

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
  const context = await browser.newContext({ permissions: ['camera', 'microphone'] });
  const page = await context.newPage();
  page.on('pageerror', (error) => console.error(`[page error] ${error.message}`));
  return {
    browser,
    context,
    page,
    async close() {
      await browser.close();
    },
  };
}

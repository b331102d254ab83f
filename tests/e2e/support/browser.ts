import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import type { FakeMedia } from './media-fixtures.ts';

const CHROMIUM = process.env['AIR_CHROMIUM'] ?? '/usr/bin/chromium';

/** Flags that let Debian's Chromium run headless as root on a closed network. */
export const CHROMIUM_BASE_FLAGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--autoplay-policy=no-user-gesture-required',
];

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
    executablePath: CHROMIUM,
    headless: true,
    args: [
      ...CHROMIUM_BASE_FLAGS,
      '--use-fake-ui-for-media-stream',
      '--use-fake-device-for-media-stream',
      `--use-file-for-fake-video-capture=${media.video}`,
      `--use-file-for-fake-audio-capture=${media.audio}`,
    ],
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

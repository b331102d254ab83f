import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { CHROMIUM_PATH, chromiumArgs } from '../../support/chromium.ts';
import { fakeCameraPage, type FakeCameraBrowser } from './browser.ts';
import type { FakeMedia } from './media-fixtures.ts';

/** Single-quotes a word for /bin/sh. */
function shellQuote(word: string): string {
  return `'${word.replaceAll("'", `'\\''`)}'`;
}

/**
 * Chromium with fake media, run inside network namespace `namespace` when
 * one is given (its packets then cross the test network's veth, where a test
 * can cut them; tests/support/test-network.ts). Playwright drives it over a
 * pipe, which `ip netns exec` passes through. `origin` is the demo's
 * address: plain HTTP on a non-loopback address, so Chromium is told to
 * treat it as secure (camera and microphone need a secure context).
 */
export async function launchChromiumAt(options: {
  readonly media: FakeMedia;
  readonly origin: string;
  readonly namespace?: string;
}): Promise<FakeCameraBrowser> {
  let executablePath = CHROMIUM_PATH;
  let scriptDir: string | undefined;
  if (options.namespace !== undefined) {
    scriptDir = await mkdtemp(join(tmpdir(), 'air-netns-chromium-'));
    executablePath = join(scriptDir, 'chromium');
    await writeFile(
      executablePath,
      `#!/bin/sh\nexec ip netns exec ${shellQuote(options.namespace)} ${shellQuote(CHROMIUM_PATH)} "$@"\n`,
    );
    await chmod(executablePath, 0o700);
  }
  const browser = await chromium.launch({
    executablePath,
    headless: true,
    args: [
      ...chromiumArgs({ videoFile: options.media.video, audioFile: options.media.audio }),
      `--unsafely-treat-insecure-origin-as-secure=${options.origin}`,
    ],
  });
  return fakeCameraPage(browser, async () => {
    if (scriptDir !== undefined) await rm(scriptDir, { recursive: true, force: true });
  });
}

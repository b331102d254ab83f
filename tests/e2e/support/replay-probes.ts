import type { BrowserContext, Locator, Page } from 'playwright-core';
import type { CallPage } from './call-page.ts';
import { loginContext } from './staff-login.ts';

// Probes of the compliance portal's `<air-session-replay>` that mean the same in
// every browser: where each recorded video element is, and whether it plays.

export interface ReplayVideo {
  readonly currentTime: number;
  readonly videoWidth: number;
  readonly paused: boolean;
  readonly error: number | null;
}

/** Every video element of the replay: position, decoded size, play state and media error code. */
export function replayVideos(page: CallPage): Promise<ReplayVideo[]> {
  return page.evaluate(() => {
    const replay = document.querySelector('air-session-replay');
    const videos = [...(replay?.shadowRoot?.querySelectorAll<HTMLVideoElement>('video[part~="video"]') ?? [])];
    return videos.map((video) => ({
      currentTime: video.currentTime,
      videoWidth: video.videoWidth,
      paused: video.paused,
      error: video.error?.code ?? null,
    }));
  }, undefined);
}

/**
 * Waits until every replay video has played `seconds` past `from` (its
 * position then), with a decoded picture size and no media error.
 */
export async function waitForReplayProgress(
  page: CallPage,
  from: readonly ReplayVideo[],
  seconds: number,
  timeoutMs = 30_000,
): Promise<ReplayVideo[]> {
  const deadline = Date.now() + timeoutMs;
  let now = await replayVideos(page);
  const advanced = (videos: readonly ReplayVideo[]): boolean =>
    videos.length === from.length &&
    videos.every(
      (video, index) =>
        video.error === null && video.videoWidth > 0 && video.currentTime >= (from[index]?.currentTime ?? 0) + seconds,
    );
  while (!advanced(now)) {
    if (Date.now() > deadline) {
      throw new Error(
        `${page.browserName} replay did not play ${seconds} s within ${timeoutMs} ms: ${JSON.stringify(now)}`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
    now = await replayVideos(page);
  }
  return now;
}

/**
 * Logs the context in as the compliance officer, opens the portal on the
 * session, and waits until the replay's integrity badge says verified.
 */
export async function openVerifiedReplay(
  context: BrowserContext,
  demo: { readonly url: string; readonly demoPassword: string },
  sessionId: string,
): Promise<{ readonly page: Page; readonly replay: Locator }> {
  await loginContext(context, demo.url, 'compliance', demo.demoPassword);
  const page = await context.newPage();
  await page.goto(`${demo.url}/compliance.html#session=${encodeURIComponent(sessionId)}`);
  const replay = page.locator('air-session-replay');
  await replay
    .locator('[part~="integrity-status"]')
    .filter({ hasText: 'Integrity verified' })
    .waitFor({ timeout: 60_000 });
  return { page, replay };
}

/** The `data-kind` of every event marker of the replay, in order. */
export function markerKinds(replay: Locator): Promise<(string | null)[]> {
  return replay
    .locator('[part~="marker"]')
    .evaluateAll((buttons) => buttons.map((button) => button.getAttribute('data-kind')));
}

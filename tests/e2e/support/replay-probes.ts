import type { CallPage } from './call-page.ts';

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

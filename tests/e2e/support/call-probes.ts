import type { CallPage } from './call-page.ts';

// Probes of a call page that mean the same in Chromium and Firefox: decoded
// frames of the remote video, and what the page's own encoder sent.

/**
 * Frames the page has decoded from the remote participant's video (inbound-rtp
 * `framesDecoded`: the decoder's count, which headless Firefox keeps although
 * it paints nothing, so `getVideoPlaybackQuality()` stays at 0 there), and
 * whether the remote video element plays them. Needs recordPeerConnections
 * before the page loaded.
 */
export function decodedRemoteFrames(page: CallPage): Promise<number> {
  return page.evaluate(async () => {
    const video = document
      .querySelector('air-video-session')
      ?.shadowRoot?.querySelector<HTMLVideoElement>('video[part~="remote-video"]');
    if (!video || video.videoWidth === 0 || video.paused) return 0;
    const connections = Reflect.get(window, '__airTestPeerConnections') as RTCPeerConnection[] | undefined;
    let decoded = 0;
    for (const connection of connections ?? []) {
      if (connection.connectionState === 'closed') continue;
      const report = await connection.getStats();
      report.forEach((stat: Record<string, unknown>) => {
        if (stat['type'] === 'inbound-rtp' && stat['kind'] === 'video') decoded += Number(stat['framesDecoded'] ?? 0);
      });
    }
    return decoded;
  }, undefined);
}

/** Waits until the page has decoded at least `minFrames` remote video frames. */
export async function waitForDecodedRemoteFrames(page: CallPage, minFrames: number, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let decoded = 0;
  while (Date.now() < deadline) {
    decoded = await decodedRemoteFrames(page);
    if (decoded >= minFrames) return;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`${page.browserName} decoded ${decoded} remote frames, not ${minFrames}, within ${timeoutMs} ms`);
}

/**
 * Before the page loads: keep every RTCPeerConnection the page creates, so a
 * test can read the sender's statistics (the client does not expose its
 * transports, on purpose).
 */
export async function recordPeerConnections(page: CallPage): Promise<void> {
  await page.addInitScript(() => {
    const Native = window.RTCPeerConnection;
    const all: RTCPeerConnection[] = [];
    Reflect.set(window, '__airTestPeerConnections', all);
    window.RTCPeerConnection = class extends Native {
      constructor(configuration?: RTCConfiguration) {
        super(configuration);
        all.push(this);
      }
    };
  });
}

export interface SentVideoLayer {
  /** Simulcast layer id (rid), or the SSRC when the browser reports none. */
  readonly layer: string;
  readonly framesEncoded: number;
  readonly frameWidth: number;
  readonly frameHeight: number;
}

export interface SentVideo {
  readonly atMs: number;
  readonly layers: readonly SentVideoLayer[];
}

/** The page's outbound video streams now (needs recordPeerConnections before the page loaded). */
export function sentVideo(page: CallPage): Promise<SentVideo> {
  return page.evaluate(async () => {
    const connections = Reflect.get(window, '__airTestPeerConnections') as RTCPeerConnection[] | undefined;
    const layers: SentVideoLayer[] = [];
    for (const connection of connections ?? []) {
      if (connection.connectionState === 'closed') continue;
      const report = await connection.getStats();
      report.forEach((stat: Record<string, unknown>) => {
        if (stat['type'] !== 'outbound-rtp' || stat['kind'] !== 'video') return;
        layers.push({
          layer: String(stat['rid'] ?? stat['ssrc']),
          framesEncoded: Number(stat['framesEncoded'] ?? 0),
          frameWidth: Number(stat['frameWidth'] ?? 0),
          frameHeight: Number(stat['frameHeight'] ?? 0),
        });
      });
    }
    return { atMs: performance.now(), layers };
  }, undefined);
}

/** The highest frame rate any layer was encoded at between two samples (all layers share the camera's rate). */
export function publishedFrameRate(before: SentVideo, after: SentVideo): number {
  const seconds = (after.atMs - before.atMs) / 1000;
  let best = 0;
  for (const layer of after.layers) {
    const earlier = before.layers.find((candidate) => candidate.layer === layer.layer);
    if (!earlier || seconds <= 0) continue;
    best = Math.max(best, (layer.framesEncoded - earlier.framesEncoded) / seconds);
  }
  return best;
}

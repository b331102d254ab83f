import type { Page } from 'playwright-core';

// Probes that run inside a demo page and read what a person would see and
// hear: decoded pixels of the remote video, the pitch of the remote audio.

export interface Rgb {
  readonly r: number;
  readonly g: number;
  readonly b: number;
}

const REMOTE_VIDEO = 'video[part~="remote-video"]';

/**
 * Waits until the page shows a remote video that has decoded frames and has
 * played for `minPlayedSeconds` (0: the first decoded frame).
 */
export async function waitForRemoteVideo(page: Page, timeoutMs = 60_000, minPlayedSeconds = 0.5): Promise<void> {
  await page.waitForFunction(
    ({ selector, minPlayedSeconds }) => {
      const root = document.querySelector('air-video-session')?.shadowRoot;
      const video = root?.querySelector<HTMLVideoElement>(selector);
      // Frames flowing for a moment, not just the first one decoded.
      return !!video && video.readyState >= 2 && video.videoWidth > 0 && video.currentTime >= minPlayedSeconds;
    },
    { selector: REMOTE_VIDEO, minPlayedSeconds },
    { timeout: timeoutMs },
  );
}

/** Mean colour of the remote video's current frame, from decoded pixels. */
export async function remoteVideoColour(page: Page): Promise<Rgb> {
  return page.evaluate((selector) => {
    const video = document.querySelector('air-video-session')?.shadowRoot?.querySelector<HTMLVideoElement>(selector);
    if (!video) throw new Error('no remote video');
    const canvas = document.createElement('canvas');
    canvas.width = 64;
    canvas.height = 48;
    const context = canvas.getContext('2d', { willReadFrequently: true });
    if (!context) throw new Error('no 2d context');
    context.drawImage(video, 0, 0, canvas.width, canvas.height);
    const { data } = context.getImageData(0, 0, canvas.width, canvas.height);
    let r = 0;
    let g = 0;
    let b = 0;
    for (let i = 0; i < data.length; i += 4) {
      r += data[i] ?? 0;
      g += data[i + 1] ?? 0;
      b += data[i + 2] ?? 0;
    }
    const n = data.length / 4;
    return { r: r / n, g: g / n, b: b / n };
  }, REMOTE_VIDEO);
}

export interface AudioProbe {
  /** Frequency of the strongest FFT bin, Hz. */
  readonly peakHz: number;
  /** Root mean square of the time-domain signal (0..1). */
  readonly rms: number;
}

/** Listens to the remote participant's audio track for about a second. */
export async function remoteAudio(page: Page): Promise<AudioProbe> {
  return page.evaluate(async (selector) => {
    const video = document.querySelector('air-video-session')?.shadowRoot?.querySelector<HTMLVideoElement>(selector);
    const stream = video?.srcObject;
    if (!(stream instanceof MediaStream)) throw new Error('no remote stream');
    const track = stream.getAudioTracks()[0];
    if (!track) throw new Error('no remote audio track');
    const context = new AudioContext();
    await context.resume();
    const source = context.createMediaStreamSource(new MediaStream([track]));
    const analyser = context.createAnalyser();
    analyser.fftSize = 8192;
    source.connect(analyser);
    const spectrum = new Float32Array(analyser.frequencyBinCount);
    const samples = new Float32Array(analyser.fftSize);
    let best = { peakHz: 0, rms: 0 };
    for (let i = 0; i < 10; i += 1) {
      await new Promise((resolve) => setTimeout(resolve, 120));
      analyser.getFloatFrequencyData(spectrum);
      analyser.getFloatTimeDomainData(samples);
      let peak = 0;
      for (let bin = 1; bin < spectrum.length; bin += 1)
        if ((spectrum[bin] ?? -Infinity) > (spectrum[peak] ?? -Infinity)) peak = bin;
      let sum = 0;
      for (const sample of samples) sum += sample * sample;
      const rms = Math.sqrt(sum / samples.length);
      if (rms > best.rms) best = { peakHz: (peak * context.sampleRate) / analyser.fftSize, rms };
    }
    await context.close();
    return best;
  }, REMOTE_VIDEO);
}

export async function remoteParticipantCount(page: Page): Promise<number> {
  return page.evaluate(
    () =>
      document.querySelector('air-video-session')?.shadowRoot?.querySelectorAll('[part~="participant"]').length ?? 0,
  );
}

/** The text of a part inside an element's shadow root (trimmed, spaces collapsed). */
export function partText(page: Page, host: string, part: string): Promise<string> {
  return page.evaluate(
    ({ host, part }) =>
      document
        .querySelector(host)
        ?.shadowRoot?.querySelector(`[part~="${part}"]`)
        ?.textContent?.replace(/\s+/g, ' ')
        .trim() ?? '',
    { host, part },
  );
}

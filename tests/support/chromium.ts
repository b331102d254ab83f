// One definition of how this project starts Debian's Chromium for tests and
// benchmarks (web-test-runner, end-to-end tests, vision benchmark).

/** The browser binary: Debian's Chromium unless AIR_CHROMIUM says otherwise (never a downloaded browser). */
export const CHROMIUM_PATH = process.env['AIR_CHROMIUM'] ?? '/usr/bin/chromium';

export interface FakeCapture {
  /** y4m or mjpeg file played by the fake camera. */
  readonly videoFile?: string;
  /** wav file played by the fake microphone. */
  readonly audioFile?: string;
}

/**
 * Flags that let Chromium run headless as root on a GPU-less machine with a
 * closed network (no background connections that would be refused), with fake
 * camera and microphone that need no permission prompt. Playwright gives every
 * launch a fresh profile directory (the equivalent of a new --user-data-dir).
 */
export function chromiumArgs(capture: FakeCapture = {}): string[] {
  return [
    '--headless',
    '--no-sandbox',
    '--disable-gpu',
    '--disable-quic',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--use-fake-ui-for-media-stream',
    '--use-fake-device-for-media-stream',
    '--autoplay-policy=no-user-gesture-required',
    ...(capture.videoFile ? [`--use-file-for-fake-video-capture=${capture.videoFile}`] : []),
    ...(capture.audioFile ? [`--use-file-for-fake-audio-capture=${capture.audioFile}`] : []),
  ];
}

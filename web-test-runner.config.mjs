// Browser tests: @web/test-runner in Debian's Chromium (no browser download)
// with a fake camera and microphone. Run: `pnpm exec web-test-runner`
// (or `pnpm run test:browser`). AIR_CHROMIUM overrides the browser path.
//
// Test files:
//   packages/elements/src/**/*.test.ts     — components (fake client, real getUserMedia)
//   packages/vision/test/browser/**/*.test.ts — vision (tfjs wasm)
//   packages/evidence/test/browser/**/*.test.ts — evidence verifier (WebCrypto Ed25519)
// Hooks for the vision suite: `visionPlugins` (dev-server plugins, e.g. to
// pre-bundle tfjs' CommonJS parts with esbuild, see shared ENVIRONMENT notes)
// and `fakeCapture` (a y4m/wav file for the fake camera/microphone).
import { esbuildPlugin } from '@web/dev-server-esbuild';
import { defaultReporter } from '@web/test-runner';
import { playwrightLauncher } from '@web/test-runner-playwright';
import { resultsFileReporter } from './scripts/wtr-results-reporter.mjs';
import { CHROMIUM_PATH, chromiumArgs } from './tests/support/chromium.ts';
import { ensureFaceFixtures, generated } from './packages/vision/test/support/face-fixtures.ts';
import { livenessVerifierPlugin } from './packages/vision/test/support/wtr-liveness-verifier.ts';
import { tfjsPrebundlePlugin } from './packages/vision/test/support/wtr-tfjs-prebundle.ts';
import { replayFixtureMiddleware, replayFixturePlugin } from './tests/support/replay-fixture/wtr-replay-fixture.ts';

// Images and fake-camera clips derived from the face photos (ffmpeg; skipped when up to date).
ensureFaceFixtures();

export function chromium(capture = {}) {
  return playwrightLauncher({
    product: 'chromium',
    launchOptions: { executablePath: CHROMIUM_PATH, headless: true, args: chromiumArgs(capture) },
  });
}

/** Dev-server plugins the vision suite needs: tfjs pre-bundled by esbuild (packages/vision/test/support). */
export const visionPlugins = [tfjsPrebundlePlugin(), livenessVerifierPlugin()];
/**
 * Liveness end to end: <air-liveness-check> in front of a fake camera playing
 * a clip of the portrait, checked by the server's LivenessService. One
 * browser per clip (the fake camera is a launch flag).
 */
const livenessCameraGroups = [
  ['tilted-photo', 'tilted-photo.y4m'],
  ['still-photo', 'still.y4m'],
].map(([name, clip]) => ({
  name: `liveness-${name}`,
  files: [`packages/vision/test/camera/${name}.test.ts`],
  browsers: [chromium({ videoFile: generated(clip) })],
}));
/** Fake capture files for the vision suite, e.g. `{ videoFile: 'tests/fixtures/generated/turn-left.y4m' }`. */
export const fakeCapture = {};

export default {
  rootDir: '.',
  files: [
    'packages/elements/src/**/*.test.ts',
    'packages/vision/test/browser/**/*.test.ts',
    'packages/evidence/test/browser/**/*.test.ts',
  ],
  nodeResolve: { exportConditions: ['source', 'browser', 'development', 'import', 'default'] },
  plugins: [
    esbuildPlugin({ ts: true, target: 'es2022', tsconfig: 'tsconfig.base.json' }),
    ...visionPlugins,
    replayFixturePlugin(),
  ],
  // Real evidence packages behind a real auditor API for <air-session-replay> (tests/support/replay-fixture).
  middleware: [replayFixtureMiddleware],
  browsers: [chromium(fakeCapture)],
  groups: livenessCameraGroups,
  // Two cores shared by everybody: one browser page at a time.
  concurrency: 1,
  // Totals for `make test`'s closing line (scripts/test-summary.ts).
  reporters: [defaultReporter(), resultsFileReporter('var/test-results/browser.json')],
  concurrentBrowsers: 1,
  testFramework: { config: { timeout: 20_000 } },
  testsFinishTimeout: 300_000,
};

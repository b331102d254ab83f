import { defineConfig } from 'vitest/config';

// Node-side suites: protocol, evidence, client units, vision (Node/wasm), server
// integration against a real mediasoup worker and ffmpeg. Browser suites run in
// @web/test-runner (web-test-runner.config.mjs); end-to-end in tests/e2e.
export default defineConfig({
  resolve: { conditions: ['source'] },
  ssr: { resolve: { conditions: ['source'], externalConditions: ['source'] } },
  test: {
    include: [
      'packages/protocol/src/**/*.test.ts',
      'packages/journeys/src/**/*.test.ts',
      'packages/evidence/src/**/*.test.ts',
      'packages/client/src/**/*.test.ts',
      'packages/react/test/**/*.test.ts',
      'packages/vision/test/node/**/*.test.ts',
      'server/test/**/*.test.ts',
      'examples/demo-bank/src/**/*.test.ts',
    ],
    // Integration suites start real workers and ffmpeg: two cores, so keep
    // parallelism low and timeouts generous (these are not timing assertions).
    maxWorkers: 2,
    testTimeout: 60_000,
    hookTimeout: 120_000,
    reporters: ['default'],
  },
});

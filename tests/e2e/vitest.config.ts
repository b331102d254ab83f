import { defineConfig } from 'vitest/config';

// End-to-end suites: real server, real mediasoup worker, headless Chromium with
// fake cameras. One file at a time: each starts several browsers on 2 cores.
export default defineConfig({
  resolve: { conditions: ['source'] },
  ssr: { resolve: { conditions: ['source'], externalConditions: ['source'] } },
  test: {
    include: ['tests/e2e/**/*.e2e.test.ts'],
    fileParallelism: false,
    testTimeout: 120_000,
    hookTimeout: 180_000,
  },
});

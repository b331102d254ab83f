import type { Vision } from '@aircounter/vision';
import { describe, expect, it, onTestFinished, vi } from 'vitest';
import { createLogger } from '../src/log.ts';
import { startTestServer } from './helpers/test-server.ts';

// The face models stand in here on purpose: what is tested is when the server asks for them, not what they see.
function standInVision(calls: { loads: number; warmUps: number }, warmUp: () => Promise<void>): () => Promise<Vision> {
  return () => {
    calls.loads += 1;
    const vision: Vision = {
      analyze: () => Promise.reject(new Error('not used')),
      describe: () => Promise.reject(new Error('not used')),
      warmUp: async () => {
        calls.warmUps += 1;
        await warmUp();
      },
      modelStats: () => ({ bytes: 0, files: 0 }),
      dispose: () => undefined,
    };
    return Promise.resolve(vision);
  };
}

describe('liveness models at start-up', () => {
  it('are loaded and run once as soon as the server listens, when warm-up is on', async () => {
    const calls = { loads: 0, warmUps: 0 };
    const server = await startTestServer(
      { liveness: { warmUp: true } },
      { liveness: { loadVision: standInVision(calls, () => Promise.resolve()) } },
    );
    onTestFinished(() => server.close());
    await vi.waitFor(() => expect(calls.warmUps).toBe(1));
    expect(calls.loads).toBe(1);
  });

  it('wait for the first check when warm-up is off (the test default)', async () => {
    const calls = { loads: 0, warmUps: 0 };
    const server = await startTestServer(
      {},
      { liveness: { loadVision: standInVision(calls, () => Promise.resolve()) } },
    );
    onTestFinished(() => server.close());
    await new Promise((resolve) => setImmediate(resolve));
    expect(calls).toEqual({ loads: 0, warmUps: 0 });
  });

  it('a failed warm-up is a warning, and the server serves', async () => {
    const calls = { loads: 0, warmUps: 0 };
    const lines: string[] = [];
    const server = await startTestServer(
      { liveness: { warmUp: true } },
      {
        log: createLogger({ level: 'warn', write: (line) => lines.push(line) }),
        liveness: {
          loadVision: standInVision(calls, () => Promise.reject(new Error('models missing from /srv/models'))),
        },
      },
    );
    onTestFinished(() => server.close());
    await vi.waitFor(() => expect(lines.some((line) => line.includes('face models not warmed up'))).toBe(true));
    const warning = JSON.parse(lines.find((line) => line.includes('face models not warmed up')) ?? '{}') as {
      level?: string;
    };
    expect(warning.level).toBe('warn');
    expect((await fetch(`${server.baseUrl}/healthz`)).status).toBe(200);
  });
});

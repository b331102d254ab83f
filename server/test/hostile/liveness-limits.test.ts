import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { LivenessChallenge, ResponseData } from '@aircounter/protocol';
import { LIVENESS_CHALLENGES } from '@aircounter/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureFaceFixtures, generated } from '../../../packages/vision/test/support/face-fixtures.ts';
import type { LivenessEvidenceSink } from '../../src/liveness/ports.ts';
import { joinAs, type JoinedPeer } from '../helpers/peers.ts';
import { startTestServer, type TestServer } from '../helpers/test-server.ts';

// What one customer can make the liveness service do: bounded attempts,
// frames refused before decoding or storing unless they are real JPEGs of an
// acceptable size, and never a delay for other sessions (the models run in
// worker threads, sessions take turns).

const MAX_ATTEMPTS = 3;
const MAX_FRAME_BYTES = 100_000;
const MAX_FRAME_PIXELS = 1920 * 1080;

const stored: string[] = [];
const events: { sessionId: string; type: string; data: Readonly<Record<string, unknown>> | undefined }[] = [];
const sink: LivenessEvidenceSink = {
  append: async (sessionId, event) => {
    events.push({ sessionId, type: event.type, data: event.data });
  },
  addFiles: async (_sessionId, added) => {
    stored.push(...added.map((file) => file.name));
  },
};
let challenges: LivenessChallenge[] = ['lookDown'];

let server: TestServer;
let dir: string;

/** A real JPEG made by ffmpeg (test pattern), `width`×`height`. */
function ffmpegJpeg(name: string, width: number, height: number, quality = 4): Buffer {
  const file = join(dir, name);
  const run = spawnSync(
    'ffmpeg',
    [
      '-v',
      'error',
      '-f',
      'lavfi',
      '-i',
      `testsrc2=size=${width}x${height}`,
      '-frames:v',
      '1',
      '-q:v',
      String(quality),
      '-y',
      file,
    ],
    { encoding: 'utf8' },
  );
  if (run.status !== 0) throw new Error(`ffmpeg failed: ${run.stderr}`);
  return readFileSync(file);
}

const fixture = (name: string): string => readFileSync(generated(name)).toString('base64');

function frames(jpegs: readonly string[], issued: readonly LivenessChallenge[]) {
  const t0 = Date.now() - 1000;
  return jpegs.map((jpegBase64, i) => ({
    challenge: i === 0 ? ('neutral' as const) : (issued[i - 1] as LivenessChallenge),
    capturedAt: t0 + i * 50,
    jpegBase64,
  }));
}

async function customerIn(reference: string): Promise<{ sessionId: string; peer: JoinedPeer }> {
  const sessionId = await server.createSession({ reference });
  return { sessionId, peer: await joinAs(server, sessionId, 'customer', 'cust') };
}

beforeAll(async () => {
  ensureFaceFixtures();
  dir = mkdtempSync(join(tmpdir(), 'air-liveness-limits-'));
  server = await startTestServer(
    { liveness: { maxAttempts: MAX_ATTEMPTS, maxFrameBytes: MAX_FRAME_BYTES, maxFramePixels: MAX_FRAME_PIXELS } },
    { liveness: { evidence: sink, picker: () => [...challenges], perChallengeMs: 60_000 } },
  );
  await server.app.services.liveness.warmUp();
});

afterAll(async () => {
  await server?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('evidence frames are checked before anything decodes or stores them', () => {
  const cases: readonly [string, () => string][] = [
    [
      'random bytes named .jpg',
      () => Buffer.from(Array.from({ length: 5000 }, (_, i) => (i * 7919) % 251)).toString('base64'),
    ],
    [
      'a JPEG signature followed by junk',
      () =>
        Buffer.concat([
          Buffer.from([0xff, 0xd8, 0xff, 0xe0]),
          Buffer.alloc(3000, 0x41),
          Buffer.from([0xff, 0xd9]),
        ]).toString('base64'),
    ],
    ['a PNG', () => Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex').toString('base64')],
    [
      'a truncated JPEG (no EOI)',
      () => readFileSync(generated('camera-frame.jpg')).subarray(0, 4000).toString('base64'),
    ],
    ['a JPEG above the pixel limit', () => ffmpegJpeg('huge.jpg', 2560, 1440, 31).toString('base64')],
    ['a JPEG above the byte limit', () => ffmpegJpeg('heavy.jpg', 1920, 1080, 1).toString('base64')],
  ];

  it.each(cases)('%s: LIVENESS_FRAME_INVALID, no file, a liveness.refused event', async (_name, make) => {
    const { sessionId, peer } = await customerIn('bad-frame');
    try {
      challenges = ['lookDown'];
      const issued = await peer.client.request('startLiveness', {});
      const bad = make();
      const refusal = await peer.client.refusal('submitLiveness', {
        nonce: issued.nonce,
        frames: frames([fixture('camera-frame.jpg'), bad], issued.challenges),
        clientResult: { passed: true },
      });
      expect(refusal).toBe('LIVENESS_FRAME_INVALID');
      expect(stored.filter((name) => name.includes(issued.nonce))).toEqual([]);
      const refused = events.find((e) => e.sessionId === sessionId && e.type === 'liveness.refused');
      expect(refused?.data).toMatchObject({ nonce: issued.nonce, code: 'LIVENESS_FRAME_INVALID' });
      expect(events.some((e) => e.sessionId === sessionId && e.type === 'liveness.decided')).toBe(false);
    } finally {
      await peer.client.close();
    }
  });

  it('refuses more frames than the check has steps', async () => {
    const { peer } = await customerIn('too-many');
    try {
      challenges = ['lookDown'];
      const issued = await peer.client.request('startLiveness', {});
      const jpeg = fixture('camera-frame.jpg');
      const refusal = await peer.client.refusal('submitLiveness', {
        nonce: issued.nonce,
        frames: frames([jpeg, jpeg, jpeg], ['lookDown', 'lookDown']),
        clientResult: { passed: true },
      });
      expect(refusal).toBe('LIVENESS_FRAME_INVALID');
    } finally {
      await peer.client.close();
    }
  });
});

describe('attempts per session', () => {
  it(`allows ${MAX_ATTEMPTS} checks per session, then LIVENESS_ATTEMPTS_EXHAUSTED; the customer sees only pass/fail and a hint`, async () => {
    const { sessionId, peer } = await customerIn('attempts');
    try {
      challenges = ['lookDown'];
      const outcomes: ResponseData<'submitLiveness'>[] = [];
      for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
        const issued = await peer.client.request('startLiveness', {});
        outcomes.push(
          await peer.client.request('submitLiveness', {
            nonce: issued.nonce,
            // The same neutral frame twice: not a pose, so a failed check with a hint.
            frames: frames([fixture('camera-frame.jpg'), fixture('same-brighter.jpg')], issued.challenges),
            clientResult: { passed: true },
          }),
        );
      }
      expect(outcomes.map((o) => o.attemptsLeft)).toEqual([2, 1, 0]);
      for (const outcome of outcomes) {
        expect(outcome.passed).toBe(false);
        expect(outcome.hint).toBe('follow-instructions');
        expect(Object.keys(outcome).sort()).toEqual(['attemptsLeft', 'decidedAt', 'hint', 'nonce', 'passed']);
      }
      expect(await peer.client.refusal('startLiveness', {})).toBe('LIVENESS_ATTEMPTS_EXHAUSTED');
      expect(events.filter((e) => e.sessionId === sessionId && e.type === 'liveness.started')).toHaveLength(
        MAX_ATTEMPTS,
      );
    } finally {
      await peer.client.close();
    }
  });
});

describe('one customer cannot delay another session', () => {
  it('answers other sessions’ signaling, /healthz and liveness while one session’s full-HD frames are analysed', async () => {
    challenges = [...LIVENESS_CHALLENGES];
    const heavy = await customerIn('heavy');
    const light = await customerIn('light');
    try {
      const bigFrames = Array.from({ length: 8 }, (_, i) =>
        ffmpegJpeg(`big-${i}.jpg`, 1920, 1080, 10 + i).toString('base64'),
      );
      const issuedHeavy = await heavy.peer.client.request('startLiveness', {});
      const issuedLight = await light.peer.client.request('startLiveness', {});
      const order: string[] = [];
      const heavyDone = heavy.peer.client
        .request('submitLiveness', {
          nonce: issuedHeavy.nonce,
          frames: frames(bigFrames, issuedHeavy.challenges),
          clientResult: { passed: true },
        })
        .then(() => order.push('heavy liveness'));
      // Only once the heavy job is on a worker do the others ask.
      await expect.poll(() => server.app.services.liveness.load.running, { timeout: 30_000 }).toBeGreaterThan(0);
      const others = [
        light.peer.client.request('getRouterRtpCapabilities', {}).then(() => order.push('signaling')),
        fetch(`${server.baseUrl}/healthz`).then((r) => order.push(`healthz ${r.status}`)),
        light.peer.client
          .request('submitLiveness', {
            nonce: issuedLight.nonce,
            frames: frames([fixture('camera-frame.jpg'), fixture('tilted-down.jpg')], issuedLight.challenges),
            clientResult: { passed: false },
          })
          .then(() => order.push('light liveness')),
      ];
      await Promise.all([heavyDone, ...others]);
      // Everything the other session asked was answered before the heavy submission was decided.
      expect(order.at(-1)).toBe('heavy liveness');
      expect(order.slice(0, 3).sort()).toEqual(['healthz 200', 'light liveness', 'signaling']);
    } finally {
      await heavy.peer.client.close();
      await light.peer.client.close();
    }
  }, 180_000);
});

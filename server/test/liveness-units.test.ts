import { readFileSync } from 'node:fs';
import { AirError } from '@aircounter/protocol';
import { describe, expect, it } from 'vitest';
import { ensureFaceFixtures, generated } from '../../packages/vision/test/support/face-fixtures.ts';
import { FairQueue } from '../src/liveness/fair-queue.ts';
import { inspectJpeg } from '../src/liveness/jpeg-header.ts';

function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve = (): void => undefined;
  const promise = new Promise<void>((r) => {
    resolve = r;
  });
  return { promise, resolve };
}

describe('FairQueue', () => {
  it('serves sessions in turn, one job per session at a time, whatever each one queued', async () => {
    const queue = new FairQueue(1);
    const order: string[] = [];
    const job = (name: string) => async (): Promise<void> => {
      order.push(name);
      await Promise.resolve();
    };
    const all = [
      ...['a1', 'a2', 'a3', 'a4'].map((name) => queue.run('a', job(name))),
      ...['b1', 'b2'].map((name) => queue.run('b', job(name))),
      queue.run('c', job('c1')),
    ];
    await Promise.all(all);
    expect(order).toEqual(['a1', 'b1', 'c1', 'a2', 'b2', 'a3', 'a4']);
    expect(queue.queued).toBe(0);
    expect(queue.running).toBe(0);
  });

  it('never runs two jobs of one session at once, even with idle capacity', async () => {
    const queue = new FairQueue(3);
    const gate = deferred();
    let concurrentA = 0;
    let maxConcurrentA = 0;
    const jobA = async (): Promise<void> => {
      concurrentA += 1;
      maxConcurrentA = Math.max(maxConcurrentA, concurrentA);
      await gate.promise;
      concurrentA -= 1;
    };
    const runs = [queue.run('a', jobA), queue.run('a', jobA), queue.run('b', async () => undefined)];
    await runs[2];
    expect(queue.running).toBe(1);
    gate.resolve();
    await Promise.all(runs);
    expect(maxConcurrentA).toBe(1);
  });

  it('passes a job’s failure to its caller and goes on', async () => {
    const queue = new FairQueue(1);
    await expect(queue.run('a', () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    await expect(queue.run('a', async () => 42)).resolves.toBe(42);
  });
});

describe('inspectJpeg', () => {
  it('reads the dimensions of a real JPEG without decoding it', () => {
    ensureFaceFixtures();
    const header = inspectJpeg(new Uint8Array(readFileSync(generated('camera-frame.jpg'))));
    expect(header.width).toBeGreaterThan(0);
    expect(header.height).toBeGreaterThan(0);
  });

  const SOI = [0xff, 0xd8];
  const EOI = [0xff, 0xd9];
  const SOF0 = [0xff, 0xc0, 0x00, 0x0b, 0x08, 0x00, 0x10, 0x00, 0x20, 0x01, 0x01, 0x11, 0x00];
  const SOS = [0xff, 0xda, 0x00, 0x08, 0x01, 0x01, 0x00, 0x00, 0x3f, 0x00];
  const bytes = (...parts: number[][]): Uint8Array => new Uint8Array(parts.flat());

  it('accepts the smallest well-formed structure and reads width and height', () => {
    expect(inspectJpeg(bytes(SOI, SOF0, SOS, [0x12, 0x34], EOI))).toEqual({ width: 32, height: 16 });
  });

  it.each([
    ['empty', bytes()],
    ['no SOI', bytes([0x00, 0x00], SOF0, SOS, EOI)],
    ['no EOI', bytes(SOI, SOF0, SOS, [0x12])],
    ['scan before frame header', bytes(SOI, SOS, EOI)],
    ['segment length beyond the end', bytes(SOI, [0xff, 0xe0, 0x7f, 0xff], EOI)],
    [
      'zero width',
      bytes(SOI, [0xff, 0xc0, 0x00, 0x0b, 0x08, 0x00, 0x10, 0x00, 0x00, 0x01, 0x01, 0x11, 0x00], SOS, EOI),
    ],
    ['garbage between segments', bytes(SOI, [0x41, 0x42], SOF0, SOS, EOI)],
    ['two frame headers', bytes(SOI, SOF0, SOF0, SOS, EOI)],
  ])('refuses %s with LIVENESS_FRAME_INVALID', (_name, input) => {
    expect(() => inspectJpeg(input)).toThrow(AirError);
    try {
      inspectJpeg(input);
    } catch (error) {
      expect((error as AirError).code).toBe('LIVENESS_FRAME_INVALID');
    }
  });
});

import { beforeAll, describe, expect, it } from 'vitest';
import type { Vision } from '../../src/vision.ts';
import { generated } from '../support/face-fixtures.ts';
import { loadImage, nodeVision } from '../support/node-vision.ts';

describe('quality gate on ffmpeg variants of the portrait', () => {
  let vision: Vision;
  beforeAll(async () => {
    vision = await nodeVision();
  });

  async function issuesOf(name: string) {
    const image = loadImage(generated(name));
    const analysis = await vision.analyze(image);
    image.dispose();
    return analysis.quality;
  }

  it('accepts the well-framed camera frame', async () => {
    const quality = await issuesOf('camera-frame.jpg');
    expect(quality.issues).toEqual([]);
    expect(quality.ok).toBe(true);
  });

  it.each([
    ['dark.jpg', 'tooDark'],
    ['blurred.jpg', 'blurry'],
    ['off-centre.jpg', 'centerFace'],
    ['far.jpg', 'moveCloser'],
  ] as const)('rejects %s with %s', async (name, issue) => {
    const quality = await issuesOf(name);
    expect(quality.ok).toBe(false);
    expect(quality.faceCount).toBe(1);
    expect(quality.issues[0]).toBe(issue);
  });

  it('measures brightness and sharpness that order the variants', async () => {
    const good = await issuesOf('camera-frame.jpg');
    const dark = await issuesOf('dark.jpg');
    const blurred = await issuesOf('blurred.jpg');
    expect(dark.stats?.brightness ?? 255).toBeLessThan((good.stats?.brightness ?? 0) / 2);
    expect(blurred.stats?.sharpness ?? Infinity).toBeLessThan((good.stats?.sharpness ?? 0) / 10);
  });
});

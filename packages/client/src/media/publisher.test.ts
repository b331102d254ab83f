import { describe, expect, it } from 'vitest';
import { cameraEncodings } from './publisher.ts';

describe('camera simulcast encodings', () => {
  it.each([
    // A 640×480 camera gets two layers, the top one the full capture (Chromium sends at most two at that size).
    [{ width: 640, height: 480 }, [2, 1]],
    [{ width: 1280, height: 720 }, [4, 2, 1]],
    [{ width: 1920, height: 1080 }, [4, 2, 1]],
    [{ width: 480, height: 640 }, [2, 1]],
    [{ width: 320, height: 240 }, [1]],
    [{}, [4, 2, 1]],
  ])('for a %o capture scales %o', (size, scales) => {
    const encodings = cameraEncodings(size);
    expect(encodings.map((encoding) => encoding.scaleResolutionDownBy)).toEqual(scales);
    expect(encodings.at(-1)?.scaleResolutionDownBy).toBe(1);
    // Bitrates grow with the layer's size.
    const bitrates = encodings.map((encoding) => encoding.maxBitrate ?? 0);
    expect(bitrates).toEqual([...bitrates].sort((a, b) => a - b));
    expect(encodings.every((encoding) => encoding.scalabilityMode === 'L1T2')).toBe(true);
  });
});

import type { SignatureStrokes } from '@aircounter/protocol';
import { PNG } from 'pngjs';

/** Longest side of the rendered image, pixels: sharp enough to print at signature size, small to keep. */
const OUTPUT_MAX_SIDE = 1200;
/** Pen width at full pressure and at none, output pixels. */
const MAX_PEN = 5;
const MIN_PEN = 1.5;
/** Ink colour (dark blue, the colour of a ballpoint pen), opaque. */
const INK = [0x10, 0x1c, 0x5a] as const;

/**
 * Renders strokes to a PNG on a transparent background, on the server: the
 * image in the evidence and in the signed PDF is derived from the strokes the
 * server kept, so it cannot differ from them (an image drawn by the browser
 * would be one more thing to trust and to check).
 */
export function renderSignaturePng(signature: SignatureStrokes): Uint8Array {
  const { width, height } = signature.canvas;
  const scale = Math.min(2, OUTPUT_MAX_SIDE / Math.max(width, height));
  const png = new PNG({ width: Math.round(width * scale), height: Math.round(height * scale) });
  const stamp = (cx: number, cy: number, radius: number): void => {
    const r = Math.ceil(radius);
    for (let y = Math.max(0, Math.floor(cy) - r); y <= Math.min(png.height - 1, Math.ceil(cy) + r); y += 1) {
      for (let x = Math.max(0, Math.floor(cx) - r); x <= Math.min(png.width - 1, Math.ceil(cx) + r); x += 1) {
        // Coverage of the pixel by the disc, softened over one pixel for smooth edges.
        const coverage = Math.min(1, Math.max(0, radius + 0.5 - Math.hypot(x + 0.5 - cx, y + 0.5 - cy)));
        if (coverage === 0) continue;
        const offset = (y * png.width + x) * 4;
        png.data[offset] = INK[0];
        png.data[offset + 1] = INK[1];
        png.data[offset + 2] = INK[2];
        png.data[offset + 3] = Math.max(png.data[offset + 3] ?? 0, Math.round(coverage * 255));
      }
    }
  };
  const penRadius = (pressure: number): number => (MIN_PEN + (MAX_PEN - MIN_PEN) * pressure) / 2;
  for (const stroke of signature.strokes) {
    const [first] = stroke;
    if (first) stamp(first.x * scale, first.y * scale, penRadius(first.pressure));
    for (let index = 1; index < stroke.length; index += 1) {
      const from = stroke[index - 1];
      const to = stroke[index];
      if (!from || !to) continue;
      const length = Math.hypot(to.x - from.x, to.y - from.y) * scale;
      // Discs half a pixel apart make a continuous line; pressure is interpolated along the segment.
      const steps = Math.max(1, Math.ceil(length * 2));
      for (let step = 1; step <= steps; step += 1) {
        const share = step / steps;
        stamp(
          (from.x + (to.x - from.x) * share) * scale,
          (from.y + (to.y - from.y) * share) * scale,
          penRadius(from.pressure + (to.pressure - from.pressure) * share),
        );
      }
    }
  }
  return new Uint8Array(PNG.sync.write(png));
}

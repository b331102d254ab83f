import type { SignatureCanvas, SignatureStroke } from '@aircounter/protocol';

// How handwriting is drawn on screen, shared by the customer's pad and the
// agent's witness view: both must show the same ink, or the agent attests a
// signature that looks different from the one the customer drew.

/** A size in CSS pixels. */
export interface InkSize {
  readonly width: number;
  readonly height: number;
}

/** Where strokes land on a canvas: uniform scale, then offset (CSS pixels). */
export interface InkFrame {
  readonly scale: number;
  readonly offsetX: number;
  readonly offsetY: number;
}

/** Strokes drawn where they were recorded (the pad draws on its own surface). */
export const NATIVE_FRAME: InkFrame = { scale: 1, offsetX: 0, offsetY: 0 };

/** Line width at zero pressure and its growth to full pressure, CSS pixels of the recording surface. */
const MIN_LINE_WIDTH = 1.5;
const PRESSURE_LINE_WIDTH = 3.5;
/** Ink when the element's styles name none. */
export const DEFAULT_INK = '#101c5a';

/**
 * The frame that fits a recorded surface into a target, keeping its aspect
 * ratio and centring it: a customer's phone held upright and an agent's wide
 * screen show the same signature, neither stretched nor cut.
 */
export function fitFrame(source: SignatureCanvas, target: InkSize): InkFrame {
  if (source.width <= 0 || source.height <= 0) return NATIVE_FRAME;
  const scale = Math.min(target.width / source.width, target.height / source.height);
  return {
    scale,
    offsetX: (target.width - source.width * scale) / 2,
    offsetY: (target.height - source.height * scale) / 2,
  };
}

/**
 * The ink colour of a canvas: its computed CSS `color`. Components set
 * `color` from their ink variable; in forced-colours mode the browser
 * replaces it with the system text colour, which contrasts with the
 * system background it also forces on the canvas.
 */
export function inkColor(canvas: HTMLCanvasElement): string {
  return getComputedStyle(canvas).color || DEFAULT_INK;
}

/**
 * Clears `canvas` and draws `strokes` on it: the backing store sized for
 * `size` (CSS pixels) at the device's pixel ratio, round caps and joins,
 * each segment as wide as its pressure says. `frame` maps recorded
 * coordinates onto the canvas; line widths scale with it, so a signature
 * shown smaller keeps its proportions.
 */
export function paintInk(
  canvas: HTMLCanvasElement,
  size: InkSize,
  strokes: readonly SignatureStroke[],
  options: { readonly color: string; readonly frame?: InkFrame },
): void {
  const context = canvas.getContext('2d');
  if (!context) return;
  const ratio = window.devicePixelRatio || 1;
  const width = Math.round(size.width * ratio);
  const height = Math.round(size.height * ratio);
  // Setting the size (even to the same value) clears the bitmap and resets the context: only when it changed.
  if (canvas.width !== width) canvas.width = width;
  if (canvas.height !== height) canvas.height = height;
  context.setTransform(ratio, 0, 0, ratio, 0, 0);
  context.clearRect(0, 0, size.width, size.height);
  const frame = options.frame ?? NATIVE_FRAME;
  context.setTransform(ratio * frame.scale, 0, 0, ratio * frame.scale, ratio * frame.offsetX, ratio * frame.offsetY);
  context.strokeStyle = options.color;
  context.lineCap = 'round';
  context.lineJoin = 'round';
  for (const stroke of strokes) {
    for (let index = 1; index < stroke.length; index += 1) {
      const from = stroke[index - 1];
      const to = stroke[index];
      if (!from || !to) continue;
      context.lineWidth = MIN_LINE_WIDTH + PRESSURE_LINE_WIDTH * to.pressure;
      context.beginPath();
      context.moveTo(from.x, from.y);
      context.lineTo(to.x, to.y);
      context.stroke();
    }
  }
}

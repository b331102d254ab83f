/**
 * Zoom levels, as multiples of "fit width" (1: the page as wide as the
 * viewer). Relative to the viewer rather than to the PDF's points, so "zoom
 * in" means the same on a phone and on the agent's wide screen.
 */
export const ZOOM_LEVELS = [0.5, 0.75, 1, 1.25, 1.5, 2, 3] as const;
export const FIT_WIDTH = 1;

/** The next level above `zoom`, or `zoom` at the largest. */
export function zoomIn(zoom: number): number {
  return ZOOM_LEVELS.find((level) => level > zoom + 1e-6) ?? zoom;
}

/** The next level below `zoom`, or `zoom` at the smallest. */
export function zoomOut(zoom: number): number {
  return [...ZOOM_LEVELS].reverse().find((level) => level < zoom - 1e-6) ?? zoom;
}

/** CSS pixels per PDF point that show a page `pageWidth` points wide at `zoom` in `viewerWidth` pixels. */
export function renderScale(zoom: number, viewerWidth: number, pageWidth: number): number {
  if (viewerWidth <= 0 || pageWidth <= 0) return zoom;
  return (zoom * viewerWidth) / pageWidth;
}

import type { Box } from '../landmarks.ts';

/**
 * The oval the customer puts their face in, as shares of the frame (so the
 * element can draw the same oval over a video of any size). Defaults fit a
 * 4:3 selfie frame at arm's length.
 */
export interface OvalGuide {
  readonly centerX: number;
  readonly centerY: number;
  /** Horizontal radius as a share of the frame width. */
  readonly radiusX: number;
  /** Vertical radius as a share of the frame height. */
  readonly radiusY: number;
}

export const DEFAULT_OVAL: OvalGuide = { centerX: 0.5, centerY: 0.45, radiusX: 0.25, radiusY: 0.42 };

export interface Placement {
  /** Face centre's distance from the oval centre, 1 = on the oval's edge. */
  readonly offset: number;
  /** Face height over the oval's height. */
  readonly scale: number;
  /** Direction to move the face towards the centre (image coordinates, unmirrored). */
  readonly dx: number;
  readonly dy: number;
}

export function placement(
  box: Box,
  frameWidth: number,
  frameHeight: number,
  oval: OvalGuide = DEFAULT_OVAL,
): Placement {
  const cx = (box.x + box.width / 2) / frameWidth;
  const cy = (box.y + box.height / 2) / frameHeight;
  const dx = (cx - oval.centerX) / oval.radiusX;
  const dy = (cy - oval.centerY) / oval.radiusY;
  return {
    offset: Math.hypot(dx, dy),
    scale: box.height / frameHeight / (2 * oval.radiusY),
    dx: -dx,
    dy: -dy,
  };
}

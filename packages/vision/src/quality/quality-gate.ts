import type * as tf from '@tensorflow/tfjs-core';
import type { DetectedFace } from '../landmarks.ts';
import type { FaceSignals } from '../signals.ts';
import { faceRegionStats, type PatchStats } from './image-stats.ts';
import { DEFAULT_OVAL, placement, type OvalGuide, type Placement } from './oval-guide.ts';

/**
 * Why a frame is not good enough, in the order guidance is given: the first
 * issue is the one to tell the customer about.
 */
export const QUALITY_ISSUES = [
  'noFace',
  'multipleFaces',
  'moveCloser',
  'moveBack',
  'centerFace',
  'tooDark',
  'tooBright',
  'blurry',
  'faceCamera',
] as const;
export type QualityIssue = (typeof QUALITY_ISSUES)[number];

export interface QualityThresholds {
  /** Face centre within this share of the oval's radii. */
  readonly maxOffset: number;
  /** Face height over oval height. */
  readonly minScale: number;
  readonly maxScale: number;
  /** Mean face luma, 0-255. */
  readonly minBrightness: number;
  readonly maxBrightness: number;
  /** Share of blown-out face pixels. */
  readonly maxClipped: number;
  /** Laplacian variance of the 128 px face patch. */
  readonly minSharpness: number;
  /** Largest |yaw|, |pitch|, |roll| in degrees for a "frontal" face. */
  readonly maxAngle: number;
}

// Calibrated on the portrait fixture and its ffmpeg variants (packages/vision/test/node/quality.test.ts).
export const DEFAULT_QUALITY: QualityThresholds = {
  maxOffset: 0.35,
  minScale: 0.45,
  maxScale: 1.05,
  minBrightness: 60,
  maxBrightness: 215,
  maxClipped: 0.2,
  minSharpness: 60,
  maxAngle: 14,
};

export interface QualityReport {
  readonly ok: boolean;
  readonly issues: readonly QualityIssue[];
  readonly faceCount: number;
  readonly placement?: Placement;
  readonly stats?: PatchStats;
}

export interface QualityInput {
  readonly image: tf.Tensor3D;
  /** Distinct faces (see faces.ts). */
  readonly faces: readonly DetectedFace[];
  /** Signals of `faces[0]`. */
  readonly signals?: FaceSignals;
  readonly oval?: OvalGuide;
  readonly thresholds?: QualityThresholds;
}

/** One face, in the oval, at a usable size, lit, sharp and facing the camera. */
export async function assessQuality(input: QualityInput): Promise<QualityReport> {
  const t = input.thresholds ?? DEFAULT_QUALITY;
  const faceCount = input.faces.length;
  const face = input.faces[0];
  if (!face) return { ok: false, issues: ['noFace'], faceCount };
  if (faceCount > 1) return { ok: false, issues: ['multipleFaces'], faceCount };

  const [height, width] = input.image.shape;
  const where = placement(face.box, width, height, input.oval ?? DEFAULT_OVAL);
  const stats = await faceRegionStats(input.image, face.box);
  const issues: QualityIssue[] = [];
  if (where.scale < t.minScale) issues.push('moveCloser');
  if (where.scale > t.maxScale) issues.push('moveBack');
  if (where.offset > t.maxOffset) issues.push('centerFace');
  if (stats.brightness < t.minBrightness) issues.push('tooDark');
  if (stats.brightness > t.maxBrightness || stats.clipped > t.maxClipped) issues.push('tooBright');
  if (stats.sharpness < t.minSharpness) issues.push('blurry');
  const s = input.signals;
  if (s && Math.max(Math.abs(s.yaw), Math.abs(s.pitch), Math.abs(s.roll)) > t.maxAngle) issues.push('faceCamera');
  return { ok: issues.length === 0, issues, faceCount, placement: where, stats };
}

/**
 * Indices into MediaPipe's 468-point face mesh. "Right"/"left" are the
 * subject's: the subject's right eye appears on the left of an unmirrored
 * camera image.
 */
export const MESH = {
  noseTip: 1,
  subnasale: 2,
  foreheadTop: 10,
  chin: 152,
  rightCheek: 234,
  leftCheek: 454,
  rightEyeOuter: 33,
  rightEyeInner: 133,
  leftEyeOuter: 263,
  leftEyeInner: 362,
  mouthRight: 61,
  mouthLeft: 291,
  mouthInnerRight: 78,
  mouthInnerLeft: 308,
  upperLipInner: 13,
  lowerLipInner: 14,
} as const;

/** Eye contour pairs (upper lid, lower lid) used for the eye aspect ratio, subject's right eye. */
export const RIGHT_EYE_LIDS: readonly (readonly [number, number])[] = [
  [160, 144],
  [159, 145],
  [158, 153],
];
export const LEFT_EYE_LIDS: readonly (readonly [number, number])[] = [
  [385, 380],
  [386, 374],
  [387, 373],
];
/** Inner lip pairs (upper, lower) used for the mouth aspect ratio. */
export const INNER_LIPS: readonly (readonly [number, number])[] = [
  [82, 87],
  [13, 14],
  [312, 317],
];

/** Mesh size of the model we use (no iris refinement). */
export const MESH_POINTS = 468;

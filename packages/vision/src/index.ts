// @aircounter/vision: offline face landmarks, quality gate, active liveness
// and 1:1 face match on tfjs (wasm). Load it lazily: `await import('@aircounter/vision')`.
export { createVision, type FrameAnalysis, type Vision, type VisionImage, type VisionOptions } from './vision.ts';
export { httpAssets, type AssetSource, type HttpAssetsOptions } from './assets.ts';
export type { VisionBackend } from './backend.ts';
export type { Box, DetectedFace } from './landmarks.ts';
export type { Point3 } from './geometry/point.ts';
export { headPose, type HeadPose } from './geometry/head-pose.ts';
export { eyeAspectRatio, mouthAspectRatio } from './geometry/aspect-ratios.ts';
export { faceSignals, medianSignals, type FaceSignals } from './signals.ts';
export { distinctFaces } from './faces.ts';
export {
  assessQuality,
  DEFAULT_QUALITY,
  QUALITY_ISSUES,
  type QualityIssue,
  type QualityReport,
  type QualityThresholds,
} from './quality/quality-gate.ts';
export { DEFAULT_OVAL, placement, type OvalGuide, type Placement } from './quality/oval-guide.ts';
export { CHALLENGES } from './liveness/challenges.ts';
export type { Challenge, ChallengeDetector, ChallengeStep } from './liveness/challenge.ts';
export { THRESHOLDS as LIVENESS_THRESHOLDS } from './liveness/thresholds.ts';
export {
  createLivenessRun,
  type LivenessFailure,
  type LivenessFrame,
  type LivenessPhase,
  type LivenessRunOptions,
  type LivenessState,
  type LivenessStep,
} from './liveness/liveness-run.ts';
export {
  SELF_CONSISTENCY_THRESHOLD,
  verifyEvidence,
  type EvidenceVerdict,
  type IssuedLiveness,
  type MeasuredFrame,
} from './liveness/verify-evidence.ts';
export { descriptorDistance, FACE_MATCH_THRESHOLD } from './face-match/distance.ts';
export { MODELS, modelVersions, type ModelEntry, type ModelRole } from './model-catalog.ts';
export { captureFrame, type CapturedFrame } from './browser/capture-frame.ts';

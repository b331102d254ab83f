export { createClient, signalingUrl } from './client.ts';
export type * from './types.ts';
export type {
  Liveness,
  LivenessChallengeSet,
  LivenessDecision,
  LivenessDecidedNotice,
  LivenessOutcome,
  LivenessSubmission,
} from './liveness.ts';
export type { Authorization, AuthorizationRequestInput, AuthorizationView, StillTaken } from './authorization.ts';
export { createDeskClient, DESK_API_PATH, DESK_MAX_ATTACHMENT_BYTES, DESK_MAX_JSON_BYTES } from './desk.ts';
export type { DeskClient, DeskClientOptions, DeskDecisionInput, DeskJoin, DeskQueue } from './desk.ts';
export type { WebSocketFactory } from './signaling/socket.ts';
export { qualityFromScore } from './media/quality.ts';
export { cameraEncodings } from './media/publisher.ts';
export { unrecordedTracks } from './recording.ts';
export type {
  ConfirmationVerdict,
  GestureChallenge,
  GestureFrames,
  GesturePort,
  Journey,
  JourneyEvents,
  VoiceClip,
} from './journey.ts';
export { DEFAULT_DOCUMENT_MAX_BYTES } from './documents.ts';
export type { DocumentEvents, DocumentInfo, Documents, FetchDocumentOptions } from './documents.ts';
export { DEFAULT_RECONNECT, reconnectWindowMs } from './reconnect/backoff.ts';
// Errors are the protocol's: one class and one code table for both ends.
export { AirError, ERRORS, isErrorCode } from '@aircounter/protocol';
export type {
  ConsentDeclineOutcome,
  ConsentState,
  CoverageCause,
  ErrorCode,
  RecordingState,
  RecordingStatus,
  Role,
  MediaSource,
  TrackCoverage,
  // What the signing calls of session.documents take and return.
  AttestSignatureResponse,
  SignatureCanvas,
  SignaturePoint,
  SignatureStroke,
  SignatureStrokes,
  SubmitSignatureResponse,
} from '@aircounter/protocol';

// `@aircounter/evidence/replay`: what a compliance portal needs to list
// sessions and replay them, without any UI library. `<air-session-replay>`
// of `@aircounter/elements` is one view over it; a portal may build another.
export { evidenceReaderFor, type ReplaySource } from './replay-source.ts';
export {
  createAuditorSource,
  type AuditorSource,
  type AuditorSourceOptions,
  type AuditorSessionQuery,
} from './auditor-source.ts';
export { loadReplay, releaseReplay, type LoadedReplay, type LoadReplayOptions } from './load-replay.ts';
export {
  groupTracks,
  markerKindOf,
  markersOf,
  packageFiles,
  parseEventLog,
  parseManifestBytes,
  participantsOf,
  timedTracks,
  untimedTracks,
  type MarkerKind,
  type ReplayGroup,
  type ReplayMarker,
  type ReplayParticipant,
  type ReplayTrack,
  type TrackKind,
} from './replay-model.ts';
export {
  chapterText,
  definitionTexts,
  journeyDefinitionFile,
  journeyOf,
  type ChapterStatus,
  type ChapterText,
  type JourneyChapter,
  type ReplayJourney,
} from './journey-chapters.ts';
export { captionLines, captionText, journeyCaptions, toWebVtt, type CaptionCue } from './captions.ts';
export {
  LiveCaptions,
  type LiveCaptionEvent,
  type LiveCaptionSlot,
  type LiveCaptionsOptions,
  type LiveCue,
} from './live-captions.ts';
export {
  documentDownloadName,
  documentsOf,
  type ReplayArtifact,
  type ReplayAttestation,
  type ReplayDocument,
  type ReplayReadConfirmation,
  type ReplayRedoRequest,
  type ReplaySignatureAttempt,
  type ReplaySignedDocument,
} from './signing-documents.ts';
export { ArtifactMismatchError, readArtifact, type ReadArtifactOptions } from './read-artifact.ts';

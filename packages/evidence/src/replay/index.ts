// `@aircounter/evidence/replay`: what a compliance portal needs to list
// sessions and replay them, without any UI library. `<air-session-replay>`
// of `@aircounter/elements` is one view over it; a portal may build another.
export { evidenceReaderFor, type ReplaySource } from './replay-source.ts';
export {
  createAuditorSource,
  type AuditorSource,
  type AuditorSourceOptions,
  type AuditorSessionPage,
  type AuditorSessionQuery,
  type AuditorSessionSummary,
} from './auditor-source.ts';
export { loadReplay, releaseReplay, type LoadedReplay } from './load-replay.ts';
export {
  groupTracks,
  markersOf,
  packageFiles,
  parseEventLog,
  parseManifestBytes,
  parseTimingSummary,
  participantsOf,
  untimedTracks,
  TIMING_FILE_PATTERN,
  type MarkerKind,
  type ReplayGroup,
  type ReplayMarker,
  type ReplayParticipant,
  type ReplayTrack,
  type TrackKind,
} from './replay-model.ts';

import type { RecordingStatus } from '@aircounter/protocol';

/** Tracks a journey step needs recorded: both faces and both voices (a shared screen is not required). */
const REQUIRED_SOURCES: readonly string[] = ['camera', 'microphone'];

/**
 * Whether the session is recorded for a journey step: the recording is active
 * and the continuity monitor reports every participant's camera and
 * microphone recorded. One source with what people see live and what the
 * package says about gaps.
 */
export function isFullyRecorded(status: RecordingStatus): boolean {
  if (status.state !== 'active') return false;
  return (status.coverage ?? []).every((track) => track.recorded || !REQUIRED_SOURCES.includes(track.source));
}

/** Why a step is interrupted, as the evidence records it (no server detail). */
export function notRecordedReason(status: RecordingStatus): string {
  if (status.state !== 'active') return `recording-${status.state}`;
  const track = (status.coverage ?? []).find((entry) => !entry.recorded && REQUIRED_SOURCES.includes(entry.source));
  return track === undefined
    ? 'not-recorded'
    : `${track.role}-${track.source}-not-recorded${track.cause === undefined ? '' : `: ${track.cause}`}`;
}

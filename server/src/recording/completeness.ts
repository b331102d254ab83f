import type { IncompleteReason } from '@aircounter/protocol';
import type { GapSummary, SegmentSummary } from './finalize.ts';

/** One defect that makes a recording incomplete, with the track it concerns when it concerns one. */
export interface RecordingProblem {
  readonly reason: IncompleteReason;
  readonly trackKey: string | null;
  readonly file: string | null;
  readonly detail: string;
}

/**
 * Whether a recording is complete, and every reason it is not: one rule,
 * applied to what the timing log and the files say (see docs/recording.md,
 * "Completeness").
 */
export function judgeRecording(input: {
  readonly recovered: boolean;
  readonly damagedLogLines: number;
  readonly finalState: string | undefined;
  readonly segments: readonly SegmentSummary[];
  readonly gaps: readonly GapSummary[];
  readonly failures: readonly { readonly trackKey: string; readonly code: string }[];
}): { complete: boolean; incomplete: IncompleteReason[]; problems: RecordingProblem[] } {
  const problems: RecordingProblem[] = [];
  const add = (reason: IncompleteReason, trackKey: string | null, file: string | null, detail: string): void => {
    problems.push({ reason, trackKey, file, detail });
  };
  if (input.recovered) add('recovered', null, null, 'recovered after the server stopped abruptly');
  if (input.damagedLogLines > 0) add('timing-damaged', null, null, `${input.damagedLogLines} damaged timing lines`);
  if (input.finalState === 'failed' || input.finalState === 'aborted') {
    add('recording-failed', null, null, `the recording ended as ${input.finalState}`);
  }
  for (const failure of input.failures) add('track-failed', failure.trackKey, null, `not recorded (${failure.code})`);
  for (const segment of input.segments) {
    if (!segment.written.ok) add(segment.written.problem, segment.trackKey, segment.file, segment.written.detail);
    if (segment.problem !== null) add('file-unreadable', segment.trackKey, segment.file, 'the file cannot be read');
    else if (!segment.empty && !segment.end.clean) {
      add('file-repaired', segment.trackKey, segment.file, `not finished by its recorder (${segment.end.reason})`);
    }
  }
  for (const gap of input.gaps) {
    if (!gap.counts) continue;
    add(
      'gap',
      gap.trackKey,
      null,
      `${gap.cause} from ${gap.fromMs} ms for ${gap.durationMs} ms${gap.open ? ' (until the end)' : ''}`,
    );
  }
  const incomplete = [...new Set(problems.map((entry) => entry.reason))];
  return { complete: incomplete.length === 0, incomplete, problems };
}

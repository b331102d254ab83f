import { INCOMPLETE_REASONS, type IncompleteReason } from '@aircounter/protocol';

/** The part of an evidence entry the verdict reads. */
interface EntryLike {
  readonly type: string;
  readonly data: Readonly<Record<string, unknown>>;
}

/** Longest `incompleteReason` written into a manifest. */
const MAX_REASON_LENGTH = 1000;

function isIncompleteReason(value: unknown): value is IncompleteReason {
  return typeof value === 'string' && (INCOMPLETE_REASONS as readonly string[]).includes(value);
}

/**
 * Whether a session's recordings are complete, read from its evidence log:
 * every recording that started must have been finalized (or recovered) as
 * complete. The same records that hold the timing summary's verdict
 * (`recording.finalized` / `recording.recovered` carry `complete`,
 * `incomplete` and `problems`), so the manifest can never disagree with them.
 * The reason lists each recording's codes and the first problems.
 */
export function recordingsVerdict(entries: readonly EntryLike[]): { complete: boolean; reason: string | undefined } {
  const started = new Set<string>();
  const finished = new Map<string, { complete: boolean; incomplete: IncompleteReason[]; details: string[] }>();
  for (const entry of entries) {
    const recordingId = entry.data['recordingId'];
    if (typeof recordingId !== 'string') continue;
    if (entry.type === 'recording.state' && entry.data['state'] === 'starting') started.add(recordingId);
    if (entry.type !== 'recording.finalized' && entry.type !== 'recording.recovered') continue;
    const incomplete = Array.isArray(entry.data['incomplete'])
      ? entry.data['incomplete'].filter(isIncompleteReason)
      : [];
    const problems = Array.isArray(entry.data['problems']) ? entry.data['problems'] : [];
    const details = problems.slice(0, 5).map((problem: unknown) => {
      if (typeof problem !== 'object' || problem === null) return '';
      const track = Reflect.get(problem, 'trackKey');
      const detail = Reflect.get(problem, 'detail');
      return `${typeof track === 'string' ? `${track}: ` : ''}${typeof detail === 'string' ? detail : ''}`;
    });
    const complete = entry.data['complete'] === true && incomplete.length === 0;
    finished.set(recordingId, { complete, incomplete: complete ? [] : incomplete, details });
  }
  const parts: string[] = [];
  for (const recordingId of started) {
    const outcome = finished.get(recordingId);
    if (outcome === undefined) {
      parts.push(`recording ${recordingId}: recording-failed (never finalized)`);
      continue;
    }
    if (outcome.complete) continue;
    const codes = outcome.incomplete.length > 0 ? outcome.incomplete.join(', ') : 'recording-failed';
    const details = outcome.details.filter((detail) => detail !== '');
    parts.push(`recording ${recordingId}: ${codes}${details.length > 0 ? ` (${details.join('; ')})` : ''}`);
  }
  if (parts.length === 0) return { complete: true, reason: undefined };
  const reason = parts.join(' | ');
  return {
    complete: false,
    reason: reason.length > MAX_REASON_LENGTH ? `${reason.slice(0, MAX_REASON_LENGTH - 1)}…` : reason,
  };
}

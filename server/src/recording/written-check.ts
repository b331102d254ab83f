/**
 * What was written against what was sent, per segment: a recording can never
 * be wrong silently. A file that holds far less than the recorder was sent
 * (a frozen camera, a recorder that wrote one frame of a running stream) is
 * not a recording of that track.
 */

/** A segment must hold at least this share of the media time (and frames) that was sent to it. */
export const MIN_WRITTEN_SHARE = 0.5;
/** Below this much media sent, a segment is too short to judge (a track closed right after it started). */
export const MIN_JUDGED_SPAN_MS = 1000;

export type WrittenVerdict =
  | { readonly ok: true }
  | { readonly ok: false; readonly problem: 'track-failed' | 'track-short'; readonly detail: string };

export interface WrittenFacts {
  readonly kind: 'audio' | 'video';
  /** Whether any packet was sent to the segment's recorder (its first packet was traced). */
  readonly mediaSent: boolean;
  /** Bytes of the file as written (0: nothing). */
  readonly fileBytes: number;
  /** Wall time from the first to the last packet sent to this segment, ms (null: unknown). */
  readonly sentSpanMs: number | null;
  /** Frame rate sent (sampled from RTP timestamps), video only. */
  readonly sentFrameRate: number | null;
  /** Duration the file holds (ffprobe), ms; null when unreadable. */
  readonly writtenMs: number | null;
  /** Packets the file holds (ffprobe; one per frame for video). */
  readonly writtenPackets: number | null;
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}

/** Judges one segment; `ok` when what it holds is plausibly what was sent. */
export function judgeWritten(facts: WrittenFacts): WrittenVerdict {
  if (!facts.mediaSent) return { ok: true };
  if (facts.fileBytes === 0)
    return { ok: false, problem: 'track-failed', detail: 'media was sent but the file is empty' };
  if (facts.writtenPackets === 0) {
    return { ok: false, problem: 'track-failed', detail: 'media was sent but the file holds no frames' };
  }
  const span = facts.sentSpanMs;
  if (span === null || span < MIN_JUDGED_SPAN_MS) return { ok: true };
  if (facts.writtenMs !== null && facts.writtenMs < MIN_WRITTEN_SHARE * span) {
    return {
      ok: false,
      problem: 'track-short',
      detail: `the file holds ${seconds(facts.writtenMs)} of ${seconds(span)} sent`,
    };
  }
  if (facts.kind === 'video' && facts.sentFrameRate !== null && facts.writtenPackets !== null) {
    const expected = (span / 1000) * facts.sentFrameRate;
    if (facts.writtenPackets < MIN_WRITTEN_SHARE * expected) {
      return {
        ok: false,
        problem: 'track-short',
        detail: `the file holds ${facts.writtenPackets} frames of about ${Math.round(expected)} sent (${facts.sentFrameRate} fps for ${seconds(span)})`,
      };
    }
  }
  return { ok: true };
}

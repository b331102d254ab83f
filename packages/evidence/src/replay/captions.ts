import { chapterText, type ReplayJourney } from './journey-chapters.ts';

// Captions from text the product itself knows: each journey step the
// customer saw (its title and text from the signed definition, in the locale
// the journey was shown in) becomes a WebVTT cue for as long as the step was
// open on the recording. No speech recognition is involved, so a caption is
// exactly the text the evidence names by hash — and it also covers what the
// server read aloud, which is a step's text.

/** One caption on the session's media timeline (ms from the recording's start). */
export interface CaptionCue {
  readonly startMs: number;
  readonly endMs: number;
  /** Plain text; lines separated by `\n`. */
  readonly text: string;
  /** BCP 47 language of `text`, when known (live captions always say it). */
  readonly lang?: string;
}

/**
 * The one rule for what a caption says: a step's (or instruction's) title and
 * text, each that is present and not empty, one under the other. Replay and
 * live captions both use it, so a caption reads the same in both.
 */
export function captionText(parts: readonly (string | undefined)[]): string {
  return parts.filter((part): part is string => part !== undefined && part !== '').join('\n');
}

/** The lines a caption shows: each trimmed, blank ones dropped (a blank line would also end a WebVTT cue). */
export function captionLines(text: string): string[] {
  return text
    .split(/\r\n|\r|\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '');
}

/** A step still open when the log ended is captioned this long at most. */
const OPEN_STEP_MAX_MS = 60_000;

/**
 * The captions of a replayed journey: one cue per attempt at a step that was
 * on the recording and has a title or text, from its start to its end (or
 * to the next step's start, or `endOfMediaMs`). Steps before the recording
 * started have no media time and no cue.
 */
export function journeyCaptions(
  journey: ReplayJourney,
  options: { readonly locale?: string; readonly endOfMediaMs?: number } = {},
): CaptionCue[] {
  const locale = options.locale ?? journey.locale ?? 'en';
  const timed = journey.chapters.filter((chapter) => chapter.mediaTimeMs !== null);
  const cues: CaptionCue[] = [];
  timed.forEach((chapter, index) => {
    const texts = chapterText(chapter, locale);
    const text = captionText([texts?.title, texts?.text]);
    if (text === '') return;
    const startMs = chapter.atMs;
    const next = timed[index + 1]?.atMs;
    const fallback = Math.min(next ?? Number.POSITIVE_INFINITY, options.endOfMediaMs ?? startMs + OPEN_STEP_MAX_MS);
    const endMs = chapter.endMs ?? fallback;
    // A skipped step ends where it starts: show it briefly rather than not at all.
    cues.push({ startMs, endMs: Math.max(endMs, startMs + 1000), text });
  });
  return cues;
}

/** `HH:MM:SS.mmm`, as WebVTT wants it. */
function timestamp(ms: number): string {
  const total = Math.max(0, Math.round(ms));
  const hours = Math.floor(total / 3_600_000);
  const minutes = Math.floor((total % 3_600_000) / 60_000);
  const seconds = Math.floor((total % 60_000) / 1000);
  const millis = total % 1000;
  const two = (value: number): string => String(value).padStart(2, '0');
  return `${two(hours)}:${two(minutes)}:${two(seconds)}.${String(millis).padStart(3, '0')}`;
}

/** Cue text as WebVTT allows it: markup characters escaped, the lines of `captionLines`. */
function cueText(text: string): string {
  return captionLines(text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;')).join('\n');
}

/**
 * A WebVTT file of `cues` for one media element that starts `offsetMs` into
 * the session's timeline: cue times are shifted by it, cues that ended before
 * the element starts are left out and one that began before starts at 0.
 */
export function toWebVtt(cues: readonly CaptionCue[], offsetMs = 0): string {
  const blocks = ['WEBVTT'];
  for (const cue of cues) {
    const end = cue.endMs - offsetMs;
    if (end <= 0) continue;
    const text = cueText(cue.text);
    if (text === '') continue;
    blocks.push(`${timestamp(cue.startMs - offsetMs)} --> ${timestamp(end)}\n${text}`);
  }
  return `${blocks.join('\n\n')}\n`;
}

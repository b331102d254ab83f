import { captionLines, captionText, type CaptionCue } from './captions.ts';

// Live captions from known text: while a session runs, the product reports
// each text it shows or speaks now (a journey step's title and text in the
// locale it is shown in, a liveness instruction), and this model keeps the
// caption(s) on screen and what was captioned before. It follows the replay
// captions' rules (captions.ts), so a live caption reads exactly as the
// replay's cue of the same step: no speech recognition, only text the
// product already holds.

/** What the product shows or speaks now, as a page or an element reports it. */
export type LiveCaptionEvent =
  | {
      /** A journey step is shown (or shown again after an interruption, with a higher `attempt`). */
      readonly type: 'step-opened';
      readonly stepId: string;
      readonly attempt?: number;
      readonly title: string;
      readonly text: string;
      /** BCP 47 language of `title` and `text`. */
      readonly lang: string;
      /** When, ms on the page's clock (default: now). */
      readonly atMs?: number;
    }
  | { readonly type: 'step-closed'; readonly stepId: string; readonly atMs?: number }
  | {
      /** An instruction of `source` (e.g. `liveness`): replaces that source's previous one. */
      readonly type: 'instruction';
      readonly source: string;
      readonly text: string;
      readonly lang: string;
      readonly atMs?: number;
    }
  | { readonly type: 'instruction-cleared'; readonly source: string; readonly atMs?: number };

/** Where a live cue belongs: the journey's step (one at a time) or one instruction source. */
export type LiveCaptionSlot = 'step' | `instruction:${string}`;

/** A caption on screen now: a `CaptionCue` whose end is not known yet, with what it stands for. */
export type LiveCue = Omit<CaptionCue, 'endMs' | 'lang'> & {
  /** Grows with every new cue: a view announces each id once. */
  readonly id: number;
  readonly slot: LiveCaptionSlot;
  /** The step (`<stepId>#<attempt>`) or the instruction source it captions. */
  readonly subject: string;
  readonly lang: string;
};

export interface LiveCaptionsOptions {
  /** The page's clock for events without `atMs` (default `Date.now`). */
  readonly now?: () => number;
  /** How many ended cues `history` keeps, oldest dropped first (default 200). */
  readonly historyLimit?: number;
}

const DEFAULT_HISTORY_LIMIT = 200;

/**
 * The current caption(s) and the history of one session's live captions.
 * `apply` takes each event and says whether the captions changed: the same
 * text reported again (a page re-rendering the same step) changes nothing,
 * so a view announces each caption once.
 */
export class LiveCaptions {
  readonly #now: () => number;
  readonly #historyLimit: number;
  #current: LiveCue[] = [];
  #history: CaptionCue[] = [];
  #nextId = 1;

  constructor(options: LiveCaptionsOptions = {}) {
    this.#now = options.now ?? Date.now;
    this.#historyLimit = Math.max(0, options.historyLimit ?? DEFAULT_HISTORY_LIMIT);
  }

  /** On screen now: the step's caption first, then instructions, oldest first. */
  get current(): readonly LiveCue[] {
    return this.#current;
  }

  /** Captions that ended, oldest first, with their start and end. */
  get history(): readonly CaptionCue[] {
    return this.#history;
  }

  /** Takes one event; true when the current captions changed. */
  apply(event: LiveCaptionEvent): boolean {
    const at = event.atMs ?? this.#now();
    switch (event.type) {
      case 'step-opened':
        return this.#show(
          'step',
          `${event.stepId}#${event.attempt ?? 1}`,
          captionText([event.title, event.text]),
          event.lang,
          at,
        );
      case 'step-closed':
        return this.#end((cue) => cue.slot === 'step' && cue.subject.startsWith(`${event.stepId}#`), at);
      case 'instruction':
        return this.#show(`instruction:${event.source}`, event.source, event.text, event.lang, at);
      case 'instruction-cleared':
        return this.#end((cue) => cue.slot === `instruction:${event.source}`, at);
    }
  }

  /** Ends every current caption (the session or the journey ended). */
  clear(atMs: number = this.#now()): boolean {
    return this.#end(() => true, atMs);
  }

  #show(slot: LiveCaptionSlot, subject: string, raw: string, lang: string, at: number): boolean {
    const text = captionLines(raw).join('\n');
    const shown = this.#current.find((cue) => cue.slot === slot);
    if (shown && shown.subject === subject && shown.text === text && shown.lang === lang) return false;
    const ended = this.#end((cue) => cue.slot === slot, at);
    if (text === '') return ended;
    const cue: LiveCue = { id: this.#nextId, slot, subject, startMs: at, text, lang };
    this.#nextId += 1;
    this.#current = [...this.#current, cue].sort(
      (a, b) => Number(b.slot === 'step') - Number(a.slot === 'step') || a.startMs - b.startMs || a.id - b.id,
    );
    return true;
  }

  #end(matches: (cue: LiveCue) => boolean, at: number): boolean {
    const ending = this.#current.filter(matches);
    if (ending.length === 0) return false;
    this.#current = this.#current.filter((cue) => !matches(cue));
    for (const cue of ending) {
      this.#history.push({ startMs: cue.startMs, endMs: Math.max(at, cue.startMs), text: cue.text, lang: cue.lang });
    }
    if (this.#history.length > this.#historyLimit) this.#history.splice(0, this.#history.length - this.#historyLimit);
    return true;
  }
}

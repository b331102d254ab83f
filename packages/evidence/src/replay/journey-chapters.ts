import { JOURNEY_LOCALES, JourneyDefinition } from '@aircounter/journeys';
import * as v from 'valibot';
import { artifactFileName } from '../artifacts.ts';
import { fromUtf8 } from '../encoding.ts';
import type { JsonObject, JsonValue } from '../format.ts';
import type { LooseEntry } from './replay-model.ts';

// Journey steps as chapters of a replay, read from the journey events of the
// log (`journey.started`, `journey.step.started|completed|interrupted|skipped`,
// `journey.ended`) and the texts of the `journey-definition` artifact that
// `journey.started.definitionSha256` names. Lenient like the rest of the
// replay model: an entry that lacks a field is skipped, an unknown type is
// ignored, a missing or unreadable definition only costs the texts.

/** How one attempt at a step ended. `started`: nothing followed before the log (or the next attempt) ended. */
export type ChapterStatus = 'started' | 'completed' | 'interrupted' | 'skipped';

/** A step's title and text in one language, from the definition. */
export interface ChapterText {
  readonly title: string | undefined;
  readonly text: string | undefined;
}

/** One attempt at a journey step: a chapter to jump to. */
export interface JourneyChapter {
  /** `seq` of the entry that opened the chapter (unique per attempt). */
  readonly seq: number;
  /** That entry's type: `journey.step.started`, or `journey.step.skipped` for a step skipped without starting. */
  readonly entryType: 'journey.step.started' | 'journey.step.skipped';
  readonly stepId: string;
  /** The step's position in the definition as logged (0-based). */
  readonly index: number;
  readonly kind: string | undefined;
  readonly status: ChapterStatus;
  /** 1 for the first attempt at this step, 2 after one interruption … */
  readonly attempt: number;
  /** As logged: null when the step started before the recording. */
  readonly mediaTimeMs: number | null;
  /** Where a jump goes: `mediaTimeMs`, or 0. */
  readonly atMs: number;
  /** Media time of the entry that ended the attempt, when it has one. */
  readonly endMs: number | null;
  /** SHA-256 of the text the customer saw, as logged. */
  readonly textSha256: string | undefined;
  /** The entry that ended the attempt, as logged (`by`, `confirmation`, `reason` …). */
  readonly outcome: JsonObject | undefined;
  /**
   * The server's verdict (`journey.confirmation.verified`) on the nod, shake or voice the outcome names by its
   * `verification` id: what confirmed the step, and how the server checked it. Absent for other confirmations.
   */
  readonly verified?: JsonObject;
  /** The step's texts from the definition by locale (`*` for texts without a locale). */
  readonly texts: Readonly<Record<string, ChapterText>>;
}

/** What the package says about the session's journey. */
export interface ReplayJourney {
  readonly journeyId: string | undefined;
  readonly version: string | number | undefined;
  readonly definitionSha256: string | undefined;
  /** The locale every step's text was shown (and hashed) in, from `journey.started`. */
  readonly locale: string | undefined;
  /** The file the definition was read from; undefined when it is not in the package. */
  readonly definitionFile: string | undefined;
  readonly stepCount: number | undefined;
  readonly chapters: readonly JourneyChapter[];
  /** From `journey.ended`; undefined when the journey never ended on the log. */
  readonly ended:
    | { readonly complete: boolean; readonly missing: readonly string[]; readonly interrupted: readonly string[] }
    | undefined;
}

const ENDINGS: Readonly<Record<string, Exclude<ChapterStatus, 'started'>>> = {
  'journey.step.completed': 'completed',
  'journey.step.interrupted': 'interrupted',
  'journey.step.skipped': 'skipped',
};

const str = (value: JsonValue | undefined): string | undefined => (typeof value === 'string' ? value : undefined);
const int = (value: JsonValue | undefined): number | undefined =>
  typeof value === 'number' && Number.isInteger(value) && value >= 0 ? value : undefined;
const strings = (value: JsonValue | undefined): string[] =>
  Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : [];

/** The `journey.started` entry's definition hash, when the log has one (the loader reads that artifact). */
export function journeyDefinitionFile(entries: readonly LooseEntry[]): string | undefined {
  const started = entries.find((entry) => entry.type === 'journey.started');
  const sha = str(started?.data['definitionSha256']);
  return sha !== undefined && /^[0-9a-f]{64}$/.test(sha)
    ? artifactFileName('journey-definition', sha, 'application/json')
    : undefined;
}

/**
 * The journey of the log as chapters, one per attempt at a step, in log
 * order; undefined when the session ran no journey. `definition` is the
 * artifact's bytes (when the package has them).
 */
export function journeyOf(entries: readonly LooseEntry[], definition?: Uint8Array): ReplayJourney | undefined {
  const started = entries.find((entry) => entry.type === 'journey.started');
  if (!started) return undefined;
  const texts = definitionTexts(definition);
  const chapters: {
    seq: number;
    entryType: JourneyChapter['entryType'];
    stepId: string;
    index: number;
    kind: string | undefined;
    status: ChapterStatus;
    attempt: number;
    mediaTimeMs: number | null;
    endMs: number | null;
    textSha256: string | undefined;
    outcome: JsonObject | undefined;
  }[] = [];
  const attempts = new Map<string, number>();
  const verdicts = new Map<string, JsonObject>();
  for (const entry of entries) {
    const id = str(entry.data['verification']);
    if (entry.type === 'journey.confirmation.verified' && id !== undefined) verdicts.set(id, entry.data);
  }
  let ended: ReplayJourney['ended'];
  for (const entry of entries) {
    const stepId = str(entry.data['stepId']);
    if (entry.type === 'journey.step.started' && stepId !== undefined) {
      const attempt = (attempts.get(stepId) ?? 0) + 1;
      attempts.set(stepId, attempt);
      chapters.push({
        seq: entry.seq,
        entryType: 'journey.step.started',
        stepId,
        index: int(entry.data['index']) ?? chapters.length,
        kind: str(entry.data['kind']),
        status: 'started',
        attempt,
        mediaTimeMs: entry.mediaTimeMs,
        endMs: null,
        textSha256: str(entry.data['textSha256']),
        outcome: undefined,
      });
      continue;
    }
    const ending = ENDINGS[entry.type];
    if (ending !== undefined && stepId !== undefined) {
      // It ends the latest open attempt at that step; a skip may come without a start.
      const open = chapters.findLast((chapter) => chapter.stepId === stepId && chapter.status === 'started');
      if (open) {
        open.status = ending;
        open.endMs = entry.mediaTimeMs;
        open.outcome = entry.data;
      } else if (ending === 'skipped') {
        chapters.push({
          seq: entry.seq,
          entryType: 'journey.step.skipped',
          stepId,
          index: int(entry.data['index']) ?? chapters.length,
          kind: undefined,
          status: 'skipped',
          attempt: (attempts.get(stepId) ?? 0) + 1,
          mediaTimeMs: entry.mediaTimeMs,
          endMs: entry.mediaTimeMs,
          textSha256: undefined,
          outcome: entry.data,
        });
      }
      continue;
    }
    if (entry.type === 'journey.ended') {
      ended = {
        complete: entry.data['complete'] === true,
        missing: strings(entry.data['missing']),
        interrupted: strings(entry.data['interrupted']),
      };
    }
  }
  const version = started.data['version'];
  return {
    journeyId: str(started.data['journeyId']),
    version: typeof version === 'string' || typeof version === 'number' ? version : undefined,
    definitionSha256: str(started.data['definitionSha256']),
    locale: str(started.data['locale']),
    definitionFile: definition === undefined ? undefined : journeyDefinitionFile(entries),
    stepCount: int(started.data['stepCount']),
    chapters: chapters.map((chapter) => {
      const verified = verdicts.get(str(chapter.outcome?.['verification']) ?? '');
      return {
        ...chapter,
        atMs: chapter.mediaTimeMs ?? 0,
        ...(verified === undefined ? {} : { verified }),
        texts: texts.get(chapter.stepId) ?? {},
      };
    }),
    ended,
  };
}

/**
 * Each step's title and text by locale, from the `journey-definition`
 * artifact's bytes. A definition that does not parse (not JSON, or not a
 * journey definition) yields no texts: the chapters still show the logged ids.
 */
export function definitionTexts(bytes: Uint8Array | undefined): Map<string, Record<string, ChapterText>> {
  const result = new Map<string, Record<string, ChapterText>>();
  if (bytes === undefined) return result;
  let value: unknown;
  try {
    value = JSON.parse(fromUtf8(bytes));
  } catch {
    return result;
  }
  const parsed = v.safeParse(JourneyDefinition, value);
  if (!parsed.success) return result;
  for (const step of parsed.output.steps) {
    const body = 'text' in step ? step.text : undefined;
    const texts: Record<string, ChapterText> = {};
    for (const locale of JOURNEY_LOCALES) texts[locale] = { title: step.title[locale], text: body?.[locale] };
    result.set(step.id, texts);
  }
  return result;
}

/** The text of a chapter in `locale` (exact, then same language, then `*`, then any). */
export function chapterText(chapter: Pick<JourneyChapter, 'texts'>, locale: string): ChapterText | undefined {
  const texts = chapter.texts;
  const language = locale.split('-')[0] ?? locale;
  return (
    texts[locale] ??
    Object.entries(texts).find(([lang]) => lang.split('-')[0] === language && language !== 'zh')?.[1] ??
    texts['*'] ??
    Object.values(texts)[0]
  );
}

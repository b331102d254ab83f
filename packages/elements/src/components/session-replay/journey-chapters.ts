import { chapterText, type JourneyChapter, type ReplayJourney } from '@aircounter/evidence/replay';
import { css, html, nothing, type TemplateResult } from 'lit';
import { color, plainListStyles } from '../../base/styles.ts';
import { formatClock } from './format-time.ts';
import type { Term } from './marker-text.ts';
import { panelStyles } from './panel-styles.ts';

/** A chapter's title in `locale` (the step id when the package lacks the definition). */
export function chapterTitle(chapter: JourneyChapter, locale: string): string {
  return chapterText(chapter, locale)?.title ?? chapter.stepId;
}

/** The language a chapter's text is written in, when the definition says (`*`: unknown). */
function chapterLang(chapter: JourneyChapter, locale: string): string | undefined {
  const text = chapterText(chapter, locale);
  const found = Object.entries(chapter.texts).find(([, value]) => value === text)?.[0];
  return found === undefined || found === '*' ? undefined : found;
}

/** The chapter playback has reached: the last one starting at or before `positionMs`. */
export function currentChapter(chapters: readonly JourneyChapter[], positionMs: number): JourneyChapter | undefined {
  return chapters.reduce<JourneyChapter | undefined>(
    (found, chapter) => (chapter.atMs <= positionMs && (!found || chapter.atMs >= found.atMs) ? chapter : found),
    undefined,
  );
}

export interface ChaptersInput {
  readonly journey: ReplayJourney;
  readonly locale: string;
  readonly positionMs: number;
  /** The chapter whose text is shown: the one last jumped to, else the current one. */
  readonly shown: JourneyChapter | undefined;
  readonly disabled: boolean;
  readonly select: (chapter: JourneyChapter) => void;
}

/** The journey's steps as chapter buttons, with the shown step's text beside them. */
export function journeyChapters(term: Term, input: ChaptersInput): TemplateResult {
  const { journey, locale } = input;
  const current = currentChapter(journey.chapters, input.positionMs);
  const shown = input.shown ?? current;
  const summary =
    journey.ended === undefined
      ? term('sessionReplay.journeyUnfinished')
      : journey.ended.complete
        ? term('sessionReplay.journeyComplete')
        : term('sessionReplay.journeyIncomplete', {
            missing: journey.ended.missing.length,
            interrupted: journey.ended.interrupted.length,
          });
  const shownText = shown ? chapterText(shown, locale) : undefined;
  return html`<section part="chapters-panel" aria-labelledby="chapters-heading">
    <h2 id="chapters-heading" class="chapters-heading">${term('sessionReplay.chapters')}</h2>
    <p part="journey-summary" data-complete=${String(journey.ended?.complete ?? false)}>${summary}</p>
    <div class="chapters-layout">
      <ol part="chapters">
        ${journey.chapters.map(
          (chapter) =>
            html`<li>
              <button
                part="chapter"
                type="button"
                data-step-id=${chapter.stepId}
                data-status=${chapter.status}
                aria-current=${chapter === current ? 'step' : nothing}
                ?disabled=${input.disabled}
                @click=${() => input.select(chapter)}
              >
                <span part="chapter-time"
                  >${chapter.mediaTimeMs === null ? term('sessionReplay.beforeRecording') : formatClock(chapter.mediaTimeMs)}</span
                >
                <span lang=${chapterLang(chapter, locale) ?? nothing}
                  >${term('sessionReplay.chapter', { index: chapter.index + 1, title: chapterTitle(chapter, locale) })}</span
                >
                <span part="chapter-status">${term(`sessionReplay.chapterStatus.${chapter.status}`)}</span>
              </button>
            </li>`,
        )}
      </ol>
      ${
        shown
          ? html`<aside part="chapter-text" aria-labelledby="chapter-text-heading">
              <h3 id="chapter-text-heading">${term('sessionReplay.chapterText', { index: shown.index + 1 })}</h3>
              ${
                shownText?.text
                  ? html`<p lang=${chapterLang(shown, locale) ?? nothing}>${shownText.text}</p>`
                  : html`<p>${term('sessionReplay.chapterNoText')}</p>`
              }
              ${verifiedLine(shown, term)}
            </aside>`
          : nothing
      }
    </div>
  </section>`;
}

/** The server's check of the nod, shake or voice that completed the chapter's step, when it has one. */
function verifiedLine(
  chapter: { readonly verified?: Readonly<Record<string, unknown>> },
  term: (key: 'sessionReplay.verified.nod' | 'sessionReplay.verified.shake' | 'sessionReplay.verified.voice') => string,
): TemplateResult | typeof nothing {
  const kind = chapter.verified?.['confirmation'];
  if (kind !== 'nod' && kind !== 'shake' && kind !== 'voice') return nothing;
  return html`<p part="chapter-verified" data-confirmation=${kind}>${term(`sessionReplay.verified.${kind}`)}</p>`;
}

/** Styles of the chapter panel (composed into the replay's). */
export const chapterStyles = css`
  ${panelStyles('chapters')}

  [part~='journey-summary'] {
    margin: 0;
    font-weight: 600;
  }

  .chapters-layout {
    display: grid;
    grid-template-columns: minmax(0, 1fr) minmax(0, 1fr);
    gap: 1rem;
    align-items: start;
  }

  @media (max-width: 40rem) {
    .chapters-layout {
      grid-template-columns: minmax(0, 1fr);
    }
  }

  ${plainListStyles("[part~='chapters']", '0.25rem')}

  [part~='chapter'] {
    justify-content: flex-start;
    flex-wrap: wrap;
    width: 100%;
    text-align: start;
    border-radius: 8px;
  }

  [part~='chapter'][aria-current] {
    border-color: ${color('color-text')};
  }

  [part~='chapter'][data-status='interrupted'] [part~='chapter-status'],
  [part~='chapter'][data-status='started'] [part~='chapter-status'] {
    color: ${color('color-error')};
  }

  [part~='chapter-time'] {
    min-width: 4.5em;
    font-variant-numeric: tabular-nums;
  }

  [part~='chapter-text'] {
    padding: 0.75rem;
    border-left: 4px solid ${color('color-border')};
  }

  [part~='chapter-text'] h3,
  [part~='chapter-text'] p {
    margin: 0 0 0.5rem;
    white-space: pre-line;
  }
`;

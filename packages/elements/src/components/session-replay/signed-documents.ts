import type {
  ReplayArtifact,
  ReplayDocument,
  ReplaySignatureAttempt,
  ReplaySignedDocument,
} from '@aircounter/evidence/replay';
import { css, html, nothing, type TemplateResult } from 'lit';
import { cardStyles, color, plainListStyles } from '../../base/styles.ts';
import type { ArtifactFileState } from './artifact-files.ts';
import { formatClock } from './format-time.ts';
import type { Term } from './marker-text.ts';
import { panelStyles } from './panel-styles.ts';

/** A PDF of a document the reviewer can open: the original or a signed version, with the name to save it under. */
export interface DocumentPdf {
  readonly artifact: ReplayArtifact;
  readonly downloadName: string;
}

export interface DocumentsInput {
  readonly documents: readonly ReplayDocument[];
  /** What is known of a file (loading, its URL, or why it is not shown). */
  readonly fileState: (artifact: ReplayArtifact) => ArtifactFileState | undefined;
  /** The name to save a document's PDF under (`documentDownloadName`, with a suffix in the reviewer's language). */
  readonly downloadName: (document: ReplayDocument, signed: ReplaySignedDocument | undefined) => string;
  /** Nothing can be played yet (a jump would go nowhere). */
  readonly disabled: boolean;
  readonly open: (document: ReplayDocument, pdf: DocumentPdf) => void;
  readonly jump: (document: ReplayDocument, attempt: ReplaySignatureAttempt) => void;
}

const time = (term: Term, mediaTimeMs: number | null): string =>
  mediaTimeMs === null ? term('sessionReplay.beforeRecording') : formatClock(mediaTimeMs);

/** Why a file is not shown, in words; nothing while it loads or once it is shown. */
function fileProblem(term: Term, state: ArtifactFileState | undefined): TemplateResult | typeof nothing {
  if (state?.status !== 'error') return nothing;
  const text =
    state.problem === 'mismatch'
      ? term('sessionReplay.document.fileMismatch')
      : state.problem === 'missing'
        ? term('sessionReplay.document.fileMissing')
        : term('sessionReplay.document.fileError', { code: state.code });
  return html`<p part="file-error" role="alert" data-problem=${state.problem}>${text}</p>`;
}

function pdfButton(
  term: Term,
  input: DocumentsInput,
  document: ReplayDocument,
  pdf: DocumentPdf,
  label: string,
  name: string,
): TemplateResult {
  const state = input.fileState(pdf.artifact);
  return html`<div class="pdf">
    <button
      part="control ${name}"
      type="button"
      data-file=${pdf.artifact.file}
      aria-busy=${state?.status === 'loading' ? 'true' : 'false'}
      @click=${() => input.open(document, pdf)}
    >
      ${label}
    </button>
    ${
      state?.status === 'ready'
        ? html`<a part="download" href=${state.url} download=${pdf.downloadName}
            >${term('sessionReplay.document.download', { file: pdf.downloadName })}</a
          >`
        : nothing
    }
    ${fileProblem(term, state)}
  </div>`;
}

function signatureAttempt(
  term: Term,
  input: DocumentsInput,
  document: ReplayDocument,
  attempt: ReplaySignatureAttempt,
  title: string,
): TemplateResult {
  const image = input.fileState(attempt.image);
  const at = time(term, attempt.mediaTimeMs);
  return html`<li part="attempt" data-attempt=${String(attempt.attempt)} ?data-attested=${attempt.attested}>
    <figure>
      ${
        image?.status === 'ready'
          ? html`<img
              part="signature-image"
              src=${image.url}
              alt=${term('sessionReplay.marker.signature', { attempt: attempt.attempt, title })}
            />`
          : image?.status === 'error'
            ? fileProblem(term, image)
            : html`<p part="signature-loading">${term('sessionReplay.document.imageLoading')}</p>`
      }
      <figcaption>
        <span>${term('sessionReplay.document.attempt', { attempt: attempt.attempt, time: at })}</span>
        ${attempt.attested ? html`<span part="attested">${term('sessionReplay.document.attested')}</span>` : nothing}
      </figcaption>
    </figure>
    <button part="control jump" type="button" ?disabled=${input.disabled} @click=${() => input.jump(document, attempt)}>
      ${term('sessionReplay.document.jump', { attempt: attempt.attempt, time: at })}
    </button>
  </li>`;
}

function documentItem(term: Term, input: DocumentsInput, document: ReplayDocument, index: number): TemplateResult {
  const title = document.title ?? document.documentId;
  const headingId = `document-${index}-title`;
  const attemptsId = `document-${index}-attempts`;
  const several = document.signed.length > 1;
  return html`<li part="document" data-document-id=${document.documentId}>
    <h3 part="document-title" id=${headingId}>${title}</h3>
    ${
      document.shortCode === undefined
        ? nothing
        : html`<p part="document-code">${term('sessionReplay.document.shortCode', { code: document.shortCode })}</p>`
    }
    <p part="document-read">
      ${
        document.readConfirmed
          ? term('sessionReplay.document.readConfirmed', { time: time(term, document.readConfirmed.mediaTimeMs) })
          : term('sessionReplay.document.notConfirmed')
      }
    </p>
    <div part="document-actions">
      ${document.signed.map((signed) =>
        pdfButton(
          term,
          input,
          document,
          { artifact: signed.artifact, downloadName: input.downloadName(document, signed) },
          several
            ? term('sessionReplay.document.openSignedAttempt', { attempt: signed.attempt })
            : term('sessionReplay.document.openSigned'),
          'open-signed',
        ),
      )}
      ${
        document.original
          ? pdfButton(
              term,
              input,
              document,
              { artifact: document.original, downloadName: input.downloadName(document, undefined) },
              term('sessionReplay.document.openOriginal'),
              'open-original',
            )
          : nothing
      }
    </div>
    ${
      document.signed.length === 0
        ? html`<p part="document-unsigned">${term('sessionReplay.document.notSigned')}</p>`
        : nothing
    }
    <h4 id=${attemptsId} class="attempts-heading">${term('sessionReplay.document.attempts', { title })}</h4>
    ${
      document.attempts.length === 0
        ? html`<p>${term('sessionReplay.document.noAttempts')}</p>`
        : html`<ol part="attempts" aria-labelledby=${attemptsId}>
            ${document.attempts.map((attempt) => signatureAttempt(term, input, document, attempt, title))}
          </ol>`
    }
  </li>`;
}

/** The session's documents: each with its PDFs to open and its signature attempts to look at and jump to. */
export function signedDocuments(term: Term, input: DocumentsInput): TemplateResult {
  return html`<section part="documents-panel" aria-labelledby="documents-heading">
    <h2 id="documents-heading" class="documents-heading">${term('sessionReplay.documents')}</h2>
    <ul part="documents">
      ${input.documents.map((document, index) => documentItem(term, input, document, index))}
    </ul>
  </section>`;
}

/** Styles of the documents panel (composed into the replay's). */
export const documentStyles = css`
  ${panelStyles('documents')}

  ${plainListStyles("[part~='documents'], [part~='attempts']", '0.75rem')}

  ${cardStyles("[part~='document']", { gap: '0.5rem', padding: '0.75rem', border: '1px', radius: '8px' })}

  [part~='document-title'],
  .attempts-heading {
    margin: 0;
    font-size: 1em;
  }

  [part~='document-code'] {
    font-variant-numeric: tabular-nums;
    letter-spacing: 0.05em;
  }

  [part~='document-actions'] {
    display: flex;
    flex-wrap: wrap;
    align-items: flex-start;
    gap: 0.5rem 1rem;
  }

  /* A PDF's button with its download link and any problem under it, each as tall as it needs. */
  .pdf {
    display: grid;
    align-content: start;
    gap: 0.25rem;
    justify-items: start;
  }

  [part~='download'] {
    display: inline-flex;
    align-items: center;
    min-height: var(--_target-size);
    color: ${color('color-accent')};
    overflow-wrap: anywhere;
  }

  [part~='download']:focus-visible {
    outline: 3px solid var(--_focus);
    outline-offset: 2px;
  }

  [part~='file-error'] {
    color: ${color('color-error')};
    font-weight: 600;
  }

  [part~='attempts'] {
    grid-template-columns: repeat(auto-fill, minmax(min(100%, 14rem), 1fr));
  }

  [part~='attempt'] {
    display: grid;
    gap: 0.5rem;
    align-content: start;
  }

  [part~='attempt'] figure {
    display: grid;
    gap: 0.25rem;
    margin: 0;
  }

  [part~='signature-image'] {
    width: 100%;
    height: auto;
    max-height: 8rem;
    object-fit: contain;
    background: ${color('color-paper')};
    border: 1px solid ${color('color-border')};
    border-radius: 4px;
  }

  [part~='attested'] {
    display: block;
    font-weight: 600;
    color: ${color('color-success')};
  }

  [part~='jump'] {
    justify-self: start;
    border-radius: 8px;
  }
`;

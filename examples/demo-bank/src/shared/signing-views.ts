// The session's documents on the demo's pages: each in <air-document-viewer>
// on both sides with the agent's "follow me"; for the loan contract to sign
// (面签), the customer's <air-signature-pad> once they confirmed reading it
// and the agent's witness; a document to read only (the journey's product
// terms) stops at the customer's "I have read and agree". Each element event
// becomes the SigningBinding call it stands for.
import '@aircounter/elements/define/air-document-viewer.js';
import '@aircounter/elements/define/air-signature-pad.js';
import { html, nothing } from 'lit';
import { fill } from './fill-text.ts';
import type { Language } from './page-settings.ts';
import type { SigningBinding, SigningDocument } from './signing-binding.ts';
import { SIGNING_TEXT } from './signing-text.ts';

/** pdf.js' files, served by the demo from the installed package (nothing from a CDN). */
const PDF_WORKER = '/assets/pdfjs/build/pdf.worker.min.mjs';
const PDF_ASSETS = '/assets/pdfjs/';

export interface SigningViewOptions {
  readonly language: Language;
  readonly elderly: boolean;
  /** A typed error code in plain words, in the page's language. */
  readonly errorText: (code: string) => string;
}

/** The binding's last refused call, in plain words; nothing when none was refused. */
function refusal(binding: SigningBinding, options: SigningViewOptions) {
  if (!binding.errorCode) return nothing;
  return html`<p role="alert" data-code=${binding.errorCode}>
    ${fill(SIGNING_TEXT[options.language].refused, { reason: options.errorText(binding.errorCode) })}
  </p>`;
}

function viewer(binding: SigningBinding, doc: SigningDocument, options: SigningViewOptions, agent: boolean) {
  const text = SIGNING_TEXT[options.language];
  const id = doc.info.documentId;
  if (doc.loadErrorCode) {
    return html`<p role="alert" data-code=${doc.loadErrorCode}>
      ${fill(text.loadFailed, { reason: options.errorText(doc.loadErrorCode) })}
    </p>`;
  }
  if (!doc.bytes) return html`<p role="status">${text.loading}</p>`;
  return html`<air-document-viewer
    data-document=${id}
    .data=${doc.bytes}
    title=${doc.info.title}
    short-code=${doc.info.shortCode}
    worker-src=${PDF_WORKER}
    assets-base-url=${PDF_ASSETS}
    ?view-only=${agent}
    ?agreed=${doc.readConfirmed}
    ?elderly=${options.elderly}
    @air-document-page=${(event: GlobalEventHandlersEventMap['air-document-page']) =>
      binding.reportPage(id, event.detail.page, event.detail.visibleMs)}
    @air-document-page-change=${(event: GlobalEventHandlersEventMap['air-document-page-change']) => {
      // The agent turned the page: the customer's viewer follows.
      if (agent && binding.following) binding.leadPage(id, event.detail.page);
    }}
    @air-document-read=${(event: GlobalEventHandlersEventMap['air-document-read']) =>
      void binding.confirmRead(id, event.detail.shortCode)}
  ></air-document-viewer>`;
}

function customerSignature(binding: SigningBinding, doc: SigningDocument, options: SigningViewOptions) {
  const text = SIGNING_TEXT[options.language];
  const id = doc.info.documentId;
  // A document to read only ends with the confirmation: the server would refuse a signature on it.
  if (!doc.info.signable) {
    return doc.readConfirmed ? html`<p role="status" data-signing="read">${text.readDone}</p>` : nothing;
  }
  if (doc.attested) return html`<p role="status" data-signing="signed">${text.signed}</p>`;
  if (!doc.readConfirmed) return nothing;
  const latest = doc.attempts.at(-1);
  // After an attempt the customer waits for the agent: attest, or ask to sign again.
  const waiting = latest !== undefined && doc.redoReason === undefined;
  const active = binding.recordingActive;
  return html`<h3>${text.signTitle}</h3>
    <p>${text.signIntro}</p>
    ${active ? nothing : html`<p role="status" data-signing="wait-recording">${text.waitRecording}</p>`}
    ${doc.redoReason === undefined ? nothing : html`<p role="alert">${fill(text.redo, { reason: doc.redoReason })}</p>`}
    ${
      waiting
        ? html`<p role="status" data-signing="received">${fill(text.received, { attempt: latest.attempt })}</p>`
        : nothing
    }
    <air-signature-pad
      data-document=${id}
      ?disabled=${!active || waiting || binding.busy}
      ?elderly=${options.elderly}
      @air-signature-stroke-drawn=${(event: GlobalEventHandlersEventMap['air-signature-stroke-drawn']) =>
        binding.relayStroke(id, event.detail.stroke, event.detail.canvas)}
      @air-signature-cleared=${(event: Event) => {
        const pad = event.target as HTMLElement & { signature: { canvas: { width: number; height: number } } };
        binding.relayStroke(id, null, pad.signature.canvas);
      }}
      @air-request-sign=${(event: GlobalEventHandlersEventMap['air-request-sign']) =>
        void binding.submit(id, event.detail.signature)}
    ></air-signature-pad>`;
}

/**
 * The customer's page: each document to read, then (for one to sign) the
 * pad; nothing in a session without documents.
 */
export function customerSigningView(binding: SigningBinding | undefined, options: SigningViewOptions) {
  if (!binding || binding.documents.length === 0) return nothing;
  const text = SIGNING_TEXT[options.language];
  return binding.documents.map(
    (doc) =>
      html`<section class="card" aria-labelledby="signing-${doc.info.documentId}">
        <h2 id="signing-${doc.info.documentId}">${doc.info.signable ? text.customerTitle : doc.info.title}</h2>
        <p>${doc.info.signable ? text.customerIntro : text.readIntro}</p>
        ${viewer(binding, doc, options, false)} ${customerSignature(binding, doc, options)} ${refusal(binding, options)}
      </section>`,
  );
}

/**
 * The agent console: each document (leading the customer's page) and, for
 * one to sign, the customer's signature as it is drawn.
 */
export function agentSigningView(
  binding: SigningBinding | undefined,
  options: SigningViewOptions,
  witness: (doc: SigningDocument) => unknown,
) {
  if (!binding || binding.documents.length === 0) return nothing;
  const text = SIGNING_TEXT[options.language];
  return binding.documents.map(
    (doc) =>
      html`<section class="card" aria-labelledby="signing-${doc.info.documentId}">
        <h2 id="signing-${doc.info.documentId}">
          ${doc.info.signable ? text.agentTitle : fill(text.agentReadTitle, { title: doc.info.title })}
        </h2>
        ${doc.info.signable ? nothing : html`<p>${text.agentReadHint}</p>`}
        <p>
          <label>
            <input
              type="checkbox"
              .checked=${binding.following}
              @change=${(event: Event) => binding.setFollowing((event.target as HTMLInputElement).checked)}
            />
            ${text.follow}
          </label>
        </p>
        <p>${text.followHint}</p>
        ${viewer(binding, doc, options, true)} ${doc.info.signable ? witness(doc) : nothing}
        ${
          doc.attested
            ? html`<p role="status" data-signing="signed">
                ${
                  doc.attested.signedDocumentSha256
                    ? fill(text.signedPdf, { sha: doc.attested.signedDocumentSha256.slice(0, 12) })
                    : text.noCertificate
                }
              </p>`
            : nothing
        }
        ${refusal(binding, options)}
      </section>`,
  );
}

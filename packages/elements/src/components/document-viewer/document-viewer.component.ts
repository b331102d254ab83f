import { Task } from '@lit/task';
import { html, nothing, type PropertyValues } from 'lit';
import { AirElement } from '../../base/air-element.ts';
import { baseStyles, PRIMARY_CONTROLS } from '../../base/styles.ts';
import { afterStatusChange } from '../../base/task.ts';
import { styles } from './document-viewer.styles.ts';
import { PageTracker } from './page-tracker.ts';
import { openPdf, type OpenPdfOptions, type PdfDocument } from './pdf-document.ts';
import { FIT_WIDTH, renderScale, zoomIn, zoomOut } from './zoom.ts';

type LoadState = 'empty' | 'loading' | 'ready' | 'failed';

/** The opening of an older document, stopped by a newer one: not a failure to show. */
const isAbort = (error: unknown): boolean => error instanceof DOMException && error.name === 'AbortError';

/** The text of one page, for screen readers. */
interface PageText {
  readonly page: number;
  readonly lines: readonly string[];
}

/**
 * Shows the bank's document to be signed (面签), given as PDF bytes the page
 * fetched over the session (`session.documents.fetch`): one page at a time
 * with previous/next, zoom and the keyboard, the document's **short code**
 * large enough for both sides to compare aloud, and "I have read and agree",
 * enabled once every page was on screen.
 *
 * Follow me: the agent leads by setting `page` on the customer's viewer; each
 * viewer fires `air-document-page` with the page it leaves and how long it
 * was visible, which the page reports (`session.documents.reportPage`).
 *
 * Offline: pdf.js runs from the application's own files. Set `workerSrc` to
 * a self-hosted copy of `pdfjs-dist/build/pdf.worker.min.mjs` to parse in a
 * worker thread; without it pdf.js' worker code is imported as a module and
 * runs on the page's thread. Set `assetsBaseUrl` to a self-hosted copy of
 * the `pdfjs-dist` folder so that pdf.js finds its CMaps and standard fonts
 * (`cmaps/`, `standard_fonts/`): Chinese text in a non-embedded font through
 * a predefined CMap needs them to be drawn and read aloud. Nothing is
 * fetched from anywhere else.
 *
 * Accessibility: the canvas is decoration for sighted readers; each page's
 * text (extracted by pdf.js) is in the page region for screen readers. The
 * page number is a polite live region; the page region is focusable and
 * scrolls with the keyboard. Elderly mode: the page as wide as the viewer,
 * larger text and buttons of at least 60 px.
 *
 * @summary Shows a PDF to read before signing, with its short code.
 *
 * @event air-document-page - A page left the screen: `{ page, visibleMs }` (report it to the server).
 * @event air-document-page-change - The reader turned to another page (button or key, not a `page` set by code): `{ page }`.
 * @event air-document-read - "I have read and agree" was pressed: `{ shortCode, pages }`.
 * @event air-error - The document could not be opened (`DOCUMENT_INVALID`).
 *
 * @csspart base - The whole component.
 * @csspart title - The document's title.
 * @csspart short-code - The short code and its hint.
 * @csspart toolbar - Page and zoom controls.
 * @csspart previous - The "Previous page" button.
 * @csspart next - The "Next page" button.
 * @csspart page-number - "Page 1 of 3" (a live region).
 * @csspart zoom-out - The "Zoom out" button.
 * @csspart fit-width - The "Fit width" button.
 * @csspart zoom-in - The "Zoom in" button.
 * @csspart viewport - The scrolling page region.
 * @csspart sheet - The box the page is fitted to.
 * @csspart page - The rendered page (a canvas).
 * @csspart text - The page's text for screen readers (visually hidden).
 * @csspart agreement - The progress and the agree button.
 * @csspart progress - How many pages were seen.
 * @csspart agree - The "I have read and agree" button.
 * @csspart agreed - The confirmation that replaces it once `agreed` is set.
 *
 * @cssproperty --air-document-viewer-height - Height of the page region (60vh).
 * @cssproperty --air-document-viewer-elderly-height - The same in elderly mode (75vh).
 * @cssproperty --air-document-viewer-page-width - Widest a page is shown at "fit width" (48rem; elderly: the viewer's width).
 * @cssproperty --air-document-viewer-desk - Background around the page (falls back to `--air-color-surface-sunken`).
 */
export class AirDocumentViewer extends AirElement {
  static override styles = [baseStyles('document-viewer', PRIMARY_CONTROLS), styles];

  static override properties = {
    data: { attribute: false },
    title: { type: String },
    shortCode: { type: String, attribute: 'short-code' },
    page: { type: Number, reflect: true },
    zoom: { type: Number },
    elderly: { type: Boolean, reflect: true },
    viewOnly: { type: Boolean, attribute: 'view-only', reflect: true },
    agreed: { type: Boolean, reflect: true },
    workerSrc: { type: String, attribute: 'worker-src' },
    assetsBaseUrl: { type: String, attribute: 'assets-base-url' },
    loadState: { state: true },
    pageCount: { state: true },
    seenCount: { state: true },
    pageText: { state: true },
  };

  /** The PDF's bytes (checked against the announced SHA-256 by the client before they get here). */
  declare data: Uint8Array | undefined;
  /** The document's title, shown above it and naming the region. */
  declare title: string;
  /** The short code both sides compare (`XXXX-XXXX`). */
  declare shortCode: string;
  /** The page on screen, 1-based: set it to lead ("follow me"); it changes as the reader turns pages. */
  declare page: number;
  /** Zoom as a multiple of "fit width" (1). */
  declare zoom: number;
  /** Larger page, text and buttons (at least 60 px). */
  declare elderly: boolean;
  /** No "I have read and agree": the agent's copy. */
  declare viewOnly: boolean;
  /**
   * The server accepted the reader's "I have read and agree" (the page sets
   * it): the button gives way to a confirmation, so it is not pressed twice.
   */
  declare agreed: boolean;
  /** URL of a self-hosted `pdf.worker.min.mjs`; see the class description. */
  declare workerSrc: string | undefined;
  /** URL of a self-hosted copy of the `pdfjs-dist` folder, for its `cmaps/` and `standard_fonts/`; see the class description. */
  declare assetsBaseUrl: string | undefined;
  /** Whether the document is being opened, shown, or could not be opened. */
  declare loadState: LoadState;
  /** Pages of the document (0 until it is open). */
  declare pageCount: number;
  /** Pages shown at least once. */
  declare seenCount: number;
  /** The text of the page on screen, one string per line (what screen readers get); undefined until extracted. */
  declare pageText: PageText | undefined;

  readonly #tracker = new PageTracker();
  #pdf: PdfDocument | undefined;
  /**
   * Opens the document whenever its bytes or pdf.js' locations change; a
   * newer document aborts the opening of an older one (pdf.js stops, and its
   * result is dropped instead of shown).
   */
  readonly #opening = new Task(this, {
    args: () => [this.data, this.workerSrc, this.assetsBaseUrl] as const,
    task: ([data, workerSrc, assetsBaseUrl], { signal }) => this.#open(data, { workerSrc, assetsBaseUrl, signal }),
    onError: afterStatusChange((error: unknown) => {
      if (!isAbort(error)) this.#fail(error);
    }),
  });
  /** Incremented per render: a late drawing of an older page is dropped. */
  #renderGeneration = 0;
  #resizeObserver: ResizeObserver | undefined;
  #renderedWidth = 0;
  /** "I have read and agree" was pressed and had focus: when it gives way, focus goes to the confirmation. */
  #agreeHadFocus = false;

  constructor() {
    super();
    this.data = undefined;
    this.title = '';
    this.shortCode = '';
    this.page = 1;
    this.zoom = FIT_WIDTH;
    this.elderly = false;
    this.viewOnly = false;
    this.agreed = false;
    this.workerSrc = undefined;
    this.assetsBaseUrl = undefined;
    this.loadState = 'empty';
    this.pageCount = 0;
    this.seenCount = 0;
    this.pageText = undefined;
  }

  /**
   * Settles once the current document is open: resolves when it can be read
   * (or there is none), rejects when pdf.js cannot open it (the viewer then
   * also shows it and fires `air-error`).
   */
  get opened(): Promise<void> {
    return this.#opening.taskComplete.then(() => undefined);
  }

  /** Whether every page was on screen at least once. */
  get seenAll(): boolean {
    return this.#tracker.seenAll(this.pageCount);
  }

  /** Shows the next page (no-op on the last). */
  nextPage(): void {
    if (this.page < this.pageCount) this.page += 1;
  }

  /** Shows the previous page (no-op on the first). */
  previousPage(): void {
    if (this.page > 1) this.page -= 1;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    document.addEventListener('visibilitychange', this.#onVisibility);
    // Moved in the page: the page on screen counts again, and the width is watched again.
    if (this.hasUpdated) {
      this.#observeResize();
      this.#onVisibility();
    }
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    document.removeEventListener('visibilitychange', this.#onVisibility);
    this.#resizeObserver?.disconnect();
    this.#resizeObserver = undefined;
    this.#report(this.#tracker.flush());
    this.#tracker.pause();
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('page') || changed.has('pageCount')) this.page = this.#clamp(this.page);
  }

  protected override updated(changed: PropertyValues<this>): void {
    this.#observeResize();
    if (changed.has('agreed') && this.agreed && this.#agreeHadFocus) {
      this.#agreeHadFocus = false;
      this.renderRoot.querySelector<HTMLElement>('[part~="agreed"]')?.focus();
    }
    if (this.loadState !== 'ready') return;
    if (changed.has('page') || changed.has('zoom') || changed.has('elderly') || changed.has('loadState')) {
      if (changed.has('page')) this.#viewport()?.scrollTo({ top: 0, left: 0 });
      void this.#renderPage();
    }
  }

  #clamp(page: number): number {
    const whole = Number.isFinite(page) ? Math.round(page) : 1;
    return Math.max(1, this.pageCount > 0 ? Math.min(whole, this.pageCount) : whole);
  }

  async #open(data: Uint8Array | undefined, options: OpenPdfOptions): Promise<void> {
    // A new document ends the reading of the previous one.
    this.#report(this.#tracker.flush());
    this.#tracker.reset();
    this.seenCount = 0;
    this.pageText = undefined;
    this.pageCount = 0;
    const previous = this.#pdf;
    this.#pdf = undefined;
    previous?.destroy().catch(() => undefined);
    if (!data || data.length === 0) {
      this.loadState = 'empty';
      return;
    }
    this.loadState = 'loading';
    const pdf = await openPdf(data, options);
    this.#pdf = pdf;
    this.pageCount = pdf.pageCount;
    this.loadState = 'ready';
  }

  #fail(error: unknown): void {
    this.loadState = 'failed';
    this.emit('air-error', {
      code: 'DOCUMENT_INVALID',
      recoverable: false,
      message: error instanceof Error ? error.message : String(error),
    });
  }

  async #renderPage(): Promise<void> {
    const pdf = this.#pdf;
    try {
      await this.#drawPage();
    } catch (error) {
      // A page pdf.js cannot draw: the document is not readable as a whole.
      if (pdf === this.#pdf) this.#fail(error);
    }
  }

  async #drawPage(): Promise<void> {
    const pdf = this.#pdf;
    const canvas = this.renderRoot.querySelector<HTMLCanvasElement>('canvas');
    const sheet = this.renderRoot.querySelector<HTMLElement>('[part~="sheet"]');
    if (!pdf || !canvas || !sheet) return;
    const generation = (this.#renderGeneration += 1);
    const page = this.page;
    const width = sheet.clientWidth;
    const size = await pdf.pageSize(page);
    if (generation !== this.#renderGeneration || width === 0) return;
    const drawn = await pdf.render(page, canvas, renderScale(this.zoom, width, size.width));
    if (!drawn || generation !== this.#renderGeneration || pdf !== this.#pdf) return;
    this.#renderedWidth = width;
    this.#report(this.#tracker.show(page, document.visibilityState === 'visible'));
    this.seenCount = this.#tracker.seen.size;
    if (this.pageText?.page !== page) {
      const lines = await pdf.text(page);
      if (pdf === this.#pdf && this.page === page) this.pageText = { page, lines };
    }
  }

  #report(views: readonly { page: number; visibleMs: number }[]): void {
    for (const view of views) this.emit('air-document-page', view);
  }

  #viewport(): HTMLElement | null {
    return this.renderRoot.querySelector<HTMLElement>('[part~="viewport"]');
  }

  /** "Fit width" follows the viewer's width: a resize renders the page again. */
  #observeResize(): void {
    const sheet = this.renderRoot.querySelector<HTMLElement>('[part~="sheet"]');
    if (this.#resizeObserver || !sheet || typeof ResizeObserver === 'undefined') return;
    this.#resizeObserver = new ResizeObserver(() => {
      if (this.loadState === 'ready' && sheet.clientWidth !== this.#renderedWidth) void this.#renderPage();
    });
    this.#resizeObserver.observe(sheet);
  }

  #onVisibility = (): void => {
    if (document.visibilityState === 'visible') this.#tracker.resume();
    else this.#tracker.pause();
  };

  #onKeyDown = (event: KeyboardEvent): void => {
    if (event.ctrlKey || event.metaKey || event.altKey || this.loadState !== 'ready') return;
    const viewport = this.#viewport();
    // Up and down scroll a page taller than the viewer first, and turn the page at its end.
    const atBottom = !viewport || viewport.scrollTop + viewport.clientHeight >= viewport.scrollHeight - 1;
    const atTop = !viewport || viewport.scrollTop <= 0;
    const actions: Record<string, (() => void) | undefined> = {
      PageDown: () => this.nextPage(),
      ArrowRight: () => this.nextPage(),
      ArrowDown: atBottom ? () => this.nextPage() : undefined,
      PageUp: () => this.previousPage(),
      ArrowLeft: () => this.previousPage(),
      ArrowUp: atTop ? () => this.previousPage() : undefined,
      Home: () => (this.page = 1),
      End: () => (this.page = this.pageCount),
      '+': () => (this.zoom = zoomIn(this.zoom)),
      '=': () => (this.zoom = zoomIn(this.zoom)),
      '-': () => (this.zoom = zoomOut(this.zoom)),
      '0': () => (this.zoom = FIT_WIDTH),
    };
    const action = actions[event.key];
    if (!action) return;
    event.preventDefault();
    this.#readerTurn(action);
  };

  /** The reader turns the page (not code setting `page`): the page that leads others learns where to. */
  #readerTurn(turn: () => void): void {
    const before = this.page;
    turn();
    const page = this.#clamp(this.page);
    if (page !== before) this.emit('air-document-page-change', { page });
  }

  /**
   * A page button was pressed: on the first or last page that button is
   * disabled, and focus would fall to the document's body; it goes to the
   * page region instead, where the reader is.
   */
  async #turn(turn: () => void): Promise<void> {
    this.#readerTurn(turn);
    await this.updateComplete;
    const focused = this.renderRoot instanceof ShadowRoot ? this.renderRoot.activeElement : null;
    if (focused instanceof HTMLButtonElement && focused.disabled) this.#viewport()?.focus();
  }

  #onAgree(): void {
    if (!this.seenAll || this.agreed) return;
    this.#agreeHadFocus = true;
    // The server should have the last page's time before the confirmation.
    this.#report(this.#tracker.flush());
    this.emit('air-document-read', { shortCode: this.shortCode, pages: this.pageCount });
  }

  override render() {
    const term = this.localize.term.bind(this.localize);
    const ready = this.loadState === 'ready';
    const pages = this.pageCount;
    const title = this.title || term('documentViewer.untitled');
    return html`<section
      part="base"
      aria-label=${term('documentViewer.label', { title })}
      lang=${this.localize.locale}
      @keydown=${this.#onKeyDown}
    >
      <p part="title">${title}</p>
      ${
        this.shortCode
          ? html`<p part="short-code">
              <span class="code-label">${term('documentViewer.shortCode')}</span>
              <strong class="code">${this.shortCode}</strong>
              <span class="code-hint">${term('documentViewer.shortCodeHint')}</span>
            </p>`
          : nothing
      }
      <div part="toolbar">
        <div role="group" aria-label=${term('documentViewer.pages')}>
          <button
            part="previous"
            type="button"
            ?disabled=${!ready || this.page <= 1}
            @click=${() => void this.#turn(() => this.previousPage())}
          >
            <span aria-hidden="true">‹</span>${term('documentViewer.previous')}
          </button>
          <span part="page-number" role="status" aria-live="polite"
            >${ready ? term('documentViewer.page', { page: this.page, pages }) : ''}</span
          >
          <button
            part="next"
            type="button"
            ?disabled=${!ready || this.page >= pages}
            @click=${() => void this.#turn(() => this.nextPage())}
          >
            ${term('documentViewer.next')}<span aria-hidden="true">›</span>
          </button>
        </div>
        <div role="group" aria-label=${term('documentViewer.zoom')}>
          <button
            part="zoom-out"
            type="button"
            ?disabled=${!ready || zoomOut(this.zoom) === this.zoom}
            aria-label=${term('documentViewer.zoomOut')}
            @click=${() => (this.zoom = zoomOut(this.zoom))}
          >
            <span aria-hidden="true">−</span>
          </button>
          <button
            part="fit-width"
            type="button"
            ?disabled=${!ready}
            aria-pressed=${this.zoom === FIT_WIDTH ? 'true' : 'false'}
            @click=${() => (this.zoom = FIT_WIDTH)}
          >
            ${term('documentViewer.fitWidth')}
          </button>
          <button
            part="zoom-in"
            type="button"
            ?disabled=${!ready || zoomIn(this.zoom) === this.zoom}
            aria-label=${term('documentViewer.zoomIn')}
            @click=${() => (this.zoom = zoomIn(this.zoom))}
          >
            <span aria-hidden="true">+</span>
          </button>
          <span class="zoom-level" aria-hidden="true"
            >${term('documentViewer.zoomLevel', { percent: Math.round(this.zoom * 100) })}</span
          >
        </div>
      </div>
      <div
        part="viewport"
        role="region"
        tabindex="0"
        aria-label=${ready ? term('documentViewer.viewport', { page: this.page }) : title}
        aria-describedby="keyboard"
        aria-busy=${this.loadState === 'loading' ? 'true' : 'false'}
      >
        <div part="sheet">
          <canvas part="page" aria-hidden="true" ?hidden=${!ready}></canvas>
        </div>
        ${this.#renderState()}
      </div>
      <p id="keyboard" class="visually-hidden">${term('documentViewer.keyboard')}</p>
      ${this.viewOnly ? nothing : this.#renderAgreement()}
    </section>`;
  }

  #renderState() {
    const term = this.localize.term.bind(this.localize);
    switch (this.loadState) {
      case 'empty':
        return nothing;
      case 'loading':
        return html`<p class="notice" role="status">${term('documentViewer.loading')}</p>`;
      case 'failed':
        return html`<p class="notice" role="alert">${term('documentViewer.failed')}</p>`;
      case 'ready': {
        const text = this.pageText?.page === this.page ? this.pageText : undefined;
        if (!text) return nothing;
        return html`<div part="text" class="visually-hidden">
          ${
            text.lines.length === 0
              ? html`<p>${term('documentViewer.noText')}</p>`
              : text.lines.map((line) => html`<p>${line}</p>`)
          }
        </div>`;
      }
    }
  }

  #renderAgreement() {
    const term = this.localize.term.bind(this.localize);
    const seenAll = this.loadState === 'ready' && this.seenAll;
    if (this.agreed) {
      return html`<div part="agreement">
        <p part="agreed" role="status" tabindex="-1">${term('documentViewer.agreed')}</p>
      </div>`;
    }
    return html`<div part="agreement">
      <p part="progress" id="progress">
        ${
          seenAll
            ? term('documentViewer.allSeen')
            : term('documentViewer.progress', { seen: this.seenCount, pages: this.pageCount })
        }
      </p>
      <button
        part="agree"
        type="button"
        ?disabled=${!seenAll}
        aria-describedby="progress"
        @click=${() => this.#onAgree()}
      >
        ${term('documentViewer.agree')}
      </button>
    </div>`;
  }
}

import type { PDFDocumentProxy, RenderTask } from 'pdfjs-dist';

// The one place that knows pdf.js. Everything is local: the bytes come from
// the page (which fetched them over the session), and the worker is either
// the self-hosted file the page names or pdf.js' own worker code imported
// as a module — never a CDN, since the product runs offline.

/** The most pixels one canvas may have: iOS Safari's limit, the smallest of the browsers'. */
const MAX_CANVAS_PIXELS = 4096 * 4096;

/** A page's size at scale 1, CSS pixels (PDF points). */
export interface PageSize {
  readonly width: number;
  readonly height: number;
}

/** An open PDF, as the viewer needs it. */
export interface PdfDocument {
  readonly pageCount: number;
  /** Size of page `page` (1-based) at scale 1, rotation applied. */
  pageSize(page: number): Promise<PageSize>;
  /**
   * Draws page `page` into `canvas` at `scale` CSS pixels per point (times
   * the device pixel ratio, for sharp text); resolves false when a newer
   * render of the same canvas cancelled it.
   */
  render(page: number, canvas: HTMLCanvasElement, scale: number): Promise<boolean>;
  /** The page's text, one string per line, for screen readers. */
  text(page: number): Promise<readonly string[]>;
  destroy(): Promise<void>;
}

export interface OpenPdfOptions {
  /**
   * URL of a self-hosted copy of `pdfjs-dist/build/pdf.worker.min.mjs`: the
   * document is parsed in a worker thread. Without it, pdf.js' worker code is
   * imported as a module and runs on the page's thread (fine for contracts of
   * a few pages, slower for long ones).
   */
  readonly workerSrc?: string | undefined;
  /**
   * URL of a self-hosted copy of the `pdfjs-dist` folder (ending in `/`), whose `cmaps/` and `standard_fonts/` pdf.js
   * reads for text in predefined CMaps (e.g. Chinese in a non-embedded font, `UniGB-UCS2-H`) and for fonts a PDF
   * does not embed. Without it such text can neither be shown right nor read to a screen reader.
   */
  readonly assetsBaseUrl?: string | undefined;
  /** Stops opening: pdf.js' loading task is destroyed, the worker ended, and the promise rejects. */
  readonly signal?: AbortSignal;
}

/** The getDocument options that point pdf.js at the self-hosted CMaps and standard fonts. */
export function assetOptions(base: string | undefined): {
  cMapUrl?: string;
  cMapPacked?: boolean;
  standardFontDataUrl?: string;
} {
  if (!base) return {};
  const folder = base.endsWith('/') ? base : `${base}/`;
  return { cMapUrl: `${folder}cmaps/`, cMapPacked: true, standardFontDataUrl: `${folder}standard_fonts/` };
}

export async function openPdf(data: Uint8Array, options: OpenPdfOptions = {}): Promise<PdfDocument> {
  const { signal } = options;
  signal?.throwIfAborted();
  const pdfjs = await import('pdfjs-dist');
  signal?.throwIfAborted();
  let worker: Worker | undefined;
  if (options.workerSrc) {
    worker = new Worker(options.workerSrc, { type: 'module' });
  } else {
    // Sets globalThis.pdfjsWorker, which pdf.js uses in place of a worker thread.
    await import('pdfjs-dist/build/pdf.worker.min.mjs');
  }
  const task = pdfjs.getDocument({
    // pdf.js transfers the buffer it is given to the worker: a copy keeps the page's bytes usable.
    data: data.slice(),
    ...(worker ? { worker: pdfjs.PDFWorker.create({ port: worker }) } : {}),
    ...assetOptions(options.assetsBaseUrl),
    // A document is content to read, not a form to fill in.
    enableXfa: false,
    // Nothing is fetched but the self-hosted assets: other non-embedded fonts fall back to the system's.
    useSystemFonts: true,
    disableFontFace: false,
  });
  const abort = (): void => void task.destroy().catch(() => undefined);
  signal?.addEventListener('abort', abort, { once: true });
  let document: PDFDocumentProxy;
  try {
    document = await task.promise;
  } catch (error) {
    worker?.terminate();
    throw signal?.aborted ? signal.reason : error;
  } finally {
    signal?.removeEventListener('abort', abort);
  }
  if (signal?.aborted) {
    // Opened just as it was no longer wanted: nothing may keep it alive.
    await new PdfJsDocument(document, worker).destroy().catch(() => undefined);
    throw signal.reason;
  }
  return new PdfJsDocument(document, worker);
}

class PdfJsDocument implements PdfDocument {
  readonly #document: PDFDocumentProxy;
  readonly #worker: Worker | undefined;
  readonly #rendering = new WeakMap<HTMLCanvasElement, RenderTask>();

  constructor(document: PDFDocumentProxy, worker: Worker | undefined) {
    this.#document = document;
    this.#worker = worker;
  }

  get pageCount(): number {
    return this.#document.numPages;
  }

  async pageSize(page: number): Promise<PageSize> {
    const viewport = (await this.#document.getPage(page)).getViewport({ scale: 1 });
    return { width: viewport.width, height: viewport.height };
  }

  async render(page: number, canvas: HTMLCanvasElement, scale: number): Promise<boolean> {
    this.#rendering.get(canvas)?.cancel();
    const proxy = await this.#document.getPage(page);
    const cssSize = proxy.getViewport({ scale });
    // Sharp on high-density screens, but never a canvas larger than browsers draw (iOS: 16.7 M pixels).
    const pixelRatio = Math.min(
      window.devicePixelRatio || 1,
      Math.sqrt(MAX_CANVAS_PIXELS / Math.max(1, cssSize.width * cssSize.height)),
    );
    const viewport = proxy.getViewport({ scale: scale * pixelRatio });
    // Drawn off screen first, so the visible canvas never shows a half-drawn or blank page.
    const scratch = document.createElement('canvas');
    scratch.width = Math.ceil(viewport.width);
    scratch.height = Math.ceil(viewport.height);
    const task = proxy.render({ canvas: scratch, viewport });
    this.#rendering.set(canvas, task);
    try {
      await task.promise;
    } catch (error) {
      if (error instanceof Error && error.name === 'RenderingCancelledException') return false;
      throw error;
    } finally {
      if (this.#rendering.get(canvas) === task) this.#rendering.delete(canvas);
    }
    canvas.width = scratch.width;
    canvas.height = scratch.height;
    canvas.style.width = `${Math.round(viewport.width / pixelRatio)}px`;
    canvas.style.height = `${Math.round(viewport.height / pixelRatio)}px`;
    canvas.getContext('2d')?.drawImage(scratch, 0, 0);
    return true;
  }

  async text(page: number): Promise<readonly string[]> {
    const content = await (await this.#document.getPage(page)).getTextContent();
    const lines: string[] = [];
    let line = '';
    for (const item of content.items) {
      if (!('str' in item)) continue;
      line += item.str;
      if (item.hasEOL) {
        lines.push(line);
        line = '';
      }
    }
    lines.push(line);
    return lines.map((each) => each.trim()).filter((each) => each.length > 0);
  }

  async destroy(): Promise<void> {
    await this.#document.destroy();
    this.#worker?.terminate();
  }
}

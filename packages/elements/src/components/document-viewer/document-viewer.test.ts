import { sendKeys } from '@web/test-runner-commands';
import { expect } from 'chai';
import { html } from 'lit';
import { CJK_TEXT, cjkPdf } from '../../../test/fixtures/cjk-pdf.ts';
import { PAGE_TEXTS, twoPagePdf } from '../../../test/fixtures/two-page-pdf.ts';
import { expectAccessible } from '../../../test/utils/a11y.ts';
import { collect, fixture, settle, until } from '../../../test/utils/dom.ts';
import { fontSize, smallestTarget } from '../../../test/utils/measure.ts';
import '../../define/air-document-viewer.ts';
import type { AirDocumentViewer } from './document-viewer.component.ts';

/** pdf.js' worker, served from node_modules by the dev server as the application would self-host it. */
const WORKER_SRC = new URL('../../../node_modules/pdfjs-dist/build/pdf.worker.min.mjs', import.meta.url).href;
/** The self-hosted `pdfjs-dist` folder (its `cmaps/` and `standard_fonts/`). */
const PDFJS_ASSETS = new URL('../../../node_modules/pdfjs-dist/', import.meta.url).href;
const SHORT_CODE = '3F9A-21C7';

function part<T extends HTMLElement = HTMLElement>(element: AirDocumentViewer, name: string): T {
  const found = element.shadowRoot?.querySelector<T>(`[part~="${name}"]`);
  if (!found) throw new Error(`no part ${name}`);
  return found;
}

function button(element: AirDocumentViewer, name: string): HTMLButtonElement {
  return part<HTMLButtonElement>(element, name);
}

interface ViewerOptions {
  readonly lang?: string;
  readonly width?: number;
  readonly elderly?: boolean;
  readonly viewOnly?: boolean;
  readonly workerSrc?: string | undefined;
  readonly assetsBaseUrl?: string;
  readonly data?: Uint8Array;
}

async function viewer(options: ViewerOptions = {}): Promise<AirDocumentViewer> {
  const container = await fixture<HTMLDivElement>(
    html`<div lang=${options.lang ?? 'en'} style="width: ${options.width ?? 600}px">
      <air-document-viewer
        title="Loan contract"
        short-code=${SHORT_CODE}
        ?elderly=${options.elderly ?? false}
        ?view-only=${options.viewOnly ?? false}
        .workerSrc=${'workerSrc' in options ? options.workerSrc : WORKER_SRC}
        .assetsBaseUrl=${options.assetsBaseUrl}
        .data=${options.data ?? twoPagePdf()}
      ></air-document-viewer>
    </div>`,
  );
  const element = container.querySelector('air-document-viewer');
  if (!element) throw new Error('no viewer');
  await settle(element);
  return element;
}

/** Waits until `page` is drawn and its text is there for screen readers. */
async function shown(element: AirDocumentViewer, page: number): Promise<void> {
  await until(
    () => element.page === page && element.pageText?.page === page && element.seenCount >= 1,
    `page ${page} shown`,
    15_000,
  );
  await settle(element);
}

/** Whether the canvas holds anything other than blank paper. */
function inked(canvas: HTMLCanvasElement): boolean {
  const context = canvas.getContext('2d');
  if (!context || canvas.width === 0) return false;
  const { data } = context.getImageData(0, 0, canvas.width, canvas.height);
  for (let index = 0; index < data.length; index += 4) if ((data[index] ?? 255) < 128) return true;
  return false;
}

describe('<air-document-viewer>', () => {
  it('renders a real PDF with pdf.js in its self-hosted worker, with each page’s text and the short code', async () => {
    const element = await viewer();
    await shown(element, 1);
    expect(element.pageCount).to.equal(2);
    // The worker came from the application's own server.
    expect(performance.getEntriesByType('resource').some((entry) => entry.name === WORKER_SRC)).to.equal(true);
    expect(part(element, 'page-number').textContent?.trim()).to.equal('Page 1 of 2');
    const canvas = part<HTMLCanvasElement>(element, 'page');
    // Fit width: the A5 page fills the viewer's page box.
    expect(canvas.getBoundingClientRect().width).to.be.closeTo(part(element, 'sheet').clientWidth, 2);
    expect(inked(canvas)).to.equal(true);
    expect(part(element, 'text').textContent).to.contain(PAGE_TEXTS[0]);
    expect(part(element, 'title').textContent).to.contain('Loan contract');
    const code = part(element, 'short-code').querySelector('.code');
    expect(code?.textContent).to.equal(SHORT_CODE);
    expect(fontSize(code ?? element)).to.be.at.least(1.5 * fontSize(part(element, 'title')) - 1);
  });

  it('turns pages with the buttons and reports how long the page it left was visible', async () => {
    const element = await viewer();
    await shown(element, 1);
    const views = collect(element, 'air-document-page');
    expect(button(element, 'previous').disabled).to.equal(true);
    await new Promise((resolve) => setTimeout(resolve, 150));
    button(element, 'next').focus();
    button(element, 'next').click();
    await shown(element, 2);
    // "Next" is disabled on the last page: focus moves to the page, not to the document's body.
    // (Compared by part name: chai cannot print a DOM node in a failure message.)
    expect(element.shadowRoot?.activeElement?.getAttribute('part')).to.equal('viewport');
    expect(part(element, 'page-number').textContent?.trim()).to.equal('Page 2 of 2');
    expect(part(element, 'text').textContent).to.contain(PAGE_TEXTS[1]);
    expect(button(element, 'next').disabled).to.equal(true);
    expect(views.map((event) => event.detail.page)).to.deep.equal([1]);
    expect(views[0]?.detail.visibleMs).to.be.at.least(140);

    button(element, 'previous').click();
    await shown(element, 1);
    expect(views.map((event) => event.detail.page)).to.deep.equal([1, 2]);
  });

  it('tells when the reader turns the page, not when the page is set by code (follow me)', async () => {
    const element = await viewer();
    await shown(element, 1);
    const turns = collect(element, 'air-document-page-change');
    button(element, 'next').click();
    await shown(element, 2);
    part(element, 'viewport').focus();
    await sendKeys({ press: 'Home' });
    await shown(element, 1);
    // Zooming is not turning, and a page set by the page (the agent leads) is not the reader's turn.
    await sendKeys({ press: '+' });
    element.page = 2;
    await shown(element, 2);
    expect(turns.map((event) => event.detail.page)).to.deep.equal([2, 1]);
  });

  it('turns pages and zooms with the keyboard', async () => {
    const element = await viewer();
    await shown(element, 1);
    const canvas = part<HTMLCanvasElement>(element, 'page');
    const fitted = canvas.getBoundingClientRect().width;
    part(element, 'viewport').focus();

    await sendKeys({ press: 'PageDown' });
    await shown(element, 2);
    await sendKeys({ press: 'PageUp' });
    await shown(element, 1);
    await sendKeys({ press: 'ArrowRight' });
    await shown(element, 2);
    await sendKeys({ press: 'ArrowLeft' });
    await shown(element, 1);

    await sendKeys({ press: '+' });
    expect(element.zoom).to.equal(1.25);
    await until(() => Math.abs(canvas.getBoundingClientRect().width - fitted * 1.25) < 3, 'zoomed in');
    expect(button(element, 'fit-width').getAttribute('aria-pressed')).to.equal('false');
    await sendKeys({ press: '-' });
    await sendKeys({ press: '-' });
    expect(element.zoom).to.equal(0.75);
    await until(() => Math.abs(canvas.getBoundingClientRect().width - fitted * 0.75) < 3, 'zoomed out');
    button(element, 'fit-width').click();
    await until(() => Math.abs(canvas.getBoundingClientRect().width - fitted) < 3, 'fit width again');
    expect(button(element, 'fit-width').getAttribute('aria-pressed')).to.equal('true');
  });

  it('enables "I have read and agree" only after every page was shown, then tells the page', async () => {
    const element = await viewer();
    await shown(element, 1);
    const agree = button(element, 'agree');
    expect(agree.disabled).to.equal(true);
    expect(part(element, 'progress').textContent).to.contain('1 of 2 pages seen');

    const views = collect(element, 'air-document-page');
    const reads = collect(element, 'air-document-read');
    button(element, 'next').click();
    await shown(element, 2);
    await until(() => !agree.disabled, 'agree enabled');
    expect(part(element, 'progress').textContent).to.contain('seen every page');
    agree.click();
    expect(reads).to.have.length(1);
    expect(reads[0]?.detail).to.deep.equal({ shortCode: SHORT_CODE, pages: 2 });
    // The last page's time goes out before the confirmation.
    expect(views.map((event) => event.detail.page)).to.deep.equal([1, 2]);

    // The server accepted it: the button gives way to a confirmation, which takes the focus the button had.
    agree.focus();
    agree.click();
    element.agreed = true;
    await settle(element);
    expect(element.shadowRoot?.querySelector('[part~="agree"]')).to.equal(null);
    expect(part(element, 'agreed').textContent).to.contain('You confirmed that you have read this document');
    expect(element.shadowRoot?.activeElement?.getAttribute('part')).to.equal('agreed');
    expect(reads).to.have.length(2);
    await expectAccessible(element);
  });

  it('follows the page the host sets (the agent leads), within the document', async () => {
    const element = await viewer();
    await shown(element, 1);
    const views = collect(element, 'air-document-page');
    element.page = 2;
    await shown(element, 2);
    expect(views.map((event) => event.detail.page)).to.deep.equal([1]);
    element.page = 99;
    await settle(element);
    expect(element.page).to.equal(2);
    element.page = 0;
    await shown(element, 1);
  });

  it('has no agree button in the agent’s view-only copy', async () => {
    const element = await viewer({ viewOnly: true });
    await shown(element, 1);
    expect(element.shadowRoot?.querySelector('[part~="agree"]') === null).to.equal(true);
  });

  it('runs pdf.js on the page’s thread when no worker is given, still without fetching anything', async () => {
    const element = await viewer({ workerSrc: undefined });
    await shown(element, 1);
    expect(element.pageCount).to.equal(2);
    expect(inked(part<HTMLCanvasElement>(element, 'page'))).to.equal(true);
  });

  it('reads Chinese text in a non-embedded font through its CMap from the self-hosted pdf.js assets', async () => {
    const element = await viewer({ data: cjkPdf(), assetsBaseUrl: PDFJS_ASSETS });
    await shown(element, 1);
    expect(element.pageText?.lines.join('').replace(/\s+/g, '')).to.equal(CJK_TEXT);
    expect(inked(part<HTMLCanvasElement>(element, 'page')), 'the text is drawn').to.equal(true);
  });

  it('shows the newest document when another arrives while one is still opening', async () => {
    const errors: string[] = [];
    const listener = (event: GlobalEventHandlersEventMap['air-error']) => errors.push(event.detail.code);
    document.addEventListener('air-error', listener);
    try {
      const element = await viewer({ assetsBaseUrl: PDFJS_ASSETS });
      await shown(element, 1);
      // Two replacements in a row: the first one's opening is stopped, never shown, never an error.
      element.data = twoPagePdf();
      await element.updateComplete;
      element.data = cjkPdf();
      await element.opened;
      await until(() => element.pageCount === 1 && element.pageText !== undefined, 'the newest document shown');
      expect(element.pageText?.lines.join('').replace(/\s+/g, '')).to.equal(CJK_TEXT);
      expect(errors).to.deep.equal([]);
    } finally {
      document.removeEventListener('air-error', listener);
    }
  });

  it('says so, and fires air-error, when the bytes are not a PDF', async () => {
    const errors: string[] = [];
    const listener = (event: GlobalEventHandlersEventMap['air-error']) => errors.push(event.detail.code);
    document.addEventListener('air-error', listener);
    try {
      const element = await viewer({ data: new TextEncoder().encode('not a pdf at all') });
      await until(() => element.loadState === 'failed', 'failure shown', 15_000);
      let rejected = false;
      await element.opened.catch(() => (rejected = true));
      expect(rejected).to.equal(true);
      await settle(element);
      expect(element.shadowRoot?.querySelector('[role="alert"]')?.textContent).to.contain('could not be opened');
      expect(errors).to.deep.equal(['DOCUMENT_INVALID']);
      expect(button(element, 'agree').disabled).to.equal(true);
    } finally {
      document.removeEventListener('air-error', listener);
    }
  });

  it('is larger in elderly mode, with targets of at least 60 px', async () => {
    const normal = await viewer({ width: 1000 });
    await shown(normal, 1);
    const elderly = await viewer({ width: 1000, elderly: true });
    await shown(elderly, 1);
    const width = (element: AirDocumentViewer) => part(element, 'page').getBoundingClientRect().width;
    expect(width(elderly)).to.be.greaterThan(width(normal) * 1.1);
    expect(smallestTarget(elderly.shadowRoot ?? elderly, 'button')).to.be.at.least(60);
    expect(fontSize(part(elderly, 'base'))).to.be.greaterThan(fontSize(part(normal, 'base')));
  });

  it('is accessible and localized (zh-Hans)', async () => {
    const element = await viewer({ lang: 'zh-Hans' });
    await shown(element, 1);
    await until(() => part(element, 'page-number').textContent?.trim() === '第 1 页，共 2 页', 'zh-Hans strings');
    expect(button(element, 'agree').textContent?.trim()).to.equal('我已阅读并同意');
    expect(part(element, 'short-code').textContent).to.contain('文件校验码');
    expect(part(element, 'base').getAttribute('aria-label')).to.equal('待签署文件：Loan contract');
    expect(part(element, 'page-number').getAttribute('role')).to.equal('status');
    await expectAccessible(element);
  });

  it('is localized in zh-Hant', async () => {
    const element = await viewer({ lang: 'zh-Hant' });
    await shown(element, 1);
    await until(() => button(element, 'next').textContent?.includes('下一頁') === true, 'zh-Hant strings');
    expect(part(element, 'page-number').textContent?.trim()).to.equal('第 1 頁，共 2 頁');
  });
});

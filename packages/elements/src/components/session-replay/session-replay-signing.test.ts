import { fetchSigningKeys, type Ed25519PublicJwk } from '@aircounter/evidence';
import {
  createAuditorSource,
  documentsOf,
  parseEventLog,
  type ReplayDocument,
  type ReplaySource,
} from '@aircounter/evidence/replay';
import { sendKeys } from '@web/test-runner-commands';
import { expect } from 'chai';
import { html } from 'lit';
import { expectAccessible } from '../../../test/utils/a11y.ts';
import {
  FIXTURE_BASE_URL,
  replayFixture,
  type ReplayFixture,
} from '../../../../../tests/support/replay-fixture/fixture-client.ts';
import { collect, fixture, settle, until } from '../../../test/utils/dom.ts';
import '../../define/air-session-replay.ts';
import type { AirSessionReplay } from './session-replay.component.ts';

// The replay of a session that signed a document face to face: a real
// package from the replay fixture (tests/support/replay-fixture), whose
// contract pdf-lib made, whose signature images the server's renderer drew
// and whose signed PDF carries a real PAdES signature.

let setup: ReplayFixture;
let pinnedKeys: readonly Ed25519PublicJwk[] = [];
/** The document as the package's own event log describes it. */
let logged: ReplayDocument;

const source = (): ReplaySource =>
  createAuditorSource({ baseUrl: FIXTURE_BASE_URL, token: setup.token, signingKeys: pinnedKeys });

before(async function () {
  this.timeout(120_000);
  setup = await replayFixture();
  pinnedKeys = await fetchSigningKeys(FIXTURE_BASE_URL);
  const reader = source();
  const events = await reader.read(setup.sessions.signing, 'events.jsonl');
  const [document] = documentsOf(parseEventLog(events ?? new Uint8Array()));
  if (!document) throw new Error('the signing package names no document');
  logged = document;
  reader.release?.(setup.sessions.signing);
});

function parts(element: AirSessionReplay, name: string): HTMLElement[] {
  return [...(element.shadowRoot?.querySelectorAll<HTMLElement>(`[part~="${name}"]`) ?? [])];
}

function part(element: AirSessionReplay, name: string): HTMLElement {
  const [found] = parts(element, name);
  if (!found) throw new Error(`no part ${name}`);
  return found;
}

const textOf = (node: Element): string => node.textContent?.replace(/\s+/g, ' ').trim() ?? '';
const announcement = (element: AirSessionReplay): string =>
  textOf(element.shadowRoot?.querySelector('.visually-hidden') ?? document.body);

function attemptPart(element: AirSessionReplay, attempt: number, name: string): HTMLElement {
  const item = parts(element, 'attempt').find((candidate) => candidate.dataset['attempt'] === String(attempt));
  const found = item?.querySelector<HTMLElement>(`[part~="${name}"]`);
  if (!found) throw new Error(`no ${name} in attempt ${attempt}`);
  return found;
}

async function sha256Of(bytes: ArrayBuffer): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', bytes));
  return [...digest].map((byte) => byte.toString(16).padStart(2, '0')).join('');
}

async function replay(
  replaySource: ReplaySource = source(),
  options: { elderly?: boolean } = {},
): Promise<AirSessionReplay> {
  const loaded = collect(document, 'air-replay-loaded');
  const element = await fixture<AirSessionReplay>(
    html`<air-session-replay
      .source=${replaySource}
      session-id=${setup.sessions.signing}
      ?elderly=${options.elderly ?? false}
    ></air-session-replay>`,
  );
  await until(() => loaded.length === 1, 'air-replay-loaded', 15_000);
  await settle(element);
  return element;
}

/** Both signature images are shown (decoded), or a reason instead of each. */
async function imagesSettled(element: AirSessionReplay): Promise<void> {
  await until(
    () =>
      parts(element, 'attempt').every(
        (item) =>
          item.querySelector('[part~="file-error"]') !== null ||
          (item.querySelector<HTMLImageElement>('img')?.complete === true &&
            (item.querySelector<HTMLImageElement>('img')?.naturalWidth ?? 0) > 0),
      ),
    'signature images',
    10_000,
  );
}

/** Replaces `window.open` for a test: records the URLs and answers as a browser that opened a tab. */
function stubWindowOpen(): { urls: string[]; restore: () => void } {
  const urls: string[] = [];
  const original = window.open;
  window.open = ((url?: string | URL) => {
    urls.push(String(url));
    return { opener: window } as unknown as Window;
  }) as typeof window.open;
  return { urls, restore: () => (window.open = original) };
}

const signedSha = (): string => logged.signed[0]?.artifact.sha256 ?? '-';

describe('<air-session-replay> signing', () => {
  it('lists the document with its code, confirmation, attempts and their images, and marks the signing moments', async () => {
    const element = await replay();
    await imagesSettled(element);
    const code = logged.shortCode ?? '-';
    expect(code).to.match(/^[0-9A-F]{4}-[0-9A-F]{4}$/);

    expect(textOf(part(element, 'documents-panel').querySelector('h2') ?? element)).to.equal('Documents');
    expect(parts(element, 'document').map((item) => item.dataset['documentId'])).to.deep.equal(['loan-1']);
    expect(textOf(part(element, 'document-title'))).to.equal('Loan contract');
    expect(textOf(part(element, 'document-code'))).to.equal(`Document code ${code}`);
    expect(textOf(part(element, 'document-read'))).to.equal('Read and agreed at 0:01');
    expect(textOf(part(element, 'open-signed'))).to.equal('Open signed PDF');
    expect(textOf(part(element, 'open-original'))).to.equal('Open original');

    expect(
      parts(element, 'attempt').map((item) => [item.dataset['attempt'], item.hasAttribute('data-attested')]),
    ).to.deep.equal([
      ['1', false],
      ['2', true],
    ]);
    expect(parts(element, 'attempt').map((item) => textOf(item.querySelector('figcaption') ?? item))).to.deep.equal([
      'Attempt 1 at 0:02',
      'Attempt 2 at 0:03 Attested by the agent',
    ]);
    expect(parts(element, 'jump').map(textOf)).to.deep.equal(['Watch attempt 1 (0:02)', 'Watch attempt 2 (0:03)']);

    // Each image is the bytes the log names for its attempt, as a blob of those bytes.
    const images = parts(element, 'signature-image') as HTMLImageElement[];
    expect(images.map((image) => image.alt)).to.deep.equal([
      'Signature, attempt 1 (Loan contract)',
      'Signature, attempt 2 (Loan contract)',
    ]);
    for (const [index, image] of images.entries()) {
      expect(image.src.startsWith('blob:')).to.equal(true);
      const bytes = await (await fetch(image.src)).arrayBuffer();
      expect(await sha256Of(bytes)).to.equal(logged.attempts[index]?.image.sha256);
    }

    const markers = parts(element, 'marker');
    const signing = markers.filter(
      (item) => item.dataset['kind'] !== undefined && /^(document|signature)/.test(item.dataset['kind']),
    );
    expect(signing.map((item) => [item.dataset['kind'], textOf(item)])).to.deep.equal([
      ['document-read', `0:01 Read and agreed: Loan contract (${code})`],
      ['signature', '0:02 Signature, attempt 1 (Loan contract)'],
      ['signature-redo', '0:02 Agent asked to sign again: The signature left the box'],
      ['signature', '0:03 Signature, attempt 2 (Loan contract)'],
      ['signature-attested', '0:04 Agent attested the signature, attempt 2 (Loan contract)'],
      ['document-signed', '0:04 Signed PDF made (Loan contract)'],
    ]);
    await until(() => element.integrity === 'verified', 'the signing package verified', 15_000);
    await expectAccessible(element, 'documents');
  });

  it('jumps playback to a signing moment, by click and from the keyboard, with a visible focus', async () => {
    const element = await replay();
    const selected = collect(element, 'air-replay-marker-selected');
    attemptPart(element, 2, 'jump').click();
    await settle(element);
    expect(element.positionMs).to.equal(3200);
    expect(selected.map((event) => event.detail)).to.deep.equal([
      {
        sessionId: setup.sessions.signing,
        seq: logged.attempts[1]?.seq,
        type: 'signing.signature.submitted',
        mediaTimeMs: 3200,
        positionMs: 3200,
      },
    ]);
    expect(announcement(element)).to.equal('Jumped to 0:03: Signature, attempt 2 (Loan contract)');

    const first = attemptPart(element, 1, 'jump');
    first.focus();
    await sendKeys({ press: 'Enter' });
    await until(() => element.positionMs === 2000, 'attempt 1 by Enter');
    await sendKeys({ press: 'Tab' });
    const second = attemptPart(element, 2, 'jump');
    expect(element.shadowRoot?.activeElement === second, 'Tab goes on to the next attempt').to.equal(true);
    expect(second.matches(':focus-visible')).to.equal(true);
    expect(getComputedStyle(second).outlineStyle).to.equal('solid');
    await sendKeys({ press: 'Space' });
    await until(() => element.positionMs === 3200, 'attempt 2 by Space');
  });

  it('opens the signed PDF and the original as the checked bytes the log names, with names to save them under', async () => {
    const opened = stubWindowOpen();
    try {
      const element = await replay();
      const code = logged.shortCode ?? '-';
      part(element, 'open-signed').click();
      await until(() => opened.urls.length === 1, 'the signed PDF opened');
      await settle(element);
      const signedUrl = opened.urls[0] ?? '';
      expect(signedUrl.startsWith('blob:')).to.equal(true);
      const signed = await (await fetch(signedUrl)).arrayBuffer();
      expect(await sha256Of(signed)).to.equal(signedSha());
      const text = new TextDecoder('latin1').decode(signed);
      expect(text.startsWith('%PDF-')).to.equal(true);
      expect(text).to.contain('/SubFilter /ETSI.CAdES.detached');
      expect(announcement(element)).to.equal(`Loan contract ${code} signed.pdf opened in a new tab`);
      const [signedLink] = parts(element, 'download') as HTMLAnchorElement[];
      expect(signedLink?.getAttribute('download')).to.equal(`Loan contract ${code} signed.pdf`);
      expect(signedLink?.href).to.equal(signedUrl);
      expect(textOf(signedLink ?? element)).to.equal(`Download Loan contract ${code} signed.pdf`);

      part(element, 'open-original').click();
      await until(() => opened.urls.length === 2, 'the original opened');
      await settle(element);
      const original = await (await fetch(opened.urls[1] ?? '')).arrayBuffer();
      expect(await sha256Of(original)).to.equal(logged.original?.sha256);
      expect(
        (parts(element, 'download') as HTMLAnchorElement[]).map((link) => link.getAttribute('download')),
      ).to.deep.equal([`Loan contract ${code} signed.pdf`, `Loan contract ${code}.pdf`]);
      await expectAccessible(element, 'documents with download links');

      // Leaving the page hands the URLs back: the tabs keep what they loaded, the links go.
      element.remove();
      const revoked = await fetch(signedUrl).then(
        () => 'readable',
        () => 'revoked',
      );
      expect(revoked).to.equal('revoked');
    } finally {
      opened.restore();
    }
  });

  it('tells when the browser blocks the new tab, and keeps the link to the PDF', async () => {
    const original = window.open;
    window.open = (() => null) as typeof window.open;
    try {
      const element = await replay();
      part(element, 'open-signed').click();
      await until(() => parts(element, 'download').length === 1, 'the download link');
      await settle(element);
      expect(announcement(element)).to.equal(
        `The browser did not open a new tab. Use the link to open Loan contract ${logged.shortCode ?? '-'} signed.pdf.`,
      );
    } finally {
      window.open = original;
    }
  });

  it('shows no file whose bytes are not the ones the log names, and says so', async () => {
    const inner = createAuditorSource({ baseUrl: FIXTURE_BASE_URL, token: setup.token, signingKeys: pinnedKeys });
    const swapped = new Set([logged.signed[0]?.artifact.file, logged.attempts[0]?.image.file]);
    const tampering: ReplaySource = {
      listFiles: (id) => inner.listFiles(id),
      read: async (id, name) => {
        const bytes = await inner.read(id, name);
        if (!bytes || !swapped.has(name)) return bytes;
        const changed = bytes.slice();
        changed[changed.length - 1] = (changed[changed.length - 1] ?? 0) ^ 0x01;
        return changed;
      },
      mediaUrl: (id, name) => inner.mediaUrl(id, name),
      releaseMediaUrl: (url) => inner.releaseMediaUrl(url),
      signingKeys: () => inner.signingKeys(),
      release: (id) => inner.release(id),
    };
    const opened = stubWindowOpen();
    const errors = collect(document, 'air-error');
    try {
      const element = await replay(tampering);
      await imagesSettled(element);
      // Attempt 1's image was swapped: a reason instead of the picture; attempt 2's is shown.
      expect(textOf(attemptPart(element, 1, 'file-error'))).to.equal(
        'This file differs from the one the event log names, so it is not shown.',
      );
      expect(attemptPart(element, 1, 'file-error').getAttribute('role')).to.equal('alert');
      expect(parts(element, 'signature-image').length).to.equal(1);
      expect(attemptPart(element, 2, 'signature-image') instanceof HTMLImageElement).to.equal(true);

      part(element, 'open-signed').click();
      await until(
        () => parts(element, 'file-error').some((item) => item.closest('.pdf') !== null),
        'the signed PDF refused',
      );
      expect(opened.urls).to.deep.equal([]);
      expect(parts(element, 'download').length).to.equal(0);
      const refusal = parts(element, 'file-error').find((item) => item.closest('.pdf') !== null);
      expect(refusal?.dataset['problem']).to.equal('mismatch');
      expect(errors.some((event) => event.detail.message.includes(signedSha()))).to.equal(true);
      await expectAccessible(element, 'a refused file');
    } finally {
      opened.restore();
    }
  });

  it('speaks Simplified and Traditional Chinese, accessibly', async () => {
    const element = await replay();
    await imagesSettled(element);
    const code = logged.shortCode ?? '-';
    element.setAttribute('lang', 'zh-Hans');
    await until(() => textOf(part(element, 'open-signed')) === '打开签署版 PDF', 'zh-Hans');
    expect(textOf(part(element, 'documents-panel').querySelector('h2') ?? element)).to.equal('文件');
    expect(textOf(part(element, 'document-code'))).to.equal(`文件校验码 ${code}`);
    expect(textOf(part(element, 'open-original'))).to.equal('打开原件');
    expect((parts(element, 'signature-image')[0] as HTMLImageElement | undefined)?.alt).to.equal(
      '签名，第 1 次（Loan contract）',
    );
    expect(parts(element, 'marker').map(textOf)).to.include('0:02 客服专员要求重新签名：The signature left the box');
    expect(parts(element, 'marker').map(textOf)).to.include(`0:01 已阅读并同意：Loan contract（${code}）`);
    await expectAccessible(element, 'documents in zh-Hans');

    element.setAttribute('lang', 'zh-Hant');
    await until(() => textOf(part(element, 'open-signed')) === '開啟簽署版 PDF', 'zh-Hant');
    expect(textOf(part(element, 'document-read'))).to.equal('於 0:01 確認已閱讀並同意');
    expect(parts(element, 'jump').map(textOf)).to.deep.equal(['觀看第 1 次簽名（0:02）', '觀看第 2 次簽名（0:03）']);
    await expectAccessible(element, 'documents in zh-Hant');
  });

  it('keeps every target at least 44 px, and at least 60 px in elderly mode', async () => {
    const opened = stubWindowOpen();
    try {
      const element = await replay();
      part(element, 'open-signed').click();
      await until(() => parts(element, 'download').length === 1, 'the download link');
      const targets = (): HTMLElement[] => [
        ...(part(element, 'documents-panel').querySelectorAll<HTMLElement>('button, a') ?? []),
      ];
      expect(targets().length).to.equal(5);
      for (const target of targets()) {
        expect(target.getBoundingClientRect().height, textOf(target)).to.be.at.least(44);
      }
      element.elderly = true;
      await settle(element);
      for (const target of targets()) {
        expect(target.getBoundingClientRect().height, textOf(target)).to.be.at.least(60);
        if (target.localName === 'button')
          expect(target.getBoundingClientRect().width, textOf(target)).to.be.at.least(60);
      }
      await expectAccessible(element, 'documents, elderly');
    } finally {
      opened.restore();
    }
  });

  it('shows no documents for a session that signed nothing', async () => {
    const loaded = collect(document, 'air-replay-loaded');
    const element = await fixture<AirSessionReplay>(
      html`<air-session-replay .source=${source()} session-id=${setup.sessions.good}></air-session-replay>`,
    );
    await until(() => loaded.length === 1, 'air-replay-loaded', 15_000);
    await settle(element);
    expect(parts(element, 'documents-panel').length).to.equal(0);
  });
});

import type { LivenessOutcome, StartLivenessResponse, SubmitLivenessRequest } from '@aircounter/protocol';
import { AirError } from '@aircounter/protocol';
import { sendKeys, setViewport } from '@web/test-runner-commands';
import { expect } from 'chai';
import { html } from 'lit';
import { expectAccessible } from '../../../test/utils/a11y.ts';
import { collect, fixture, settle, until } from '../../../test/utils/dom.ts';
import '../../define/air-liveness-check.ts';
import type { AirLivenessCheck } from './liveness-check.component.ts';
import type * as Vision from '@aircounter/vision';
import type { LivenessPort, OvalGuide, QualityIssue } from './liveness-check.controller.ts';
import { isMissingPackage, visionImport } from './vision-loader.ts';

// The controller declares the two vision types its public declarations need
// (so that a page without the optional package type-checks): they must stay
// the same as the package's. A change on either side fails the type check here.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const sameTypes: [Same<OvalGuide, Vision.OvalGuide>, Same<QualityIssue, Vision.QualityIssue>] = [true, true];

// The default fake camera of this suite is Chromium's synthetic pattern: no
// face in it. Runs through a real server-side verifier are in
// packages/vision/test/camera/ (fake camera clips of a face).

class RecordingPort implements LivenessPort {
  readonly starts: number[] = [];
  readonly submissions: SubmitLivenessRequest[] = [];
  failStart: AirError | undefined;

  async start(): Promise<StartLivenessResponse> {
    this.starts.push(Date.now());
    if (this.failStart) throw this.failStart;
    const issuedAt = Date.now();
    return {
      nonce: 'n-1',
      challenges: ['blink', 'turnLeft'],
      issuedAt,
      expiresAt: issuedAt + 60_000,
      perChallengeMs: 10_000,
    };
  }

  async submit(submission: SubmitLivenessRequest): Promise<LivenessOutcome> {
    this.submissions.push(submission);
    throw new AirError('INTERNAL', 'not expected in these tests');
  }
}

function part(element: AirLivenessCheck, name: string): HTMLElement {
  const found = element.shadowRoot?.querySelector<HTMLElement>(`[part~="${name}"]`);
  if (!found) throw new Error(`no part ${name}`);
  return found;
}
const prompt = (element: AirLivenessCheck): string =>
  part(element, 'prompt').textContent?.replace(/\s+/g, ' ').trim() ?? '';
const video = (element: AirLivenessCheck): HTMLVideoElement => part(element, 'video') as HTMLVideoElement;

function visionRequests(): string[] {
  return performance
    .getEntriesByType('resource')
    .map((entry) => entry.name)
    .filter((name) => name.includes('/packages/vision/') || name.includes('/__tfjs__/'));
}

describe('<air-liveness-check>', () => {
  it('renders its defaults and loads no face model until started', async () => {
    const element = await fixture<AirLivenessCheck>(html`<air-liveness-check></air-liveness-check>`);
    expect(element.elderly).to.equal(false);
    expect(element.speak).to.equal(false);
    expect(part(element, 'intro').textContent).to.contain('simple movements');
    expect(part(element, 'start').textContent?.trim()).to.equal('Start the check');
    expect(part(element, 'camera').hidden).to.equal(true);
    expect(part(element, 'prompt').getAttribute('role')).to.equal('status');
    expect(visionRequests()).to.deep.equal([]);
    await expectAccessible(element);
  });

  it('switches language with lang (zh-Hans, zh-Hant)', async () => {
    const element = await fixture<AirLivenessCheck>(html`<air-liveness-check lang="zh-Hans"></air-liveness-check>`);
    await until(() => part(element, 'start').textContent?.trim() === '开始检测', 'zh-Hans strings');
    element.setAttribute('lang', 'zh-Hant');
    await until(() => part(element, 'start').textContent?.trim() === '開始檢測', 'zh-Hant strings');
  });

  it('elderly mode enlarges the buttons to at least 60 px', async () => {
    const element = await fixture<AirLivenessCheck>(html`<air-liveness-check elderly></air-liveness-check>`);
    const rect = part(element, 'start').getBoundingClientRect();
    expect(rect.height).to.be.at.least(60);
    expect(rect.width).to.be.at.least(60);
  });

  it('draws the face guide at least 4 px wide over a dark halo, 7 px in elderly mode', async () => {
    const width = (element: AirLivenessCheck, name: string): number =>
      Number.parseFloat(getComputedStyle(part(element, name)).strokeWidth);
    const regular = await fixture<AirLivenessCheck>(html`<air-liveness-check></air-liveness-check>`);
    expect(width(regular, 'guide-line')).to.be.at.least(4);
    expect(width(regular, 'guide-halo')).to.be.greaterThan(width(regular, 'guide-line'));
    const elderly = await fixture<AirLivenessCheck>(html`<air-liveness-check elderly></air-liveness-check>`);
    expect(width(elderly, 'guide-line')).to.be.at.least(7);
    expect(getComputedStyle(part(elderly, 'guide-halo')).stroke).to.match(/^rgba\(0, 0, 0/);
  });

  it('reports air-error NOT_JOINED when there is no session to run with', async () => {
    const errors = collect(document, 'air-error');
    const element = await fixture<AirLivenessCheck>(html`<air-liveness-check></air-liveness-check>`);
    part(element, 'start').click();
    await until(() => errors.length === 1, 'air-error');
    expect(errors[0]?.detail).to.deep.include({ code: 'NOT_JOINED', recoverable: true });
  });

  it('reports the server refusing to start as air-error with its code', async () => {
    const port = new RecordingPort();
    port.failStart = new AirError('SESSION_ENDED', 'session ended');
    const errors = collect(document, 'air-error');
    const element = await fixture<AirLivenessCheck>(html`<air-liveness-check .liveness=${port}></air-liveness-check>`);
    await element.start();
    expect(errors.map((e) => e.detail.code)).to.deep.equal(['SESSION_ENDED']);
    expect(prompt(element)).to.contain('Something went wrong');
    await expectAccessible(element, 'error');
    // The camera it opened is released.
    expect(video(element).srcObject).to.not.equal(null);
    for (const track of (video(element).srcObject as MediaStream).getTracks())
      expect(track.readyState).to.equal('ended');
  });

  it("knows a missing vision package from each loader's error", () => {
    expect(sameTypes).to.deep.equal([true, true]);
    const missing = [
      new TypeError(
        'Failed to resolve module specifier "@aircounter/vision". Relative references must start with "/".',
      ),
      new Error('Could not resolve "@aircounter/vision" imported by "@aircounter/elements". Is it installed?'),
      Object.assign(new Error("Cannot find module '@aircounter/vision'"), { code: 'MODULE_NOT_FOUND' }),
    ];
    for (const error of missing) expect(isMissingPackage(error), error.message).to.equal(true);
    const other = [
      new TypeError('Failed to fetch dynamically imported module: http://localhost/assets/vision-1a2b.js'),
      new Error('the face models could not be read'),
    ];
    for (const error of other) expect(isMissingPackage(error), error.message).to.equal(false);
  });

  it('on a page built without @aircounter/vision, says so and reports air-error VISION_NOT_INSTALLED', async () => {
    const { load, shared } = visionImport;
    visionImport.load = () => Promise.reject(new TypeError('Failed to resolve module specifier "@aircounter/vision"'));
    visionImport.shared = undefined;
    try {
      const port = new RecordingPort();
      const errors = collect(document, 'air-error');
      const element = await fixture<AirLivenessCheck>(
        html`<air-liveness-check .liveness=${port}></air-liveness-check>`,
      );
      await element.start();
      expect(errors.map((e) => e.detail)).to.deep.equal([
        {
          code: 'VISION_NOT_INSTALLED',
          recoverable: false,
          message:
            "<air-liveness-check> needs the optional package @aircounter/vision: add it to the page's dependencies (npm install @aircounter/vision)",
        },
      ]);
      expect(prompt(element)).to.contain('@aircounter/vision');
      expect(prompt(element)).to.contain('cannot run on this page');
      // Nothing was asked of the server, and a camera opened meanwhile is released.
      expect(port.starts).to.have.length(0);
      for (const track of (video(element).srcObject as MediaStream | null)?.getTracks() ?? [])
        expect(track.readyState).to.equal('ended');
      await expectAccessible(element, 'vision missing');
      element.setAttribute('lang', 'zh-Hans');
      await until(() => prompt(element).includes('人脸模型包'), 'zh-Hans message');
    } finally {
      Object.assign(visionImport, { load, shared });
    }
  });

  it('guides into the oval with the camera view, is accessible while running, moves focus with the controls, and Escape anywhere cancels and releases the camera', async function () {
    this.timeout(60_000);
    const port = new RecordingPort();
    const completed = collect(document, 'air-liveness-completed');
    const element = await fixture<AirLivenessCheck>(html`<air-liveness-check .liveness=${port}></air-liveness-check>`);
    part(element, 'start').focus();
    await sendKeys({ press: 'Enter' });
    await until(() => prompt(element).includes('Place your face inside the oval'), 'no-face guidance', 45_000);
    expect(port.starts).to.have.length(1);
    expect(part(element, 'camera').hidden).to.equal(false);
    expect(part(element, 'guide').hasAttribute('data-ok')).to.equal(false);
    expect(visionRequests().some((name) => name.includes('facemesh.bin'))).to.equal(true);
    await expectAccessible(element, 'positioning');
    const stream = video(element).srcObject as MediaStream;
    expect(stream.getVideoTracks()[0]?.readyState).to.equal('live');

    // The pressed start button is gone: focus moved to the cancel button that replaced it.
    expect(element.shadowRoot?.activeElement?.getAttribute('part')).to.equal('control cancel');
    // Escape cancels wherever focus is, here on the page itself.
    (document.activeElement as HTMLElement | null)?.blur();
    expect(document.activeElement === document.body, 'focus on the page').to.equal(true);
    await sendKeys({ press: 'Escape' });
    await settle(element);
    expect(prompt(element)).to.contain('The check was cancelled');
    expect(element.shadowRoot?.activeElement?.getAttribute('part'), 'focus on "Try again"').to.equal('control start');
    for (const track of stream.getTracks()) expect(track.readyState).to.equal('ended');
    expect(port.submissions).to.have.length(0);
    expect(completed).to.have.length(0);
    expect(part(element, 'start').textContent?.trim()).to.equal('Try again');
    await expectAccessible(element, 'cancelled');
  });

  it('takes the whole screen of a phone while it runs: camera, instruction and cancel always in view', async function () {
    this.timeout(60_000);
    await setViewport({ width: 390, height: 844 });
    try {
      const port = new RecordingPort();
      // Below a page taller than the screen, as in a bank's page: the check must not be scrolled to.
      const page = await fixture<HTMLDivElement>(
        html`<div>
          <div style="height: 1500px">The bank's page</div>
          <air-liveness-check .liveness=${port}></air-liveness-check>
        </div>`,
      );
      const element = page.querySelector('air-liveness-check') as AirLivenessCheck;
      expect(part(element, 'base').hasAttribute('data-full-screen')).to.equal(false);
      void element.start();
      await until(() => prompt(element).includes('Place your face'), 'positioning', 45_000);
      window.scrollTo(0, 0);
      const base = part(element, 'base');
      expect(base.hasAttribute('data-full-screen')).to.equal(true);
      expect(base.getAttribute('role')).to.equal('dialog');
      expect(base.getAttribute('aria-modal')).to.equal('true');
      for (const name of ['camera', 'prompt', 'cancel']) {
        const box = part(element, name).getBoundingClientRect();
        expect(box.top, `${name} top`).to.be.at.least(0);
        expect(box.bottom, `${name} bottom`).to.be.at.most(844);
        expect(box.height, `${name} shown`).to.be.greaterThan(0);
      }
      expect(part(element, 'camera').getBoundingClientRect().height).to.be.greaterThan(300);
      await expectAccessible(element, 'full screen');
      element.cancel();
      await settle(element);
      expect(part(element, 'base').hasAttribute('data-full-screen')).to.equal(false);
      expect(part(element, 'base').hasAttribute('role')).to.equal(false);
    } finally {
      await setViewport({ width: 800, height: 600 });
    }
  });

  it('releases the camera when removed from the page mid-check', async function () {
    this.timeout(60_000);
    const port = new RecordingPort();
    const element = await fixture<AirLivenessCheck>(html`<air-liveness-check .liveness=${port}></air-liveness-check>`);
    void element.start();
    await until(() => prompt(element).includes('Place your face'), 'positioning', 45_000);
    const stream = video(element).srcObject as MediaStream;
    element.remove();
    for (const track of stream.getTracks()) expect(track.readyState).to.equal('ended');
  });

  it('with preload, loads and readies the face models while the explanation shows, and a check then reuses them', async function () {
    this.timeout(60_000);
    visionImport.shared = undefined;
    const before = visionRequests().length;
    const port = new RecordingPort();
    const element = await fixture<AirLivenessCheck>(
      html`<air-liveness-check preload .liveness=${port}></air-liveness-check>`,
    );
    expect(element.preload).to.equal(true);
    const loading = visionImport.shared;
    expect(loading, 'loading started without a check').to.not.equal(undefined);
    await loading;
    expect(port.starts, 'nothing asked of the server').to.have.length(0);
    expect(part(element, 'camera').hidden, 'no camera opened').to.equal(true);
    expect(
      visionRequests()
        .slice(before)
        .some((name) => name.endsWith('.json')),
    ).to.equal(true);
    void element.start();
    await until(() => prompt(element).includes('Place your face'), 'positioning', 45_000);
    expect(visionImport.shared, 'the preloaded models serve the check').to.equal(loading);
    element.cancel();
  });
});

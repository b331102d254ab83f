import { fetchSigningKeys, type Ed25519PublicJwk } from '@aircounter/evidence';
import { createAuditorSource, type AuditorSource, type ReplaySource } from '@aircounter/evidence/replay';
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
import { overflowRight } from '../../../test/utils/measure.ts';
import '../../define/air-session-replay.ts';
import type { AirReplayLoadedEvent, AirReplayVerifiedEvent } from '../../events/index.ts';
import type { AirSessionReplay } from './session-replay.component.ts';

// Real packages: written by the server's EvidenceService from ffmpeg-made
// WebM files, signed with a test key, served by the server's auditor routes
// behind the dev server's /replay-fixture proxy (tests/support/replay-fixture/).
const BASE_URL = FIXTURE_BASE_URL;
let setup: ReplayFixture;
/** The keys this test deployment pins (the fixture server's own key, read once as a portal's configuration would hold it). */
let pinnedKeys: readonly Ed25519PublicJwk[] = [];

before(async function () {
  // The first request starts the fixture: ffmpeg encodes five short clips.
  this.timeout(120_000);
  setup = await replayFixture();
  pinnedKeys = await fetchSigningKeys(BASE_URL);
});

function part(element: AirSessionReplay, name: string): HTMLElement {
  const found = element.shadowRoot?.querySelector<HTMLElement>(`[part~="${name}"]`);
  if (!found) throw new Error(`no part ${name}`);
  return found;
}

function parts(element: AirSessionReplay, name: string): HTMLElement[] {
  return [...(element.shadowRoot?.querySelectorAll<HTMLElement>(`[part~="${name}"]`) ?? [])];
}

const textOf = (node: Element): string => node.textContent?.replace(/\s+/g, ' ').trim() ?? '';
const status = (element: AirSessionReplay): string => textOf(part(element, 'status'));
const button = (element: AirSessionReplay, name: string): HTMLButtonElement => part(element, name) as HTMLButtonElement;

function media(element: AirSessionReplay): HTMLMediaElement[] {
  return [...(element.shadowRoot?.querySelectorAll<HTMLMediaElement>('video[data-file], audio[data-file]') ?? [])];
}

function mediaOf(element: AirSessionReplay, file: string): HTMLMediaElement {
  const found = media(element).find((item) => item.dataset['file'] === file);
  if (!found) throw new Error(`no media element for ${file}`);
  return found;
}

function markerButton(element: AirSessionReplay, text: string): HTMLButtonElement {
  const found = parts(element, 'marker').find((item) => textOf(item).includes(text));
  if (!found) throw new Error(`no marker "${text}" among: ${parts(element, 'marker').map(textOf).join(' | ')}`);
  return found as HTMLButtonElement;
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Renders the element for `sessionId` and waits until its media are loaded. */
async function replay(
  sessionId: string,
  source: ReplaySource = createAuditorSource({ baseUrl: BASE_URL, token: setup.token, signingKeys: pinnedKeys }),
): Promise<{ element: AirSessionReplay; loaded: AirReplayLoadedEvent; verified: AirReplayVerifiedEvent[] }> {
  const loadedEvents = collect(document, 'air-replay-loaded');
  const verified = collect(document, 'air-replay-verified');
  const element = await fixture<AirSessionReplay>(
    html`<air-session-replay .source=${source} session-id=${sessionId}></air-session-replay>`,
  );
  await until(() => loadedEvents.length === 1, 'air-replay-loaded', 15_000);
  await settle(element);
  const loaded = loadedEvents[0];
  if (!loaded) throw new Error('no air-replay-loaded');
  return { element, loaded, verified };
}

/** The fixture's files (as the recorder names them) and their place on the session timeline. */
const FILES = {
  customerCamera: 'recording-rtest1.c1.camera.000.webm',
  customerMicrophone: 'recording-rtest1.c1.microphone.000.webm',
  agentCamera: 'recording-rtest1.a1.camera.000.webm',
  agentCameraAfterPause: 'recording-rtest1.a1.camera.001.webm',
  agentMicrophone: 'recording-rtest1.a1.microphone.000.webm',
} as const;
const PLACES: Readonly<Record<string, { startMs: number; endMs: number }>> = {
  [FILES.customerCamera]: { startMs: 0, endMs: 6000 },
  [FILES.customerMicrophone]: { startMs: 0, endMs: 6000 },
  [FILES.agentCamera]: { startMs: 1500, endMs: 3500 },
  [FILES.agentCameraAfterPause]: { startMs: 3900, endMs: 5500 },
  [FILES.agentMicrophone]: { startMs: 1500, endMs: 5500 },
};

/** Every media element is where the timeline says at `positionMs`: waiting at 0 before its start, in step within it. */
function expectInPlace(element: AirSessionReplay, positionMs: number, toleranceS = 0.05): void {
  for (const item of media(element)) {
    const file = item.dataset['file'] ?? '';
    const place = PLACES[file];
    if (!place) throw new Error(`unexpected file ${file}`);
    if (positionMs >= place.endMs) continue; // after its end a file keeps its last frame
    const expected = Math.max(0, positionMs - place.startMs) / 1000;
    expect(Math.abs(item.currentTime - expected), `${file} at ${item.currentTime}, expected ${expected}`).to.be.below(
      toleranceS,
    );
  }
}

/** Files whose tile says "Not recorded at this point". */
const inactiveFiles = (element: AirSessionReplay): (string | null)[] =>
  parts(element, 'inactive').map((item) => item.closest('[data-track]')?.getAttribute('data-track') ?? null);

/** Files whose element is visible (not in a hidden lane slot). */
const visibleFiles = (element: AirSessionReplay): (string | undefined)[] =>
  media(element)
    .filter((item) => !item.closest('[hidden]'))
    .map((item) => item.dataset['file']);

/** A source whose signing keys are held back until `release()`: the integrity check stays "verifying". */
function gatedKeys(source: ReplaySource): { source: ReplaySource; release: () => void } {
  let open: () => void = () => undefined;
  const gate = new Promise<void>((resolve) => {
    open = resolve;
  });
  return {
    source: {
      ...bound(source),
      signingKeys: async () => {
        await gate;
        return source.signingKeys();
      },
    },
    release: () => open(),
  };
}

/** The source's methods as plain functions (so a spread copy keeps working). */
function bound(source: AuditorSource | ReplaySource): ReplaySource {
  return {
    listFiles: (id) => source.listFiles(id),
    read: (id, name) => source.read(id, name),
    ...(source.stream ? { stream: source.stream.bind(source) } : {}),
    mediaUrl: (id, name) => source.mediaUrl(id, name),
    releaseMediaUrl: (url) => source.releaseMediaUrl?.(url),
    signingKeys: () => source.signingKeys(),
    release: (id) => source.release?.(id),
  };
}

const EXPECTED_MARKERS = [
  'Before recording Ana (Customer) joined',
  'Before recording Consent given by Ana',
  'Before recording Recording: starting',
  '0:00 Recording: recording',
  '0:01 Bo (Agent) joined',
  '0:03 Liveness check passed: Ana',
  '0:03 Gap in the recording (0.4 s): camera turned off',
  '0:05 Bo left',
  '0:06 Recording: complete',
  '0:06 Ana left when the session ended',
];

describe('<air-session-replay>', () => {
  it('renders its defaults without a source', async () => {
    const element = await fixture<AirSessionReplay>(html`<air-session-replay></air-session-replay>`);
    expect(element.elderly).to.equal(false);
    expect(element.hasAttribute('elderly')).to.equal(false);
    expect(element.loadState).to.equal('idle');
    expect(element.integrity).to.equal('idle');
    expect(element.playbackRate).to.equal(1);
    expect(status(element)).to.equal('No session selected');
    expect(part(element, 'status').getAttribute('role')).to.equal('status');
    expect(parts(element, 'integrity')).to.have.length(0);
    for (const name of ['play-pause', 'back', 'forward']) expect(button(element, name).disabled).to.equal(true);
    expect((part(element, 'seek') as HTMLInputElement).disabled).to.equal(true);
    expect(media(element)).to.have.length(0);
    await expectAccessible(element, 'idle');
  });

  it('loads a real package: every track on one timeline, markers from the event log', async () => {
    const { element, loaded } = await replay(setup.sessions.good);
    expect(loaded.bubbles && loaded.composed).to.equal(true);
    expect(loaded.detail.sessionId).to.equal(setup.sessions.good);
    expect(loaded.detail.timed).to.equal(true);
    expect(loaded.detail.markerCount).to.equal(EXPECTED_MARKERS.length);
    expect(loaded.detail.tracks).to.have.deep.members([
      { file: FILES.customerCamera, kind: 'video', peerId: 'c1', startMs: 0 },
      { file: FILES.customerMicrophone, kind: 'audio', peerId: 'c1', startMs: 0 },
      { file: FILES.agentCamera, kind: 'video', peerId: 'a1', startMs: 1500 },
      { file: FILES.agentCameraAfterPause, kind: 'video', peerId: 'a1', startMs: 3900 },
      { file: FILES.agentMicrophone, kind: 'audio', peerId: 'a1', startMs: 1500 },
    ]);
    // The customer's 6 s files set the length (the agent's end at 5.5 s).
    expect(loaded.detail.durationMs).to.be.closeTo(6000, 150);
    expect(element.durationMs).to.equal(loaded.detail.durationMs);
    expect(element.loadState).to.equal('ready');

    const tiles = parts(element, 'participant');
    expect(tiles.map((tile) => tile.dataset['peerId'])).to.deep.equal(['c1', 'a1']);
    expect(parts(element, 'participant-name').map(textOf)).to.deep.equal(['Ana · Customer', 'Bo · Agent']);
    expect(mediaOf(element, FILES.customerCamera).getAttribute('aria-label')).to.equal('Camera of Ana');
    expect(mediaOf(element, FILES.agentMicrophone).getAttribute('aria-label')).to.equal('Microphone of Bo');
    // Both segments of Bo's camera share one place: the one to come is shown.
    expect(visibleFiles(element)).to.deep.equal([
      FILES.customerCamera,
      FILES.customerMicrophone,
      FILES.agentCamera,
      FILES.agentMicrophone,
    ]);
    for (const item of media(element)) {
      expect(item.src.startsWith('blob:'), `${item.dataset['file']} plays a blob of the verified bytes`).to.equal(true);
      expect(item.readyState).to.be.at.least(HTMLMediaElement.HAVE_METADATA);
    }
    const camera = mediaOf(element, FILES.customerCamera) as HTMLVideoElement;
    expect(camera.videoWidth).to.equal(160);
    // Audio is in its own file: the video element is muted, the audio element is not.
    expect(camera.muted).to.equal(true);
    expect(mediaOf(element, FILES.customerMicrophone).muted).to.equal(false);

    expect(parts(element, 'marker').map(textOf)).to.deep.equal(EXPECTED_MARKERS);
    expect(parts(element, 'marker').map((item) => item.dataset['kind'])).to.deep.equal([
      'join',
      'consent',
      'recording',
      'recording',
      'join',
      'liveness',
      'gap',
      'leave',
      'recording',
      'leave',
    ]);
    expect(status(element)).to.equal('Paused at 0:00 of 0:06');
    expect(parts(element, 'notice')).to.have.length(0);
    await expectAccessible(element, 'ready');
  });

  it('shows "verifying" while the integrity check runs, then "verified" with the signing key', async () => {
    const gated = gatedKeys(createAuditorSource({ baseUrl: BASE_URL, token: setup.token, signingKeys: pinnedKeys }));
    const { element, verified } = await replay(setup.sessions.good, gated.source);
    expect(element.integrity).to.equal('verifying');
    expect(part(element, 'integrity').dataset['state']).to.equal('verifying');
    expect(textOf(part(element, 'integrity-status'))).to.equal('Verifying integrity…');
    expect(part(element, 'integrity-status').getAttribute('role')).to.equal('status');
    await expectAccessible(element, 'verifying');

    gated.release();
    await until(() => verified.length === 1, 'air-replay-verified', 15_000);
    await settle(element);
    const detail = verified[0]?.detail;
    expect(detail?.sessionId).to.equal(setup.sessions.good);
    expect(detail?.ok).to.equal(true);
    expect(detail?.signature).to.equal('valid');
    expect(detail?.problems).to.deep.equal([]);
    expect(detail?.keyId).to.match(/^[A-Za-z0-9_-]{43}$/);
    expect(verified[0]?.bubbles && verified[0]?.composed).to.equal(true);

    expect(element.integrity).to.equal('verified');
    expect(element.verification?.files.map((file) => file.status)).to.deep.equal(['ok', 'ok', 'ok', 'ok', 'ok', 'ok']);
    const badge = part(element, 'integrity');
    expect(badge.dataset['state']).to.equal('verified');
    expect(textOf(part(element, 'integrity-status'))).to.equal('Integrity verified');
    expect(part(element, 'integrity-status').querySelector('svg')?.getAttribute('aria-hidden')).to.equal('true');
    expect(textOf(part(element, 'key-id'))).to.equal(`Signed by key ${detail?.keyId ?? ''}`);
    expect(parts(element, 'problems')).to.have.length(0);
    await expectAccessible(element, 'verified');
  });

  it('fails a tampered package and lists each problem precisely', async () => {
    const { element, verified } = await replay(setup.sessions.tampered);
    await until(() => verified.length === 1, 'air-replay-verified', 15_000);
    await settle(element);
    const detail = verified[0]?.detail;
    expect(detail?.ok).to.equal(false);
    expect(detail?.signature).to.equal('valid');
    expect(detail?.problems.map((p) => ({ code: p.code, file: p.file, seq: p.seq }))).to.have.deep.members([
      { code: 'MEDIA_HASH_MISMATCH', file: FILES.agentCamera, seq: undefined },
      { code: 'LOG_LINE_EDITED', file: 'events.jsonl', seq: 1 },
    ]);

    expect(element.integrity).to.equal('failed');
    expect(part(element, 'integrity').dataset['state']).to.equal('failed');
    expect(textOf(part(element, 'integrity-status'))).to.equal('Integrity check failed. Problems found: 2');
    const items = parts(element, 'problem');
    expect(items.map((item) => item.dataset['code'])).to.have.members(['MEDIA_HASH_MISMATCH', 'LOG_LINE_EDITED']);
    const media = items.find((item) => item.dataset['code'] === 'MEDIA_HASH_MISMATCH');
    expect(textOf(media ?? document.body)).to.contain(
      `Error MEDIA_HASH_MISMATCH: A file differs from the signed one (file ${FILES.agentCamera})`,
    );
    // The verifier's own message, verbatim (with both hashes), marked as English.
    const message = detail?.problems.find((p) => p.code === 'MEDIA_HASH_MISMATCH')?.message ?? '-';
    expect(media?.querySelector('.detail')?.textContent).to.equal(message);
    expect(media?.querySelector('.detail')?.getAttribute('lang')).to.equal('en');
    const edited = items.find((item) => item.dataset['code'] === 'LOG_LINE_EDITED');
    expect(textOf(edited ?? document.body))
      .to.contain('An event was changed after it was recorded')
      .and.contain('event 1');
    // The replay still shows what the (tampered) log says; the badge tells not to trust it.
    expect(parts(element, 'marker').map(textOf)[0]).to.equal('Before recording Eve (Customer) joined');
    await expectAccessible(element, 'failed');
  });

  it('trusts only pinned keys: the key the server publishes counts only with an explicit opt-in', async () => {
    // No pinned keys: the intact package's signing key is not trusted, whatever the server publishes.
    const unpinned = createAuditorSource({ baseUrl: BASE_URL, token: setup.token });
    const first = await replay(setup.sessions.good, unpinned);
    await until(() => first.verified.length === 1, 'air-replay-verified', 15_000);
    await settle(first.element);
    expect(first.verified[0]?.detail.ok).to.equal(false);
    expect(first.element.verification?.verdict).to.equal('UNTRUSTED_KEY');
    expect(first.element.integrity).to.equal('failed');
    first.element.remove();

    // Opting in to the server's published keys verifies it, and the report says on whose word.
    const trusting = createAuditorSource({ baseUrl: BASE_URL, token: setup.token, trustServerKeys: true });
    const second = await replay(setup.sessions.good, trusting);
    await until(() => second.verified.length === 1, 'air-replay-verified', 15_000);
    expect(second.verified[0]?.detail.ok).to.equal(true);
    expect(second.element.verification?.keyTrust).to.equal('server-published');
  });

  it('jumps to a marker: every medium moves to its place on the timeline', async () => {
    const { element } = await replay(setup.sessions.good);
    const selected = collect(element, 'air-replay-marker-selected');
    const joined = markerButton(element, 'Bo (Agent) joined');
    joined.click();
    await settle(element);
    expect(element.positionMs).to.equal(1200);
    expect(selected.map((event) => event.detail)).to.deep.equal([
      { sessionId: setup.sessions.good, seq: 5, type: 'peer.joined', mediaTimeMs: 1200, positionMs: 1200 },
    ]);
    expect(selected[0]?.bubbles && selected[0]?.composed).to.equal(true);
    expectInPlace(element, 1200);
    // The agent's recording starts at 1.5 s: both of Bo's tracks wait on their first frame.
    expect(inactiveFiles(element)).to.deep.equal([FILES.agentCamera, FILES.agentMicrophone]);
    expect(joined.getAttribute('aria-current')).to.equal('time');
    expect(textOf(element.shadowRoot?.querySelector('.visually-hidden') ?? document.body)).to.equal(
      'Jumped to 0:01: Bo (Agent) joined',
    );
    expect((part(element, 'seek') as HTMLInputElement).getAttribute('aria-valuetext')).to.equal('0:01 of 0:06');
    await expectAccessible(element, 'after a jump');

    markerButton(element, 'Liveness check passed').click();
    await settle(element);
    expect(element.positionMs).to.equal(3000);
    expectInPlace(element, 3000);
    expect(inactiveFiles(element)).to.deep.equal([]);
    const agentCamera = mediaOf(element, FILES.agentCamera);
    await until(() => !agentCamera.seeking && agentCamera.readyState >= HTMLMediaElement.HAVE_CURRENT_DATA, 'frame');

    // In the camera's pause (3.5–3.9 s) its lane shows the segment to come, marked as not recorded.
    markerButton(element, 'Gap in the recording').click();
    await settle(element);
    expect(element.positionMs).to.equal(3500);
    expect(visibleFiles(element)).to.include(FILES.agentCameraAfterPause).and.not.include(FILES.agentCamera);
    expect(inactiveFiles(element)).to.deep.equal([FILES.agentCameraAfterPause]);
    expectInPlace(element, 3500);
    markerButton(element, 'Bo left').click();
    await settle(element);
    expectInPlace(element, 5500);
    element.seek(4500);
    await settle(element);
    expect(visibleFiles(element)).to.include(FILES.agentCameraAfterPause);
    expect(inactiveFiles(element)).to.deep.equal([]);
    expectInPlace(element, 4500);

    markerButton(element, 'Consent given by Ana').click();
    await settle(element);
    expect(element.positionMs).to.equal(0);
    expect(selected.at(-1)?.detail).to.deep.equal({
      sessionId: setup.sessions.good,
      seq: 2,
      type: 'consent.given',
      mediaTimeMs: null,
      positionMs: 0,
    });
    expectInPlace(element, 0);
  });

  it('changes the playback speed of every media element and plays them in step', async () => {
    const { element } = await replay(setup.sessions.good);
    for (const rate of [0.5, 2, 1.5]) {
      part(element, 'speeds').querySelector<HTMLButtonElement>(`[data-rate="${rate}"]`)?.click();
      await settle(element);
      expect(element.playbackRate).to.equal(rate);
      for (const item of media(element)) {
        expect(item.playbackRate, item.dataset['file']).to.equal(rate);
        expect(item.defaultPlaybackRate, item.dataset['file']).to.equal(rate);
      }
      const pressed = parts(element, 'speed').filter((item) => item.getAttribute('aria-pressed') === 'true');
      expect(pressed.map(textOf)).to.deep.equal([`${rate}×`]);
      expect(textOf(element.shadowRoot?.querySelector('.visually-hidden') ?? document.body)).to.equal(`Speed ${rate}×`);
    }

    button(element, 'play-pause').click();
    await settle(element);
    expect(element.playing).to.equal(true);
    expect(textOf(button(element, 'play-pause'))).to.equal('Pause');
    expect(status(element)).to.equal('Playing at 1.5× speed');
    const started = performance.now();
    const from = element.positionMs;
    await sleep(2_000);
    const elapsed = performance.now() - started;
    const position = element.positionMs;
    // 1.5 × the wall-clock time (the clock may hold a few ticks while media start).
    expect(position - from).to.be.within(1.5 * elapsed * 0.75, 1.5 * elapsed * 1.02);
    expect(position).to.be.within(2000, 4000);
    for (const item of media(element)) {
      const file = item.dataset['file'] ?? '';
      const place = PLACES[file] ?? { startMs: 0, endMs: 0 };
      if (position > place.startMs + 200 && position < place.endMs - 200) {
        expect(item.paused, `${file} plays`).to.equal(false);
        expect(item.playbackRate, file).to.be.within(1.5 * 0.89, 1.5 * 1.11);
      } else if (position < place.startMs - 200) {
        expect(item.paused, `${file} waits for its start`).to.equal(true);
      }
    }
    element.pause();
    await settle(element);
    expect(media(element).every((item) => item.paused)).to.equal(true);
    expect(textOf(button(element, 'play-pause'))).to.equal('Play');
    expectInPlace(element, element.positionMs);
    await expectAccessible(element, 'paused after playing');
  });

  it('keeps media in step: a drifted element is seeked back, a slightly early one slowed down', async () => {
    const { element } = await replay(setup.sessions.good);
    element.play();
    await sleep(500);
    const camera = mediaOf(element, FILES.customerCamera);
    const audio = mediaOf(element, FILES.customerMicrophone);
    const offset = (item: HTMLMediaElement): number => item.currentTime - element.positionMs / 1000;

    camera.currentTime += 2;
    await until(() => Math.abs(offset(camera)) < 0.3, 'camera seeked back into step', 2_000);

    audio.currentTime += 0.2;
    await until(() => audio.playbackRate < 1, 'audio slowed down', 1_000);
    expect(audio.playbackRate).to.be.at.least(0.9);
    await until(() => audio.playbackRate === 1 && Math.abs(offset(audio)) < 0.1, 'audio back in step at 1×', 4_000);
    element.pause();
  });

  it('works from the keyboard', async () => {
    const { element } = await replay(setup.sessions.good);
    const play = button(element, 'play-pause');
    play.focus();
    await sendKeys({ press: 'Space' });
    await until(() => element.playing, 'playing by Space');
    await sendKeys({ press: 'Enter' });
    await until(() => !element.playing, 'paused by Enter');
    element.seek(0);
    await settle(element);

    await sendKeys({ press: 'Tab' });
    await sendKeys({ press: 'Tab' });
    expect(element.shadowRoot?.activeElement).to.equal(button(element, 'forward'));
    await sendKeys({ press: 'Enter' });
    await until(() => element.positionMs === 5000, 'forward 5 s');
    await sendKeys({ press: 'Tab' });
    expect(element.shadowRoot?.activeElement).to.equal(part(element, 'seek'));
    await sendKeys({ press: 'ArrowLeft' });
    await until(() => element.positionMs === 4000, 'slider one second back');
    expectInPlace(element, 4000);

    const gap = markerButton(element, 'Gap in the recording');
    gap.focus();
    await sendKeys({ press: 'Enter' });
    await until(() => element.positionMs === 3500 && gap.getAttribute('aria-current') === 'time', 'marker by Enter');
    markerButton(element, 'Bo left').focus();
    await sendKeys({ press: 'Space' });
    await until(() => element.positionMs === 5500, 'marker by Space');
  });

  it('switches strings with the lang attribute', async () => {
    const { element, verified } = await replay(setup.sessions.good);
    await until(() => verified.length === 1, 'air-replay-verified', 15_000);
    element.setAttribute('lang', 'zh-Hans');
    await until(() => status(element) === '已暂停：0:00 / 0:06', 'zh-Hans status');
    expect(textOf(button(element, 'play-pause'))).to.equal('播放');
    expect(textOf(part(element, 'integrity-status'))).to.equal('完整性校验通过');
    expect(parts(element, 'marker').map(textOf)[0]).to.equal('录制开始前 Ana（客户）加入');
    expect(mediaOf(element, FILES.customerCamera).getAttribute('aria-label')).to.equal('Ana的摄像头画面');
    expect(part(element, 'base').getAttribute('lang')).to.equal('zh-Hans');
    await expectAccessible(element, 'zh-Hans');

    element.removeAttribute('lang');
    element.parentElement?.setAttribute('lang', 'zh-TW');
    await until(() => textOf(part(element, 'integrity-status')) === '完整性驗證通過', 'zh-Hant from an ancestor');
    expect(status(element)).to.equal('已暫停：0:00 / 0:06');
    expect(textOf(part(element, 'speeds').querySelector('span') ?? document.body)).to.equal('播放速度');
    element.parentElement?.removeAttribute('lang');
    await until(() => status(element) === 'Paused at 0:00 of 0:06', 'English again');
  });

  it('places every file at 0:00 and says so when the package has no timeline', async () => {
    const { element, loaded } = await replay(setup.sessions.untimed);
    expect(loaded.detail.timed).to.equal(false);
    // Without a timeline only the media type speaks: `.webm` is video/webm even for audio-only files,
    // and a <video> plays them (unmuted, as nothing else carries their sound).
    expect(loaded.detail.tracks).to.have.deep.members([
      { file: FILES.customerCamera, kind: 'video', peerId: null, startMs: 0 },
      { file: FILES.customerMicrophone, kind: 'video', peerId: null, startMs: 0 },
    ]);
    expect(media(element).map((item) => item.muted)).to.deep.equal([false, false]);
    expect(textOf(part(element, 'notice'))).to.equal(
      'This package has no timing data: every file starts at 0:00 and may be out of step.',
    );
    // Without a timeline nothing says whose a file is: one tile per file, named by the file.
    expect(parts(element, 'participant-name').map(textOf)).to.have.members([
      FILES.customerCamera,
      FILES.customerMicrophone,
    ]);
    await expectAccessible(element, 'untimed');
  });

  it('reports a refused token as air-error and in the status line', async () => {
    const errors = collect(document, 'air-error');
    const source = createAuditorSource({ baseUrl: BASE_URL, token: 'not-a-token' });
    const element = await fixture<AirSessionReplay>(
      html`<air-session-replay .source=${source} session-id=${setup.sessions.good}></air-session-replay>`,
    );
    await until(() => errors.length === 2, 'air-error for loading and for the integrity check');
    await settle(element);
    expect(errors.map((event) => event.detail.code)).to.deep.equal(['AUTH_INVALID_TOKEN', 'AUTH_INVALID_TOKEN']);
    expect(errors[0]?.detail.recoverable).to.equal(false);
    expect(element.loadState).to.equal('error');
    expect(status(element)).to.equal('The recording could not be loaded. Error: AUTH_INVALID_TOKEN');
    expect(element.integrity).to.equal('error');
    expect(textOf(part(element, 'integrity-status'))).to.equal(
      'Integrity could not be checked. Error: AUTH_INVALID_TOKEN',
    );
    expect(button(element, 'play-pause').disabled).to.equal(true);
    await expectAccessible(element, 'error');
  });

  it('offers an elderly mode with larger text and targets of at least 60 px', async () => {
    const { element } = await replay(setup.sessions.good);
    const normalSize = parseFloat(getComputedStyle(button(element, 'play-pause')).fontSize);
    element.elderly = true;
    await settle(element);
    expect(element.hasAttribute('elderly')).to.equal(true);
    for (const control of [...parts(element, 'control'), ...parts(element, 'marker'), part(element, 'seek')]) {
      expect(control.getBoundingClientRect().height, textOf(control)).to.be.at.least(60);
    }
    for (const control of parts(element, 'control')) {
      expect(control.getBoundingClientRect().width, textOf(control)).to.be.at.least(60);
    }
    expect(parseFloat(getComputedStyle(button(element, 'play-pause')).fontSize)).to.be.greaterThan(normalSize);
    await expectAccessible(element, 'elderly');
  });

  it('hands everything back to the source when removed or switched to another session', async () => {
    const inner = createAuditorSource({ baseUrl: BASE_URL, token: setup.token, signingKeys: pinnedKeys });
    const calls = { released: [] as string[], urls: [] as string[], freed: [] as string[] };
    const source: ReplaySource = {
      ...bound(inner),
      mediaUrl: async (id, name) => {
        const url = await inner.mediaUrl(id, name);
        calls.urls.push(url);
        return url;
      },
      releaseMediaUrl: (url) => {
        calls.freed.push(url);
        inner.releaseMediaUrl(url);
      },
      release: (id) => {
        calls.released.push(id);
        inner.release(id);
      },
    };
    const { element } = await replay(setup.sessions.good, source);
    expect(calls.urls).to.have.length(5);

    const loaded = collect(element, 'air-replay-loaded');
    element.sessionId = setup.sessions.untimed;
    await until(() => loaded.length === 1, 'the other session loaded', 15_000);
    expect(calls.released).to.deep.equal([setup.sessions.good]);
    expect(calls.freed).to.have.members(calls.urls.slice(0, 5));
    // A revoked blob: URL no longer plays anything.
    const revoked = await fetch(calls.urls[0] ?? '').then(
      () => 'readable',
      () => 'revoked',
    );
    expect(revoked).to.equal('revoked');

    element.play();
    await until(() => media(element).some((item) => !item.paused), 'playing');
    const playing = media(element);
    element.remove();
    expect(playing.every((item) => item.paused)).to.equal(true);
    expect(calls.released).to.deep.equal([setup.sessions.good, setup.sessions.untimed]);
    expect(calls.freed).to.have.members(calls.urls);
  });

  it('loads when it is put in the page, also after being moved', async () => {
    const element = document.createElement('air-session-replay');
    element.source = createAuditorSource({ baseUrl: BASE_URL, token: setup.token, signingKeys: pinnedKeys });
    element.sessionId = setup.sessions.untimed;
    const loaded = collect(element, 'air-replay-loaded');
    const host = await fixture<HTMLDivElement>(html`<div></div>`);
    host.append(element);
    await until(() => loaded.length === 1, 'loaded once connected', 15_000);
    const other = await fixture<HTMLDivElement>(html`<div></div>`);
    other.append(element);
    await until(() => loaded.length === 2, 'loaded again after the move', 15_000);
    expect(element.loadState).to.equal('ready');
    expect(media(element).every((item) => item.src.startsWith('blob:'))).to.equal(true);
  });
});

describe('<air-session-replay> in its container', () => {
  for (const width of [360, 1280]) {
    for (const elderly of [false, true]) {
      it(`fills ${width} px${elderly ? ' in elderly mode' : ''} with a loaded package, nothing sticks out`, async () => {
        const loaded = collect(document, 'air-replay-loaded');
        const container = await fixture<HTMLDivElement>(
          html`<div style="width:${width}px;overflow:auto">
            <air-session-replay
              .source=${createAuditorSource({ baseUrl: BASE_URL, token: setup.token, signingKeys: pinnedKeys })}
              session-id=${setup.sessions.good}
              ?elderly=${elderly}
            ></air-session-replay>
          </div>`,
        );
        const element = container.firstElementChild as AirSessionReplay;
        await until(() => loaded.length === 1, 'air-replay-loaded', 15_000);
        await settle(element);
        expect(Math.round(element.getBoundingClientRect().width)).to.equal(width);
        expect(overflowRight(container, element), 'px past the right edge').to.be.at.most(0.5);
        expect(container.scrollWidth, 'the container scrolls sideways').to.be.at.most(container.clientWidth);
      });
    }
  }
});

describe('<air-session-replay> journey chapters', () => {
  it('shows each attempt at a step as a chapter, marks the interrupted one, jumps and shows the step’s text', async () => {
    const { element } = await replay(setup.sessions.journey);
    const chapters = parts(element, 'chapter');
    expect(chapters.map((chapter) => [chapter.dataset['stepId'], chapter.dataset['status']])).to.deep.equal([
      ['consent', 'completed'],
      ['disclose', 'interrupted'],
      ['disclose', 'completed'],
      ['ask', 'started'],
    ]);
    expect(textOf(chapters[1] ?? element)).to.equal('0:01 Step 2: Risk disclosure interrupted');
    expect(textOf(chapters[3] ?? element)).to.equal('0:05 Step 3: Did you understand the risks? not completed');
    expect(textOf(part(element, 'journey-summary'))).to.equal('Journey incomplete: 1 missing, 0 interrupted');

    const selected = collect(element, 'air-replay-marker-selected');
    (chapters[2] as HTMLButtonElement).click();
    await settle(element);
    expect(element.positionMs).to.equal(4000);
    expect(selected.map((event) => event.detail)).to.deep.equal([
      {
        sessionId: setup.sessions.journey,
        seq: selected[0]?.detail.seq,
        type: 'journey.step.started',
        mediaTimeMs: 4000,
        positionMs: 4000,
      },
    ]);
    expect(parts(element, 'chapter')[2]?.getAttribute('aria-current')).to.equal('step');
    expect(textOf(part(element, 'chapter-text'))).to.equal(
      'Text of step 2 This product is not a deposit. Its value can fall.',
    );
    expectInPlace(element, 4000);
    await until(() => element.integrity === 'verified', 'the package verified', 15_000);
    await expectAccessible(element, 'journey chapters');

    document.documentElement.lang = 'zh-Hans';
    await until(
      () => textOf(part(element, 'chapter-text')) === '第 2 步的文本 本产品不是存款，其价值可能下跌。',
      'the step text in zh-Hans',
    );
    expect(part(element, 'chapter-text').querySelector('p')?.getAttribute('lang')).to.equal('zh-Hans');
    expect(textOf(part(element, 'journey-summary'))).to.equal('流程不完整：缺少 1 步，中断 0 步');
  });

  it('captions the videos with the step texts the customer saw, while each step was open', async () => {
    const { element } = await replay(setup.sessions.journey);
    const videos = media(element).filter((item): item is HTMLVideoElement => item instanceof HTMLVideoElement);
    expect(videos.length).to.be.greaterThan(0);
    for (const video of videos) {
      const track = video.querySelector('track');
      expect(track?.kind).to.equal('captions');
      expect(track?.srclang).to.equal('en');
      expect(track?.label).to.equal('Step texts');
      expect(track?.src.startsWith('blob:')).to.equal(true);
      const vtt = await (await fetch(track?.src ?? '')).text();
      expect(vtt.startsWith('WEBVTT\n')).to.equal(true);
      expect(vtt).to.contain('Risk disclosure\nThis product is not a deposit. Its value can fall.');
      expect(vtt).to.contain('Did you understand the risks?');
      await until(() => video.textTracks[0]?.mode === 'showing', 'captions shown by default');
    }
    element.noCaptions = true;
    await settle(element);
    expect(videos.map((video) => video.textTracks[0]?.mode)).to.deep.equal(videos.map(() => 'hidden'));
  });

  it('shows no chapters for a session without a journey', async () => {
    const { element } = await replay(setup.sessions.good);
    expect(parts(element, 'chapters-panel')).to.have.length(0);
  });
});

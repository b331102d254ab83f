// The customer's page (laid out for a phone): the call, the recording notice
// and consent — or, in a session with a scripted journey (双录), the
// journey's current step in its place — the documents to read (the
// journey's product terms) or to read and sign (a loan signing, 面签), and the
// identity check (liveness + face match; its pass completes the journey's
// identity step when that is open), with live captions of the journey's
// text under the call. In the
// customer's language (zh-Hans by default), with a large-text mode, and a way
// forward from every failure: blocked camera, hang-up, lost connection.
import { createClient, type Session } from '@aircounter/client';
import '@aircounter/elements/define/air-captions.js';
import '@aircounter/elements/define/air-device-help.js';
import '@aircounter/elements/define/air-journey.js';
import '@aircounter/elements/define/air-liveness-check.js';
import '@aircounter/elements/define/air-recording-consent.js';
import '@aircounter/elements/define/air-recording-status.js';
import '@aircounter/elements/define/air-video-session.js';
import { LiveCaptions } from '@aircounter/evidence/replay';
import { html, nothing } from 'lit';
import { CONSENT_TEXT } from '../shared/consent-text.ts';
import { CUSTOMER_TEXT } from '../shared/customer-text.ts';
import { preferencesWithElementText } from '../shared/element-text.ts';
import { fetchJoinToken, readJoinLink } from '../shared/join-link.ts';
import { JourneyBinding } from '../shared/journey-binding.ts';
import { SigningBinding } from '../shared/signing-binding.ts';
import { customerSigningView } from '../shared/signing-views.ts';

const app = document.getElementById('app') as HTMLElement;
const link = readJoinLink(location, history);
/** The elements' texts of the current language (a refused journey action in plain words). */
const { preferences, elementText } = preferencesWithElementText(draw);
const { errorText } = elementText;
let session: Session | undefined;
/** The session's scripted journey, once joined. */
let journey: JourneyBinding | undefined;
/** The live captions of this session's journey (kept by the page, so a redraw loses none). */
let captions = new LiveCaptions();
/** The session's documents to sign, once joined. */
let signing: SigningBinding | undefined;
let joining = false;
let joinError: unknown;
/** The `callback` state of <air-device-help>. */
let callback: 'idle' | 'requested' | 'failed' = 'idle';

const client = link ? createClient({ serverUrl: location.origin, getToken: () => fetchJoinToken(link) }) : undefined;

function isDeviceProblem(error: unknown): boolean {
  return typeof error === 'object' && error !== null && 'code' in error && error.code === 'DEVICE_UNAVAILABLE';
}

async function join(): Promise<void> {
  if (!link || !client || joining) return;
  joining = true;
  joinError = undefined;
  draw();
  try {
    session = await client.join({ sessionId: link.sessionId, displayName: link.displayName });
    journey?.dispose();
    captions = new LiveCaptions();
    journey = new JourneyBinding(session, draw);
    void journey.load();
    signing?.dispose();
    signing = new SigningBinding(session, {
      onChange: draw,
      // "Follow me": the agent turned the page; the customer may still turn it back.
      onPageLed: (documentId, page) => {
        const viewer = document.querySelector<HTMLElement & { page: number }>(
          `air-document-viewer[data-document="${CSS.escape(documentId)}"]`,
        );
        if (viewer) viewer.page = page;
      },
      onRedoRequested: (documentId) =>
        document
          .querySelector<HTMLElement & { clear(): void }>(
            `air-signature-pad[data-document="${CSS.escape(documentId)}"]`,
          )
          ?.clear(),
    });
    void signing.load();
    // In a session with a journey, the consent controls appear once the customer agreed (see consentOrJourney).
    session.on('recording', () => draw());
  } catch (error) {
    joinError = error;
  } finally {
    joining = false;
    draw();
  }
  if (joinError && isDeviceProblem(joinError)) {
    await Promise.resolve();
    document.querySelector('air-device-help')?.focus();
  }
}

/** "Call me back": the bank's back end records the request for its advisors. */
async function requestCallback(event: GlobalEventHandlersEventMap['air-request-callback']): Promise<void> {
  if (!link) return;
  try {
    const response = await fetch(`/bank/api/sessions/${encodeURIComponent(link.sessionId)}/callback`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ problem: event.detail.problem, locale: event.detail.locale }),
    });
    callback = response.ok ? 'requested' : 'failed';
  } catch {
    callback = 'failed';
  }
  draw();
}

/** The call's own camera, reused by the identity check (phones often cannot open a camera twice). */
let sharedCamera: MediaStream | undefined;
function cameraStream(joined: Session): MediaStream | undefined {
  const track = joined.localTracks.camera;
  if (!track) return undefined;
  if (sharedCamera?.getVideoTracks()[0] !== track) sharedCamera = new MediaStream([track]);
  return sharedCamera;
}

function joinView() {
  const text = CUSTOMER_TEXT[preferences.language];
  if (joining) return html`<p class="card" role="status">${text.connecting}</p>`;
  if (joinError !== undefined && isDeviceProblem(joinError)) {
    return html`<air-device-help
      class="card"
      .error=${joinError}
      callback=${callback}
      ?elderly=${preferences.elderly}
      @air-request-retry=${() => void join()}
      @air-request-callback=${(event: GlobalEventHandlersEventMap['air-request-callback']) =>
        void requestCallback(event)}
    ></air-device-help>`;
  }
  if (joinError !== undefined) {
    return html`<section class="card">
      <p role="alert">${text.joinFailed}</p>
      <button type="button" @click=${() => void join()}>${text.tryAgain}</button>
    </section>`;
  }
  return nothing;
}

/**
 * Where the customer consents: the journey's steps (its first step is the
 * consent) in a session that runs one, else the recording consent. Nothing
 * until the page knows which, so the wrong one is never pressed. Once the
 * customer agreed on the journey's step, the recording consent follows it,
 * with its way to withdraw.
 */
function consentOrJourney(joined: Session) {
  if (journey?.hasJourney === false) {
    return html`<air-recording-consent
      .session=${joined}
      consent-text-version=${CONSENT_TEXT.version}
      ?elderly=${preferences.elderly}
    >
      <p lang=${preferences.language}>${CONSENT_TEXT[preferences.language]}</p>
    </air-recording-consent>`;
  }
  const binding = journey;
  if (binding?.hasJourney === undefined && binding?.errorCode !== undefined) {
    // The page could not learn whether the session runs a script: say why, and ask again.
    return html`<p role="alert" data-code=${binding.errorCode}>${errorText(binding.errorCode)}</p>
      <button type="button" @click=${() => void binding.load()}>
        ${CUSTOMER_TEXT[preferences.language].tryAgain}
      </button>`;
  }
  const view = binding?.customerView(preferences.language);
  if (!binding || !view) return nothing;
  // The consent step gave the recording consent: as in every session, the customer may withdraw it at any time.
  const consent = joined.recording.status.consent ?? (joined.recording.status.consentGiven ? 'given' : 'pending');
  const consentStep = binding.snapshot?.definition.steps.find((step) => step.kind === 'consent');
  const withdrawable = consent === 'given' || consent === 'external' || consent === 'withdrawn';
  return html`<air-journey
      .view=${view}
      ?elderly=${preferences.elderly}
      models-base-url="/assets/vision/models/"
      wasm-base-url="/assets/vision/wasm/"
      @air-journey-action=${(event: GlobalEventHandlersEventMap['air-journey-action']) => void binding.act(event.detail)}
    ></air-journey>
    ${
      binding.errorCode
        ? html`<p role="alert" data-code=${binding.errorCode}>${errorText(binding.errorCode)}</p>`
        : nothing
    }
    ${
      withdrawable && consentStep?.kind === 'consent'
        ? html`<air-recording-consent
            .session=${joined}
            consent-text-version=${consentStep.textVersion}
            ?elderly=${preferences.elderly}
          ></air-recording-consent>`
        : nothing
    }`;
}

function callView(joined: Session) {
  const text = CUSTOMER_TEXT[preferences.language];
  const live = joined.state === 'connected' || joined.state === 'reconnecting';
  return html`
    <section class="card">
      <air-recording-status .session=${joined} ?elderly=${preferences.elderly}></air-recording-status>
      ${consentOrJourney(joined)}
    </section>
    <air-video-session
      .session=${joined}
      ?elderly=${preferences.elderly}
      @air-request-rejoin=${(event: Event) => {
        // The page handed the session in, so the page joins again.
        event.preventDefault();
        void join();
      }}
      @air-session-ended=${() => draw()}
    ></air-video-session>
    ${
      journey?.hasJourney === true
        ? html`<air-captions .captions=${captions} ?elderly=${preferences.elderly}></air-captions>`
        : nothing
    }
    ${customerSigningView(signing, { language: preferences.language, elderly: preferences.elderly, errorText })}
    ${
      live
        ? html`<section class="card" aria-labelledby="identity-title">
            <h2 id="identity-title">${text.identityCheck}</h2>
            <p>${text.identityIntro}</p>
            <air-liveness-check
              .session=${joined}
              .stream=${cameraStream(joined)}
              ?elderly=${preferences.elderly}
              models-base-url="/assets/vision/models/"
              wasm-base-url="/assets/vision/wasm/"
              @air-liveness-completed=${(event: GlobalEventHandlersEventMap['air-liveness-completed']) => {
                // In a journey whose identity step is open, the server's pass completes that step.
                if (event.detail.passed) void journey?.identityPassed();
              }}
            ></air-liveness-check>
          </section>`
        : nothing
    }
  `;
}

// <air-journey> and <air-liveness-check> report each text they show; the captions under the call show it.
app.addEventListener('air-caption', (event) => {
  app.querySelector('air-captions')?.add(event.detail);
});

function draw(): void {
  const text = CUSTOMER_TEXT[preferences.language];
  if (!link || !client) {
    preferences.render(text, html`<section class="card"><p>${text.needsLink}</p></section>`, app);
    return;
  }
  preferences.render(text, session && !joining ? callView(session) : joinView(), app);
}

draw();
void elementText.load(preferences.language).then(draw);
void join();

// The agent console: the call, the script prompter in a session with a
// scripted journey (双录), recording control (after the customer's consent)
// with the live truth about who is being recorded, and the server-verified
// identity results, remote authorization (远程授权) of a large cash
// withdrawal by a supervisor, and in a loan signing (面签) the contract,
// leading the customer page by page, with the signature as it is drawn. In the agent's language (zh-Hans by
// default, following the browser), with a large-text mode; typed errors are
// shown in plain words, and controls follow the session's state.
import { createClient, type LivenessDecidedNotice, type Session } from '@aircounter/client';
import '@aircounter/elements/define/air-authorization-request.js';
import '@aircounter/elements/define/air-recording-status.js';
import '@aircounter/elements/define/air-script-prompter.js';
import '@aircounter/elements/define/air-signature-witness.js';
import '@aircounter/elements/define/air-video-session.js';
import { html, nothing } from 'lit';
import { AGENT_TEXT } from '../shared/agent-text.ts';
import { preferencesWithElementText } from '../shared/element-text.ts';
import { codeOf } from '../shared/error-code.ts';
import { fill } from '../shared/fill-text.ts';
import { fetchJoinToken, readJoinLink } from '../shared/join-link.ts';
import { JourneyBinding } from '../shared/journey-binding.ts';
import { JOURNEY_TEXT } from '../shared/journey-text.ts';
import { SigningBinding, type SigningDocument } from '../shared/signing-binding.ts';
import { agentSigningView } from '../shared/signing-views.ts';
import { feedWitness, type WitnessTarget } from '../shared/witness-feed.ts';

/** What went wrong ending the session, kept as data so a language switch re-words it. */
type EndProblem =
  { readonly kind: 'login' } | { readonly kind: 'status'; readonly status: number } | { readonly kind: 'unreachable' };

const app = document.getElementById('app') as HTMLElement;
const link = readJoinLink(location, history);
/** The elements' texts of the current language (typed errors in plain words). */
const { preferences, elementText } = preferencesWithElementText(draw);
const { errorText } = elementText;
let session: Session | undefined;
/** The session's scripted journey, once joined. */
let journey: JourneyBinding | undefined;
/** The session's documents to sign, once joined. */
let signing: SigningBinding | undefined;
let joining = false;
/** The typed error code of a failed join. */
let joinErrorCode: string | undefined;
let endProblem: EndProblem | undefined;
const decisions: LivenessDecidedNotice[] = [];

const client = link ? createClient({ serverUrl: location.origin, getToken: () => fetchJoinToken(link) }) : undefined;

async function endSession(): Promise<void> {
  if (!link) return;
  try {
    const response = await fetch(`/bank/api/sessions/${encodeURIComponent(link.sessionId)}/end`, { method: 'POST' });
    endProblem = response.ok
      ? undefined
      : response.status === 401
        ? { kind: 'login' }
        : { kind: 'status', status: response.status };
  } catch {
    endProblem = { kind: 'unreachable' };
  }
  draw();
}

function endProblemText(problem: EndProblem): string {
  const text = AGENT_TEXT[preferences.language];
  if (problem.kind === 'login') return text.endNeedsLogin;
  if (problem.kind === 'unreachable') return text.endUnreachable;
  return fill(text.endFailed, { status: problem.status });
}

function follow(joined: Session): void {
  session = joined;
  journey?.dispose();
  journey = new JourneyBinding(joined, draw);
  void journey.load();
  signing?.dispose();
  signing = new SigningBinding(joined, { onChange: draw });
  void signing.load();
  session.on('state', () => draw());
  // The recorded size of each camera comes with the recording status.
  session.on('recording', () => draw());
  session.on('livenessDecided', (notice) => {
    decisions.unshift(notice);
    draw();
  });
  draw();
}

function decisionView(notice: LivenessDecidedNotice) {
  const text = AGENT_TEXT[preferences.language];
  const { decision } = notice;
  const faceMatch = decision.faceMatch;
  return html`<dl>
    <dt>${text.result}</dt>
    <dd><strong>${decision.passed ? text.passed : text.failed}</strong></dd>
    <dt>${text.liveness}</dt>
    <dd>
      ${
        decision.liveness.passed
          ? text.livenessPassed
          : fill(text.livenessFailed, { reasons: decision.liveness.reasons.join(', ') })
      }
    </dd>
    <dt>${text.faceMatch}</dt>
    <dd>
      ${
        faceMatch
          ? fill(faceMatch.passed ? text.faceMatched : text.faceNotMatched, {
              distance: faceMatch.distance.toFixed(3),
              threshold: faceMatch.threshold,
            })
          : text.noIdPhoto
      }
    </dd>
    <dt>${text.signedBy}</dt>
    <dd><code>${decision.keyId}</code></dd>
  </dl>`;
}

/** The script of a session with a journey: the prompter, what holds it up, and a refused action in words. */
function scriptView() {
  const binding = journey;
  if (!binding?.hasJourney || !binding.snapshot) return nothing;
  const text = JOURNEY_TEXT[preferences.language];
  const view = binding.prompterView(preferences.language, text);
  const notice = binding.notice();
  return html`<section class="card" aria-labelledby="script-title">
    <h2 id="script-title">${text.scriptTitle}</h2>
    ${notice ? html`<p role="status" data-notice=${notice}>${text[notice]}</p>` : nothing}
    ${
      view
        ? html`<air-script-prompter
            .view=${view}
            ?elderly=${preferences.elderly}
            @air-journey-action=${(event: GlobalEventHandlersEventMap['air-journey-action']) =>
              void binding.act(event.detail)}
          ></air-script-prompter>`
        : nothing
    }
    ${
      binding.errorCode
        ? html`<p role="alert" data-code=${binding.errorCode}>
            ${fill(text.refused, { reason: errorText(binding.errorCode) })}
          </p>`
        : nothing
    }
  </section>`;
}

/** Cameras being recorded below the bank's minimum size right now (the server judges; only live tracks). */
function belowMinimum(joined: Session | undefined) {
  const status = joined?.recording.status;
  if (status?.state !== 'active') return [];
  return (status.coverage ?? []).filter((track) => track.recorded && track.belowMinimum === true);
}

/**
 * The approval of a cash withdrawal: the element raises the request (with a
 * still of the customer) and shows its live status and any refusal in plain
 * words; the bank's rules (authorization-rules.ts) say who may approve.
 */
function authorizationView(joined: Session) {
  const text = AGENT_TEXT[preferences.language];
  return html`<section class="card" aria-labelledby="authorization-title">
    <h2 id="authorization-title">${text.authorizationTitle}</h2>
    <p>${text.authorizationHint}</p>
    <air-authorization-request
      .session=${joined}
      operation-type="cash-withdrawal"
      currency="CNY"
      ?elderly=${preferences.elderly}
    ></air-authorization-request>
  </section>`;
}

/** The customer's signature as it is drawn, with "ask to sign again" and the attestation (亲见签名). */
function witnessView(doc: SigningDocument) {
  const binding = signing;
  if (!binding) return nothing;
  const id = doc.info.documentId;
  return html`<air-signature-witness
    data-document=${id}
    document-title=${doc.info.title}
    short-code=${doc.info.shortCode}
    ?busy=${binding.busy}
    ?elderly=${preferences.elderly}
    @air-request-signature-redo=${(event: GlobalEventHandlersEventMap['air-request-signature-redo']) =>
      void binding.requestRedo(id, event.detail.reason)}
    @air-request-signature-attest=${(event: GlobalEventHandlersEventMap['air-request-signature-attest']) =>
      void binding.attest(id, event.detail.attempt)}
  ></air-signature-witness>`;
}

/** After each render: every witness gets what the binding learned since (see witness-feed.ts). */
function feedWitnesses(): void {
  for (const doc of signing?.documents ?? []) {
    const witness = document.querySelector<WitnessTarget>(
      `air-signature-witness[data-document="${CSS.escape(doc.info.documentId)}"]`,
    );
    if (witness) feedWitness(witness, doc);
  }
}

function joinView() {
  const text = AGENT_TEXT[preferences.language];
  if (joinErrorCode === undefined) return html`<p role="status">${text.connecting}</p>`;
  return html`<section class="card">
    <p role="alert" data-code=${joinErrorCode}>${fill(text.joinFailed, { reason: errorText(joinErrorCode) })}</p>
    <button type="button" ?disabled=${joining} @click=${() => void start()}>${text.tryAgain}</button>
  </section>`;
}

function draw(): void {
  const text = AGENT_TEXT[preferences.language];
  if (!link || !client) {
    preferences.render(text, html`<section class="card"><p>${text.needsLink}</p></section>`, app);
    return;
  }
  // Ending is for a session still going on: once it is over (or was never joined) the button is off.
  const live = session?.state === 'connected' || session?.state === 'reconnecting';
  preferences.render(
    text,
    html`
      <div class="grid-2">
        ${
          session
            ? html`<air-video-session
                .session=${session}
                ?elderly=${preferences.elderly}
                @air-request-rejoin=${(event: Event) => {
                  event.preventDefault();
                  void start();
                }}
              ></air-video-session>`
            : joinView()
        }
        <div>
          ${scriptView()}
          ${agentSigningView(signing, { language: preferences.language, elderly: preferences.elderly, errorText }, witnessView)}
          <section class="card" aria-labelledby="recording-title">
            <h2 id="recording-title">${text.recordingTitle}</h2>
            ${
              session
                ? html`<air-recording-status
                    .session=${session}
                    controls
                    ?elderly=${preferences.elderly}
                  ></air-recording-status>`
                : nothing
            }
            ${belowMinimum(session).map(
              (track) =>
                html`<p role="alert" data-quality="below-minimum">
                  ${fill(text.belowMinimum, { size: `${track.width ?? '?'}×${track.height ?? '?'}` })}
                </p>`,
            )}
            <button class="secondary" ?disabled=${!live} @click=${() => void endSession()}>${text.endSession}</button>
            ${endProblem ? html`<p role="alert">${endProblemText(endProblem)}</p>` : nothing}
          </section>
          ${session ? authorizationView(session) : nothing}
          <section class="card" aria-labelledby="identity-title">
            <h2 id="identity-title">${text.identityTitle}</h2>
            ${decisions.length === 0 ? html`<p>${text.noResult}</p>` : nothing} ${decisions.map(decisionView)}
          </section>
        </div>
      </div>
    `,
    app,
  );
  feedWitnesses();
}

async function start(): Promise<void> {
  if (!link || !client || joining) return;
  joining = true;
  session = undefined;
  joinErrorCode = undefined;
  draw();
  try {
    follow(await client.join({ sessionId: link.sessionId, displayName: link.displayName }));
  } catch (error) {
    joinErrorCode = codeOf(error);
  } finally {
    joining = false;
    draw();
  }
}

draw();
void elementText.load(preferences.language).then(draw);
void start();

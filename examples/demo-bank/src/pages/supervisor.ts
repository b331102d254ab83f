// The supervisor's page. After the staff login it is the authorization desk
// (远程授权): the requests offered to this supervisor, each with its details
// and the customer's still, a button to join the live call, and the vote.
// Opened with a supervisor join link (from the home page) it joins that call
// directly, as before.
import { createClient, createDeskClient, type Client, type DeskClient } from '@aircounter/client';
import '@aircounter/elements/define/air-authorization-desk.js';
import '@aircounter/elements/define/air-session.js';
import '@aircounter/elements/define/air-video-session.js';
import { html, nothing } from 'lit';
import { cachedDeskToken, DeskTokenRefused, fetchDeskToken } from '../shared/desk-token.ts';
import { fill } from '../shared/fill-text.ts';
import { fetchJoinToken, readJoinLink, type JoinLink } from '../shared/join-link.ts';
import { PagePreferences } from '../shared/page-preferences.ts';
import type { Language } from '../shared/page-settings.ts';
import { loginUrl } from '../shared/staff-login.ts';
import { SUPERVISOR_TEXT } from '../shared/supervisor-text.ts';

/** Why the desk did not open, kept as data so a language switch re-words it. */
type DeskProblem =
  | { readonly kind: 'forbidden' }
  | { readonly kind: 'status'; readonly status: number }
  | { readonly kind: 'unreachable' };

/** The live call the supervisor joined from a case (a single-use supervisor token). */
interface JoinedCall {
  readonly requestId: string;
  readonly sessionId: string;
  readonly client: Client;
}

const app = document.getElementById('app') as HTMLElement;
const link = readJoinLink(location, history);
const preferences = new PagePreferences(draw);
let desk: DeskClient | undefined;
let displayName = '';
let problem: DeskProblem | undefined;
let call: JoinedCall | undefined;

const deskToken = cachedDeskToken(async () => {
  const issued = await fetchDeskToken();
  displayName = issued.displayName;
  return issued;
});

/** Asks for the first desk token (it says whether this login may decide at all), then shows the desk. */
async function openDesk(): Promise<void> {
  problem = undefined;
  draw();
  try {
    await deskToken();
  } catch (error) {
    if (error instanceof DeskTokenRefused && error.status === 401) {
      location.assign(loginUrl());
      return;
    }
    problem =
      error instanceof DeskTokenRefused
        ? error.status === 403
          ? { kind: 'forbidden' }
          : { kind: 'status', status: error.status }
        : { kind: 'unreachable' };
    draw();
    return;
  }
  desk = createDeskClient({ serverUrl: location.origin, getToken: deskToken });
  draw();
}

function onJoin(event: GlobalEventHandlersEventMap['air-desk-join']): void {
  const { requestId, sessionId, token } = event.detail;
  // The join token opens one connection, for this call only.
  call = { requestId, sessionId, client: createClient({ serverUrl: location.origin, getToken: async () => token }) };
  draw();
}

function onDecided(event: GlobalEventHandlersEventMap['air-desk-decided']): void {
  // The vote is in: leave the call (removing <air-session> leaves it); the desk shows the outcome and the way back.
  if (call?.requestId === event.detail.requestId) call = undefined;
  draw();
}

/**
 * Back to the queue without a vote: leave the call too. The desk then no
 * longer shows its `call` slot, and a call nobody sees must not go on
 * listening.
 */
function onClosed(event: GlobalEventHandlersEventMap['air-desk-closed']): void {
  if (call?.requestId !== event.detail.requestId) return;
  call = undefined;
  draw();
}

function problemText(text: (typeof SUPERVISOR_TEXT)[Language], shown: DeskProblem): string {
  if (shown.kind === 'forbidden') return text.notAuthorizer;
  if (shown.kind === 'unreachable') return text.deskUnreachable;
  return fill(text.deskFailed, { status: shown.status });
}

function deskView() {
  const text = SUPERVISOR_TEXT[preferences.language];
  if (problem) {
    return html`<section class="card">
      <p role="alert">${problemText(text, problem)}</p>
      <button type="button" @click=${() => void openDesk()}>${text.tryAgain}</button>
    </section>`;
  }
  if (!desk) return html`<p role="status">${text.opening}</p>`;
  return html`<air-authorization-desk
    .desk=${desk}
    poll-interval="3000"
    ?elderly=${preferences.elderly}
    @air-desk-join=${onJoin}
    @air-desk-decided=${onDecided}
    @air-desk-closed=${onClosed}
  >
    ${
      call
        ? html`<air-session slot="call" .client=${call.client} session-id=${call.sessionId} display-name=${displayName}>
            <air-video-session ?elderly=${preferences.elderly}></air-video-session>
          </air-session>`
        : nothing
    }
  </air-authorization-desk>`;
}

/** The call of a supervisor join link (the home page hands them out with each session). */
function linkCallView(joinLink: JoinLink, client: Client) {
  return html`<section class="card" aria-label=${SUPERVISOR_TEXT[preferences.language].callTitle}>
    <air-session .client=${client} session-id=${joinLink.sessionId} display-name=${joinLink.displayName}>
      <air-video-session ?elderly=${preferences.elderly}></air-video-session>
    </air-session>
  </section>`;
}

const linkClient = link
  ? createClient({ serverUrl: location.origin, getToken: () => fetchJoinToken(link) })
  : undefined;

function draw(): void {
  preferences.render(
    SUPERVISOR_TEXT[preferences.language],
    link && linkClient ? linkCallView(link, linkClient) : deskView(),
    app,
  );
}

draw();
if (!link) void openDesk();

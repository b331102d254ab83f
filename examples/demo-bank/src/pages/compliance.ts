// The compliance portal: lists recorded sessions and replays one with
// <air-session-replay>, whose integrity badge is computed in this page.
//
// The page gets a short-lived auditor token from the bank's back end (which
// authenticates its compliance staff first; the demo has one officer) and
// reads the evidence through AirCounter's auditor API on this origin. The
// element itself has no network code: it is handed the source.
import '@aircounter/elements/define/air-session-replay.js';
import type { Ed25519PublicJwk, PackageStatus, SessionSummary } from '@aircounter/evidence';
import { createAuditorSource } from '@aircounter/evidence/replay';
import { html, nothing, render } from 'lit';
import { redirectIfLoggedOut } from '../shared/staff-login.ts';

interface IssuedToken {
  readonly token: string;
  /** Wall-clock ms. */
  readonly expiresAt: number;
  /** The evidence signing keys the bank pins: the only keys the integrity check trusts. */
  readonly pinnedKeys: readonly Ed25519PublicJwk[];
}

type Language = 'en' | 'zh-Hans' | 'zh-Hant';
type StatusFilter = '' | PackageStatus;

const app = document.getElementById('app');
if (!app) throw new Error('no #app');

/** Renew the token this long before it expires (downloads of large recordings take a while). */
const TOKEN_MARGIN_MS = 60_000;
let current: IssuedToken | undefined;
let pending: Promise<IssuedToken> | undefined;

async function fetchToken(): Promise<IssuedToken> {
  const response = await fetch('/bank/api/auditor-token', { method: 'POST', cache: 'no-store' });
  if (redirectIfLoggedOut(response)) throw new Error('log in as a compliance officer first');
  if (!response.ok) throw new Error(`the bank refused an auditor token (HTTP ${response.status})`);
  const body = (await response.json()) as Partial<IssuedToken>;
  if (typeof body.token !== 'string') throw new Error('the bank answered without a token');
  return {
    token: body.token,
    expiresAt: typeof body.expiresAt === 'number' ? body.expiresAt : Date.now() + 300_000,
    pinnedKeys: Array.isArray(body.pinnedKeys) ? body.pinnedKeys : [],
  };
}

/** The current auditor token, renewed shortly before it expires. Kept in memory only. */
async function auditorToken(): Promise<string> {
  if (current && current.expiresAt - Date.now() > TOKEN_MARGIN_MS) return current.token;
  // One request for all callers; a failure reaches each of them and the next call asks again.
  pending ??= fetchToken().finally(() => {
    pending = undefined;
  });
  current = await pending;
  return current.token;
}

/** The keys the bank pins, handed over with the auditor token (never the evidence server's own list). */
async function pinnedKeys(): Promise<readonly Ed25519PublicJwk[]> {
  await auditorToken();
  return current?.pinnedKeys ?? [];
}

const source = createAuditorSource({ baseUrl: location.origin, token: auditorToken, signingKeys: pinnedKeys });

let sessions: SessionSummary[] = [];
let nextCursor: string | null = null;
let statusFilter: StatusFilter = '';
let selected: string | undefined = new URLSearchParams(location.hash.slice(1)).get('session') ?? undefined;
let language: Language = 'en';
let largeText = false;
let message = '';
let verdict = '';

async function loadSessions(more = false): Promise<void> {
  try {
    const page = await source.listSessions({
      limit: 20,
      ...(statusFilter ? { status: statusFilter } : {}),
      ...(more && nextCursor ? { cursor: nextCursor } : {}),
    });
    sessions = more ? [...sessions, ...page.sessions] : [...page.sessions];
    nextCursor = page.nextCursor;
    message = sessions.length === 0 ? 'No recorded session yet. Hold a call from the home page first.' : '';
  } catch (error) {
    message = `Could not list the sessions: ${error instanceof Error ? error.message : String(error)}`;
  }
  draw();
}

function select(sessionId: string): void {
  selected = sessionId;
  verdict = '';
  history.replaceState(null, '', `#${new URLSearchParams({ session: sessionId }).toString()}`);
  draw();
  document.querySelector<HTMLElement>('air-session-replay')?.focus();
}

function onVerified(event: GlobalEventHandlersEventMap['air-replay-verified']): void {
  const { ok, problems, sessionId } = event.detail;
  verdict = ok
    ? `Session ${sessionId}: the package verified in this browser.`
    : `Session ${sessionId}: NOT verified — ${problems.map((p) => p.code).join(', ')}.`;
  draw();
}

function onError(event: GlobalEventHandlersEventMap['air-error']): void {
  verdict = `Error ${event.detail.code}: ${event.detail.message}`;
  draw();
}

const dateTime = (iso: string | null): string => (iso === null ? '—' : new Date(iso).toLocaleString(language));

/** The status column, from the package's signed manifest (as the auditor API reports it). */
const STATUS_TEXT: Readonly<Record<SessionSummary['status'], string>> = {
  complete: 'Complete',
  incomplete: 'Incomplete',
  'not-recorded': 'Not recorded',
  open: 'Open (not sealed yet)',
};

function statusCell(session: SessionSummary) {
  const text = STATUS_TEXT[session.status];
  return html`<td data-status=${session.status}>
    <strong>${text}</strong>${session.incompleteReason ? html`: ${session.incompleteReason}` : nothing}
  </td>`;
}

function sessionRow(session: SessionSummary) {
  return html`<tr aria-current=${session.sessionId === selected ? 'true' : nothing}>
    <td><code>${session.sessionId}</code></td>
    <td>${session.reference ?? '—'}</td>
    <td>${session.agentId ?? '—'}</td>
    <td>${dateTime(session.createdAt)}</td>
    ${statusCell(session)}
    <td>
      <button
        type="button"
        class="secondary"
        aria-label=${`Replay session ${session.reference ?? session.sessionId}`}
        @click=${() => select(session.sessionId)}
      >
        Replay
      </button>
    </td>
  </tr>`;
}

function draw(): void {
  render(
    html`
      <section class="card" aria-labelledby="sessions-title">
        <h2 id="sessions-title">Recorded sessions</h2>
        <p>
          Choose a session to replay. Every file is downloaded with your auditor token and checked in this browser
          against the server's signature before you rely on it; each access is recorded in the server's access log.
        </p>
        <form class="filters" @submit=${(event: Event) => event.preventDefault()}>
          <label>
            Status
            <select
              @change=${(event: Event) => {
                statusFilter = (event.target as HTMLSelectElement).value as StatusFilter;
                void loadSessions();
              }}
            >
              <option value="" ?selected=${statusFilter === ''}>All</option>
              <option value="complete" ?selected=${statusFilter === 'complete'}>Complete</option>
              <option value="incomplete" ?selected=${statusFilter === 'incomplete'}>Incomplete</option>
              <option value="not-recorded" ?selected=${statusFilter === 'not-recorded'}>Not recorded</option>
              <option value="open" ?selected=${statusFilter === 'open'}>Open</option>
            </select>
          </label>
          <button type="button" class="secondary" @click=${() => void loadSessions()}>Refresh</button>
        </form>
        <p class="status" role="status">${message}</p>
        ${
          sessions.length > 0
            ? html`<table>
                <caption class="visually-hidden">
                  Recorded sessions, newest first
                </caption>
                <thead>
                  <tr>
                    <th scope="col">Session</th>
                    <th scope="col">Reference</th>
                    <th scope="col">Agent</th>
                    <th scope="col">Created</th>
                    <th scope="col">Status</th>
                    <th scope="col"><span class="visually-hidden">Action</span></th>
                  </tr>
                </thead>
                <tbody>
                  ${sessions.map(sessionRow)}
                </tbody>
              </table>`
            : nothing
        }
        ${
          nextCursor
            ? html`<button type="button" class="secondary" @click=${() => void loadSessions(true)}>
                More sessions
              </button>`
            : nothing
        }
      </section>
      <section class="card" aria-labelledby="replay-title">
        <h2 id="replay-title">Replay</h2>
        <div class="filters">
          <label>
            Language
            <select
              @change=${(event: Event) => {
                language = (event.target as HTMLSelectElement).value as Language;
                draw();
              }}
            >
              <option value="en" ?selected=${language === 'en'}>English</option>
              <option value="zh-Hans" lang="zh-Hans" ?selected=${language === 'zh-Hans'}>简体中文</option>
              <option value="zh-Hant" lang="zh-Hant" ?selected=${language === 'zh-Hant'}>繁體中文</option>
            </select>
          </label>
          <label>
            <input
              type="checkbox"
              .checked=${largeText}
              @change=${(event: Event) => {
                largeText = (event.target as HTMLInputElement).checked;
                draw();
              }}
            />
            Large text and buttons
          </label>
        </div>
        <p class="status" role="status">${verdict}</p>
        ${
          selected
            ? html`<air-session-replay
                lang=${language}
                .source=${source}
                session-id=${selected}
                ?elderly=${largeText}
                tabindex="-1"
                @air-replay-verified=${onVerified}
                @air-error=${onError}
              ></air-session-replay>`
            : html`<p>No session selected.</p>`
        }
      </section>
    `,
    app as HTMLElement,
  );
}

draw();
void loadSessions();

// The compliance portal: lists recorded sessions and replays one with
// <air-session-replay>, whose integrity badge is computed in this page.
//
// The page gets a short-lived auditor token from the bank's back end (which
// authenticates its compliance staff first; the demo has one officer) and
// reads the evidence through AirCounter's auditor API on this origin. The
// element itself has no network code: it is handed the source. In the
// officer's language (zh-Hans by default, following the browser), with a
// large-text mode.
import type { TermKey } from '@aircounter/elements';
import '@aircounter/elements/define/air-session-replay.js';
import type { Ed25519PublicJwk, PackageStatus, SessionSummary } from '@aircounter/evidence';
import { createAuditorSource } from '@aircounter/evidence/replay';
import { html, nothing } from 'lit';
import { COMPLIANCE_TEXT, statusKey, type ComplianceTextKey } from '../shared/compliance-text.ts';
import { preferencesWithElementText } from '../shared/element-text.ts';
import { fill } from '../shared/fill-text.ts';
import { redirectIfLoggedOut } from '../shared/staff-login.ts';

/** A failure of this page's own, named by its text so that it is worded in the page's language. */
class PortalProblem extends Error {
  readonly key: ComplianceTextKey;
  readonly values: Readonly<Record<string, string | number>>;
  constructor(key: ComplianceTextKey, values: Readonly<Record<string, string | number>> = {}) {
    super(key);
    this.key = key;
    this.values = values;
  }
}

interface IssuedToken {
  readonly token: string;
  /** Wall-clock ms. */
  readonly expiresAt: number;
  /** The evidence signing keys the bank pins: the only keys the integrity check trusts. */
  readonly pinnedKeys: readonly Ed25519PublicJwk[];
}

type StatusFilter = '' | PackageStatus;

const app = document.getElementById('app');
if (!app) throw new Error('no #app');

/** Renew the token this long before it expires (downloads of large recordings take a while). */
const TOKEN_MARGIN_MS = 60_000;
let current: IssuedToken | undefined;
let pending: Promise<IssuedToken> | undefined;

async function fetchToken(): Promise<IssuedToken> {
  const response = await fetch('/bank/api/auditor-token', { method: 'POST', cache: 'no-store' });
  if (redirectIfLoggedOut(response)) throw new PortalProblem('loginFirst');
  if (!response.ok) throw new PortalProblem('tokenRefused', { status: response.status });
  const body = (await response.json()) as Partial<IssuedToken>;
  if (typeof body.token !== 'string') throw new PortalProblem('tokenMissing');
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
/** The elements' texts of the current language (typed errors and recording reasons in plain words). */
const { preferences, elementText } = preferencesWithElementText(draw);
const { errorText } = elementText;
/** Kept as data, worded at each draw (a language switch re-words them). */
let listProblem: unknown;
let listed = false;
type Verdict =
  | { readonly kind: 'verified'; readonly sessionId: string }
  | { readonly kind: 'not-verified'; readonly sessionId: string; readonly problems: readonly string[] }
  | { readonly kind: 'error'; readonly code: string };
let verdict: Verdict | undefined;

function text(key: ComplianceTextKey, values: Readonly<Record<string, string | number>> = {}): string {
  return fill(COMPLIANCE_TEXT[preferences.language][key], values);
}

function problemText(problem: unknown): string {
  if (problem instanceof PortalProblem) return text(problem.key, problem.values);
  if (typeof problem === 'object' && problem !== null && 'code' in problem && typeof problem.code === 'string') {
    return errorText(problem.code);
  }
  return errorText('INTERNAL');
}

async function loadSessions(more = false): Promise<void> {
  try {
    const page = await source.listSessions({
      limit: 20,
      ...(statusFilter ? { status: statusFilter } : {}),
      ...(more && nextCursor ? { cursor: nextCursor } : {}),
    });
    sessions = more ? [...sessions, ...page.sessions] : [...page.sessions];
    nextCursor = page.nextCursor;
    listProblem = undefined;
  } catch (error) {
    listProblem = error;
  }
  listed = true;
  draw();
}

function select(sessionId: string): void {
  selected = sessionId;
  verdict = undefined;
  history.replaceState(null, '', `#${new URLSearchParams({ session: sessionId }).toString()}`);
  draw();
  document.querySelector<HTMLElement>('air-session-replay')?.focus();
}

function onVerified(event: GlobalEventHandlersEventMap['air-replay-verified']): void {
  const { ok, problems, sessionId } = event.detail;
  verdict = ok
    ? { kind: 'verified', sessionId }
    : { kind: 'not-verified', sessionId, problems: problems.map((problem) => problem.code) };
  draw();
}

function onError(event: GlobalEventHandlersEventMap['air-error']): void {
  verdict = { kind: 'error', code: event.detail.code };
  draw();
}

function verdictText(shown: Verdict | undefined): string {
  if (shown === undefined) return '';
  if (shown.kind === 'verified') return text('verified', { id: shown.sessionId });
  if (shown.kind === 'error') return text('replayError', { reason: errorText(shown.code) });
  return text('notVerified', { id: shown.sessionId, problems: shown.problems.join(', ') });
}

function listMessage(): string {
  if (listProblem !== undefined) return text('listFailed', { reason: problemText(listProblem) });
  return listed && sessions.length === 0 ? text('noSessions') : '';
}

/** The incomplete-reason codes, as the elements word them (`recording.incomplete.<code>`). */
const INCOMPLETE_PREFIX = 'recording.incomplete.';

/** The reasons a signed `incompleteReason` names, in plain words (the signed text itself stays beside them). */
function reasonWords(reason: string): string {
  const terms = elementText.terms;
  if (terms === undefined) return '';
  const words: string[] = [];
  for (const [key, term] of Object.entries(terms) as [TermKey, string][]) {
    if (!key.startsWith(INCOMPLETE_PREFIX)) continue;
    // Codes are whole words of the signed text ("recording r1: gap, track-short (…)").
    if (new RegExp(`(^|[\\s:,(])${key.slice(INCOMPLETE_PREFIX.length)}([\\s,;)]|$)`).test(reason)) words.push(term);
  }
  return words.join(preferences.language === 'en' ? '; ' : '；');
}

const dateTime = (iso: string | null): string =>
  iso === null ? '—' : new Date(iso).toLocaleString(preferences.language);

/** The status column, from the package's signed manifest (as the auditor API reports it). */
function statusCell(session: SessionSummary) {
  const reason = session.incompleteReason;
  const words = reason ? reasonWords(reason) : '';
  return html`<td data-status=${session.status}>
    <strong>${text(statusKey(session.status))}</strong>${words ? html`: ${words}` : nothing}
    ${
      reason
        ? html`<details>
            <summary>${text('technicalDetail')}</summary>
            <code lang="en">${reason}</code>
          </details>`
        : nothing
    }
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
        aria-label=${text('replaySession', { name: session.reference ?? session.sessionId })}
        @click=${() => select(session.sessionId)}
      >
        ${text('replay')}
      </button>
    </td>
  </tr>`;
}

const FILTERS: readonly { readonly value: StatusFilter; readonly key: ComplianceTextKey }[] = [
  { value: '', key: 'all' },
  { value: 'complete', key: 'status.complete' },
  { value: 'incomplete', key: 'status.incomplete' },
  { value: 'not-recorded', key: 'status.not-recorded' },
  { value: 'open', key: 'filter.open' },
];

function draw(): void {
  preferences.render(
    COMPLIANCE_TEXT[preferences.language],
    html`
      <section class="card" aria-labelledby="sessions-title">
        <h2 id="sessions-title">${text('sessionsTitle')}</h2>
        <p>${text('intro')}</p>
        <form class="filters" @submit=${(event: Event) => event.preventDefault()}>
          <label>
            ${text('statusFilter')}
            <select
              @change=${(event: Event) => {
                const value = (event.target as HTMLSelectElement).value;
                statusFilter = FILTERS.find((filter) => filter.value === value)?.value ?? '';
                void loadSessions();
              }}
            >
              ${FILTERS.map(
                (filter) =>
                  html`<option value=${filter.value} ?selected=${statusFilter === filter.value}>
                    ${text(filter.key)}
                  </option>`,
              )}
            </select>
          </label>
          <button type="button" class="secondary" @click=${() => void loadSessions()}>${text('refresh')}</button>
        </form>
        <p class="status" role="status">${listMessage()}</p>
        ${
          sessions.length > 0
            ? html`<table>
                <caption class="visually-hidden">
                  ${text('caption')}
                </caption>
                <thead>
                  <tr>
                    <th scope="col">${text('session')}</th>
                    <th scope="col">${text('reference')}</th>
                    <th scope="col">${text('agent')}</th>
                    <th scope="col">${text('created')}</th>
                    <th scope="col">${text('status')}</th>
                    <th scope="col"><span class="visually-hidden">${text('action')}</span></th>
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
                ${text('more')}
              </button>`
            : nothing
        }
      </section>
      <section class="card" aria-labelledby="replay-title">
        <h2 id="replay-title">${text('replayTitle')}</h2>
        <p class="status" role="status">${verdictText(verdict)}</p>
        ${
          selected
            ? html`<air-session-replay
                .source=${source}
                session-id=${selected}
                ?elderly=${preferences.elderly}
                tabindex="-1"
                @air-replay-verified=${onVerified}
                @air-error=${onError}
              ></air-session-replay>`
            : html`<p>${text('noSelection')}</p>`
        }
      </section>
    `,
    app as HTMLElement,
  );
}

draw();
void elementText.load(preferences.language).then(draw);
void loadSessions();

// The agent console: the call, recording control (after the customer's
// consent) with the live truth about who is being recorded, and the
// server-verified identity results.
import { createClient, type LivenessDecidedNotice, type Session } from '@aircounter/client';
import '@aircounter/elements/define/air-recording-status.js';
import '@aircounter/elements/define/air-video-session.js';
import { html, render } from 'lit';
import { fetchJoinToken, readJoinLink } from '../shared/join-link.ts';
import { joinSession } from '../shared/join-session.ts';

const app = document.getElementById('app') as HTMLElement;
const link = readJoinLink(location, history);
let session: Session | undefined;
let problem = '';
let joinProblem = '';
const decisions: LivenessDecidedNotice[] = [];

const client = link ? createClient({ serverUrl: location.origin, getToken: () => fetchJoinToken(link) }) : undefined;

async function endSession(): Promise<void> {
  if (!link) return;
  const response = await fetch(`/bank/api/sessions/${encodeURIComponent(link.sessionId)}/end`, { method: 'POST' });
  problem = response.ok
    ? ''
    : response.status === 401
      ? 'Log in as an agent (staff login) to end the session.'
      : `Could not end the session (HTTP ${response.status}).`;
  draw();
}

function follow(joined: Session): void {
  session = joined;
  session.on('state', () => draw());
  session.on('livenessDecided', (notice) => {
    decisions.unshift(notice);
    draw();
  });
  draw();
}

function draw(): void {
  if (!link || !client) {
    render(html`<section class="card"><p>This console needs an agent join link.</p></section>`, app);
    return;
  }
  const live = session?.state === 'connected' || session?.state === 'reconnecting';
  render(
    html`
      <div class="grid-2">
        ${
          session
            ? html`<air-video-session
                .session=${session}
                @air-request-rejoin=${(event: Event) => {
                  event.preventDefault();
                  void start();
                }}
              ></air-video-session>`
            : html`<p role="status">${joinProblem || 'Connecting…'}</p>`
        }
        <div>
          <section class="card" aria-label="Recording">
            <h2>Recording (双录)</h2>
            ${session ? html`<air-recording-status .session=${session} controls></air-recording-status>` : ''}
            <button class="secondary" ?disabled=${!live} @click=${() => void endSession()}>
              End session for everyone
            </button>
            ${problem ? html`<p role="alert">${problem}</p>` : ''}
          </section>
          <section class="card" aria-label="Identity check">
            <h2>Identity check (server-verified)</h2>
            ${decisions.length === 0 ? html`<p>No result yet.</p>` : ''}
            ${decisions.map(
              (d) =>
                html`<dl>
                  <dt>Result</dt>
                  <dd><strong>${d.decision.passed ? 'PASSED' : 'FAILED'}</strong></dd>
                  <dt>Liveness</dt>
                  <dd>
                    ${d.decision.liveness.passed ? 'passed' : `failed (${d.decision.liveness.reasons.join(', ')})`}
                  </dd>
                  <dt>Face match</dt>
                  <dd>
                    ${
                      d.decision.faceMatch
                        ? `${d.decision.faceMatch.passed ? 'match' : 'no match'} (distance ${d.decision.faceMatch.distance.toFixed(3)}, threshold ${d.decision.faceMatch.threshold})`
                        : 'no ID photo'
                    }
                  </dd>
                  <dt>Signed by</dt>
                  <dd><code>${d.decision.keyId}</code></dd>
                </dl>`,
            )}
          </section>
        </div>
      </div>
    `,
    app,
  );
}

async function start(): Promise<void> {
  draw();
  if (!link || !client) return;
  session = undefined;
  joinProblem = '';
  const joined = await joinSession(client, link);
  if (joined.session) follow(joined.session);
  else {
    joinProblem = joined.problem;
    draw();
  }
}

void start();

// The agent console: the call, recording control (after the customer's
// consent), and the server-verified identity results.
import { createClient, type LivenessDecidedNotice, type RecordingStatus, type Session } from '@aircounter/client';
import '@aircounter/elements/define/air-video-session.js';
import { html, render } from 'lit';
import { fetchJoinToken, readJoinLink } from '../shared/join-link.ts';
import { joinSession } from '../shared/join-session.ts';
import { recordingText } from '../shared/status-text.ts';

const app = document.getElementById('app') as HTMLElement;
const link = readJoinLink(location, history);
let session: Session | undefined;
let recording: RecordingStatus = { state: 'idle', since: 0, consentGiven: false };
let problem = '';
let joinProblem = '';
const decisions: LivenessDecidedNotice[] = [];

const client = link ? createClient({ serverUrl: location.origin, getToken: () => fetchJoinToken(link) }) : undefined;

async function toggleRecording(): Promise<void> {
  if (!session) return;
  problem = '';
  try {
    recording = recording.state === 'active' ? await session.recording.stop() : await session.recording.start();
  } catch (error) {
    problem = error instanceof Error ? error.message : String(error);
  }
  draw();
}

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
  recording = session.recording.status;
  session.on('recording', (status) => {
    recording = status;
    draw();
  });
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
  const active = recording.state === 'active';
  render(
    html`
      <div class="grid-2">
        ${
          session
            ? html`<air-video-session .session=${session}></air-video-session>`
            : html`<p role="status">${joinProblem || 'Connecting…'}</p>`
        }
        <div>
          <section class="card" aria-label="Recording">
            <h2>Recording (双录)</h2>
            <p class="status ${active ? 'recording-on' : ''}" role="status">${recordingText(recording)}</p>
            <p>Customer consent: ${recording.consentGiven ? 'given' : 'not yet'}</p>
            <button
              ?disabled=${!session || (!active && !recording.consentGiven) || recording.state === 'starting' || recording.state === 'ending'}
              @click=${() => void toggleRecording()}
            >
              ${active ? 'Stop recording' : 'Start recording'}
            </button>
            <button class="secondary" ?disabled=${!session} @click=${() => void endSession()}>
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
  const joined = await joinSession(client, link);
  if (joined.session) follow(joined.session);
  else {
    joinProblem = joined.problem;
    draw();
  }
}

void start();

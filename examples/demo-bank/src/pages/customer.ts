// The customer's page (laid out for a phone): the call, the recording notice
// and consent, and the identity check (liveness + face match).
import { createClient, type RecordingStatus, type Session } from '@aircounter/client';
import '@aircounter/elements/define/air-video-session.js';
import '@aircounter/elements/define/air-liveness-check.js';
import { html, render } from 'lit';
import { CONSENT_TEXT } from '../shared/consent-text.ts';
import { fetchJoinToken, readJoinLink } from '../shared/join-link.ts';
import { joinSession } from '../shared/join-session.ts';
import { recordingText } from '../shared/status-text.ts';

const app = document.getElementById('app') as HTMLElement;
const link = readJoinLink(location, history);
let session: Session | undefined;
let recording: RecordingStatus = { state: 'idle', since: 0, consentGiven: false };
let notice = '';
let joinProblem = '';

const client = link ? createClient({ serverUrl: location.origin, getToken: () => fetchJoinToken(link) }) : undefined;

async function consent(): Promise<void> {
  if (!session) return;
  recording = await session.recording.giveConsent({
    consentTextVersion: CONSENT_TEXT.version,
    action: 'button:accept',
    locale: document.documentElement.lang || 'en',
  });
  draw();
}

function follow(joined: Session): void {
  session = joined;
  recording = session.recording.status;
  session.on('recording', (status) => {
    recording = status;
    draw();
  });
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

function draw(): void {
  if (!link || !client) {
    render(html`<section class="card"><p>This page needs a join link from the bank.</p></section>`, app);
    return;
  }
  const recordingOn = recording.state === 'active' || recording.state === 'starting';
  render(
    html`
      <section class="card" aria-label="Recording">
        <p class="status ${recordingOn ? 'recording-on' : ''}" role="status">${recordingText(recording)}</p>
        ${
          session && !recording.consentGiven
            ? html`<p>${CONSENT_TEXT.en}</p>
                <button @click=${() => void consent()}>I agree to the recording</button>`
            : ''
        }
      </section>
      ${
        session
          ? html`<air-video-session
              .session=${session}
              @air-session-ended=${() => {
                notice = 'The appointment has ended. You can close this page.';
                draw();
              }}
            ></air-video-session>`
          : html`<p role="status">${joinProblem || 'Connecting to your appointment…'}</p>`
      }
      ${
        session
          ? html`<section class="card" aria-label="Identity check">
              <h2>Identity check</h2>
              <p>Follow the instructions on screen. The bank's server checks the result again; your agent sees it.</p>
              <air-liveness-check
                .session=${session}
                .stream=${cameraStream(session)}
                models-base-url="/assets/vision/models/"
                wasm-base-url="/assets/vision/wasm/"
              ></air-liveness-check>
            </section>`
          : ''
      }
      <p role="status">${notice}</p>
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

// Landing page of the demo bank: opens a session and hands out the join links.
import { html, render } from 'lit';
import { redirectIfLoggedOut } from '../shared/staff-login.ts';

interface DemoSession {
  sessionId: string;
  reference: string;
  createdAt: string;
  links: { customer: string; agent: string; supervisor: string };
}

const app = document.getElementById('app');
if (!app) throw new Error('no #app');
let sessions: DemoSession[] = [];
let message = '';

async function refresh(): Promise<void> {
  const response = await fetch('/bank/api/sessions');
  if (redirectIfLoggedOut(response)) return;
  sessions = ((await response.json()) as { sessions: DemoSession[] }).sessions;
  draw();
}

async function createSession(event: SubmitEvent): Promise<void> {
  event.preventDefault();
  const form = event.target as HTMLFormElement;
  const data = new FormData(form);
  const response = await fetch('/bank/api/sessions', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ customerName: data.get('customerName'), agentName: data.get('agentName') }),
  });
  if (redirectIfLoggedOut(response)) return;
  if (!response.ok) {
    message = `Could not create a session (${response.status}).`;
    draw();
    return;
  }
  const session = (await response.json()) as DemoSession;
  const chosen = data.get('idPhoto');
  const photo =
    chosen instanceof File && chosen.size > 0
      ? chosen
      : data.get('useSample')
        ? await (await fetch('/sample-id-photo.jpg')).blob()
        : undefined;
  if (photo) {
    const upload = await fetch(`/bank/api/sessions/${session.sessionId}/id-photo`, {
      method: 'PUT',
      headers: { 'content-type': 'image/jpeg' },
      body: photo,
    });
    message = upload.ok
      ? 'Session created; ID photo uploaded for the face match.'
      : `ID photo refused (${upload.status}).`;
  } else {
    message = 'Session created. Upload an ID photo to enable the face match.';
  }
  await refresh();
}

function draw(): void {
  render(
    html`
      <section class="card">
        <h2>Open a remote-counter session</h2>
        <p>
          The bank's back end creates the session and issues one join link per participant (the token never leaves the
          link's fragment).
        </p>
        <form @submit=${(e: SubmitEvent) => void createSession(e)}>
          <p>
            <label>Customer name <input name="customerName" value="Wang Fang" maxlength="80" /></label>
          </p>
          <p>
            <label>Agent name <input name="agentName" value="Agent Li" maxlength="80" /></label>
          </p>
          <p>
            <label
              >ID photo for the face match (JPEG, optional) <input name="idPhoto" type="file" accept="image/jpeg"
            /></label>
          </p>
          <button type="submit">Create session</button>
        </form>
        <p role="status">${message}</p>
      </section>
      <section class="card">
        <h2>Sessions</h2>
        ${sessions.length === 0 ? html`<p>None yet.</p>` : ''}
        ${sessions.map(
          (s) =>
            html`<article>
              <h3>${s.reference}</h3>
              <ul>
                <li><a href=${s.links.customer} target="_blank" rel="noopener">Customer (phone) link</a></li>
                <li><a href=${s.links.agent} target="_blank" rel="noopener">Agent console link</a></li>
                <li><a href=${s.links.supervisor} target="_blank" rel="noopener">Supervisor link</a></li>
              </ul>
            </article>`,
        )}
      </section>
      <section class="card">
        <h2>Compliance</h2>
        <p><a href="/compliance.html">Compliance portal</a>: verify and replay recorded sessions.</p>
      </section>
    `,
    app as HTMLElement,
  );
}

draw();
void refresh();

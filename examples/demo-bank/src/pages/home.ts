// Landing page of the demo bank: opens a session (optionally one that runs
// the bank's 双录 journey) and hands out the join links. In the staff
// member's language (zh-Hans by default), with a large-text mode.
import { html, nothing } from 'lit';
import { LANGUAGE_NAMES } from '../shared/customer-text.ts';
import { fill } from '../shared/fill-text.ts';
import { HOME_TEXT, type HomeTextKey } from '../shared/home-text.ts';
import { PagePreferences } from '../shared/page-preferences.ts';
import { isLanguage, LANGUAGES, type Language } from '../shared/page-settings.ts';
import { redirectIfLoggedOut } from '../shared/staff-login.ts';

interface DemoSession {
  sessionId: string;
  reference: string;
  createdAt: string;
  links: { customer: string; agent: string; supervisor: string };
  journey?: { id: string; version: number; locale: Language };
  signing?: { documentId: string; title: string; locale: Language };
}

/** A message kept as data, so a language switch re-words it. */
interface Message {
  readonly key: HomeTextKey;
  readonly status?: number;
}

const app = document.getElementById('app');
if (!app) throw new Error('no #app');
const preferences = new PagePreferences(draw);
let sessions: DemoSession[] = [];
let message: Message | undefined;

async function refresh(): Promise<void> {
  const response = await fetch('/bank/api/sessions');
  if (redirectIfLoggedOut(response)) return;
  if (!response.ok) {
    message = { key: 'onlyStaff', status: response.status };
    draw();
    return;
  }
  sessions = ((await response.json()) as { sessions: DemoSession[] }).sessions;
  draw();
}

async function createSession(event: SubmitEvent): Promise<void> {
  event.preventDefault();
  const form = event.target as HTMLFormElement;
  const data = new FormData(form);
  const journeyLocale = data.get('journeyLocale');
  const response = await fetch('/bank/api/sessions', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      customerName: data.get('customerName'),
      agentName: data.get('agentName'),
      ...(data.get('journey') ? { journey: { locale: isLanguage(journeyLocale) ? journeyLocale : 'zh-Hans' } } : {}),
      ...(data.get('signing') ? { signing: { locale: isLanguage(journeyLocale) ? journeyLocale : 'zh-Hans' } } : {}),
    }),
  });
  if (redirectIfLoggedOut(response)) return;
  if (!response.ok) {
    message = { key: 'createFailed', status: response.status };
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
    message = upload.ok ? { key: 'createdWithPhoto' } : { key: 'photoRefused', status: upload.status };
  } else {
    message = { key: 'createdWithoutPhoto' };
  }
  await refresh();
}

function draw(): void {
  const text = HOME_TEXT[preferences.language];
  preferences.render(
    text,
    html`
      <section class="card">
        <h2>${text.openTitle}</h2>
        <p>${text.openIntro}</p>
        <form @submit=${(e: SubmitEvent) => void createSession(e)}>
          <p>
            <label>${text.customerName} <input name="customerName" value="Wang Fang" maxlength="80" /></label>
          </p>
          <p>
            <label>${text.agentName} <input name="agentName" value="Agent Li" maxlength="80" /></label>
          </p>
          <p>
            <label>${text.idPhoto} <input name="idPhoto" type="file" accept="image/jpeg" /></label>
          </p>
          <p>
            <label><input name="journey" type="checkbox" /> ${text.journey}</label>
          </p>
          <p>
            <label><input name="signing" type="checkbox" /> ${text.signing}</label>
          </p>
          <p>
            <label
              >${text.journeyLanguage}
              <select name="journeyLocale">
                ${LANGUAGES.map(
                  (option) =>
                    html`<option value=${option} lang=${option} ?selected=${option === 'zh-Hans'}>
                      ${LANGUAGE_NAMES[option]}
                    </option>`,
                )}
              </select>
            </label>
          </p>
          <button type="submit">${text.create}</button>
        </form>
        <p role="status">${message ? fill(text[message.key], { status: message.status ?? '' }) : ''}</p>
      </section>
      <section class="card">
        <h2>${text.sessionsTitle}</h2>
        ${sessions.length === 0 ? html`<p>${text.noSessions}</p>` : ''}
        ${sessions.map(
          (s) =>
            html`<article>
              <h3>${s.reference}</h3>
              ${
                s.journey
                  ? html`<p data-journey=${s.journey.id}>
                      ${fill(text.withJourney, { language: LANGUAGE_NAMES[s.journey.locale] })}
                    </p>`
                  : nothing
              }
              ${
                s.signing
                  ? html`<p data-signing=${s.signing.documentId}>
                      ${fill(text.withSigning, { language: LANGUAGE_NAMES[s.signing.locale] })}
                    </p>`
                  : nothing
              }
              <ul>
                <li><a href=${s.links.customer} target="_blank" rel="noopener">${text.customerLink}</a></li>
                <li><a href=${s.links.agent} target="_blank" rel="noopener">${text.agentLink}</a></li>
                <li><a href=${s.links.supervisor} target="_blank" rel="noopener">${text.supervisorLink}</a></li>
              </ul>
            </article>`,
        )}
      </section>
      <section class="card">
        <h2>${text.complianceTitle}</h2>
        <p><a href="/compliance.html">${text.compliancePortal}</a>${text.complianceText}</p>
      </section>
    `,
    app as HTMLElement,
  );
}

draw();
void refresh();

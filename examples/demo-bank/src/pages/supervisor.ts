// The supervisor joins the call (e.g. to authorize a high-risk operation).
import { createClient } from '@aircounter/client';
import '@aircounter/elements/define/air-session.js';
import '@aircounter/elements/define/air-video-session.js';
import { html, render } from 'lit';
import { fetchJoinToken, readJoinLink } from '../shared/join-link.ts';

const app = document.getElementById('app') as HTMLElement;
const link = readJoinLink(location, history);
if (!link) {
  render(html`<section class="card"><p>This page needs a supervisor join link.</p></section>`, app);
} else {
  const client = createClient({ serverUrl: location.origin, getToken: () => fetchJoinToken(link) });
  render(
    html`<air-session .client=${client} session-id=${link.sessionId} display-name=${link.displayName}>
      <air-video-session></air-video-session>
    </air-session>`,
    app,
  );
}

import { expect } from 'chai';
import { html, type TemplateResult } from 'lit';
import { authorizationView } from '../../test/utils/authorization-view.ts';
import { fixture, settle } from '../../test/utils/dom.ts';
import { FakeSession, realLocalTracks } from '../../test/utils/fake-client.ts';
import '../define/air-authorization-request.ts';
import '../define/air-liveness-check.ts';
import '../define/air-recording-consent.ts';
import '../define/air-recording-status.ts';
import '../define/air-signature-pad.ts';
import '../define/air-video-session.ts';

// Embedding: each element fills the width its container gives it and never
// overflows it sideways, at a phone's width and a desktop panel's, in both
// text sizes; the video call also keeps to a fixed height (its videos shrink
// instead of pushing the page).

const SIZES = [
  { name: 'a phone (360 × 640)', width: 360, height: 640 },
  { name: 'a short desktop panel (1280 × 420)', width: 1280, height: 420 },
] as const;

async function session(): Promise<FakeSession> {
  const joined = new FakeSession('s-1', await realLocalTracks());
  joined.recording.setStatus({
    state: 'idle',
    since: 1,
    consentGiven: false,
    consent: 'pending',
    onDecline: 'continue-unrecorded',
  });
  joined.addParticipant('agent-1', 'Agent Blue', 'agent');
  return joined;
}

const ELEMENTS: readonly { tag: string; render: (joined: FakeSession, elderly: boolean) => TemplateResult }[] = [
  {
    tag: 'air-video-session',
    render: (joined, elderly) => html`<air-video-session .session=${joined} ?elderly=${elderly}></air-video-session>`,
  },
  {
    tag: 'air-recording-consent',
    render: (joined, elderly) =>
      html`<air-recording-consent .session=${joined} ?elderly=${elderly}
        ><p>This conversation will be recorded. Do you agree?</p></air-recording-consent
      >`,
  },
  {
    tag: 'air-recording-status',
    render: (joined, elderly) =>
      html`<air-recording-status .session=${joined} controls ?elderly=${elderly}></air-recording-status>`,
  },
  {
    tag: 'air-liveness-check',
    render: (joined, elderly) => html`<air-liveness-check .session=${joined} ?elderly=${elderly}></air-liveness-check>`,
  },
  {
    tag: 'air-signature-pad',
    render: (_joined, elderly) => html`<air-signature-pad ?elderly=${elderly}></air-signature-pad>`,
  },
  {
    tag: 'air-authorization-request',
    render: (_joined, elderly) =>
      html`<air-authorization-request .request=${authorizationView()} ?elderly=${elderly}></air-authorization-request>`,
  },
];

/** How far anything inside the element (its shadow tree included) reaches past the container's right edge, px. */
function overflowRight(container: HTMLElement, host: HTMLElement): number {
  const right = container.getBoundingClientRect().right;
  const boxes = [host, ...(host.shadowRoot?.querySelectorAll<HTMLElement>('*') ?? [])]
    .filter((element) => element.getClientRects().length > 0)
    .map((element) => element.getBoundingClientRect().right);
  return Math.max(0, ...boxes.map((edge) => edge - right));
}

describe('elements in their container', () => {
  for (const size of SIZES) {
    for (const elderly of [false, true]) {
      for (const { tag, render } of ELEMENTS) {
        it(`${tag} in ${size.name}${elderly ? ', elderly' : ''}: fills the width, nothing sticks out`, async () => {
          const joined = await session();
          const container = await fixture<HTMLElement>(
            html`<div style="width:${size.width}px;height:${size.height}px;overflow:auto">
              ${render(joined, elderly)}
            </div>`,
          );
          const host = container.firstElementChild as HTMLElement;
          await settle(host);
          expect(Math.round(host.getBoundingClientRect().width), 'the element takes the container’s width').to.equal(
            size.width,
          );
          expect(overflowRight(container, host), 'px past the right edge').to.be.at.most(0.5);
          expect(container.scrollWidth, 'the container scrolls sideways').to.be.at.most(container.clientWidth);
          if (tag === 'air-video-session') {
            expect(host.getBoundingClientRect().height, 'the call keeps to the height it is given').to.be.at.most(
              size.height + 0.5,
            );
          }
        });
      }
    }
  }
});

import { expect } from 'chai';
import { html, type TemplateResult } from 'lit';
import { AirError } from '@aircounter/protocol';
import { twoPagePdf } from '../../test/fixtures/two-page-pdf.ts';
import { authorizationView } from '../../test/utils/authorization-view.ts';
import { fixture, settle, until } from '../../test/utils/dom.ts';
import { overflowRight } from '../../test/utils/measure.ts';
import { FakeSession, realLocalTracks } from '../../test/utils/fake-client.ts';
import { journeyView, prompterView, questionnaireView, STEP_KINDS, stepView } from '../../test/utils/journey-views.ts';
import '../define/air-authorization-desk.ts';
import '../define/air-authorization-request.ts';
import '../define/air-device-help.ts';
import '../define/air-document-viewer.ts';
import '../define/air-journey.ts';
import '../define/air-liveness-check.ts';
import '../define/air-recording-consent.ts';
import '../define/air-recording-status.ts';
import '../define/air-risk-questionnaire.ts';
import '../define/air-script-prompter.ts';
import '../define/air-signature-pad.ts';
import '../define/air-signature-witness.ts';
import '../define/air-video-session.ts';
import type { AirDocumentViewer } from './document-viewer/document-viewer.component.ts';

/** pdf.js' worker and assets, served from node_modules by the dev server as an application would self-host them. */
const PDF_WORKER = new URL('../../node_modules/pdfjs-dist/build/pdf.worker.min.mjs', import.meta.url).href;

// Embedding: each element (and each kind of journey step) fills the width its
// container gives it and never overflows it sideways, at a phone's width and a
// desktop panel's, in both text sizes; the video call also keeps to a fixed
// height (its videos shrink instead of pushing the page).

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

const ELEMENTS: readonly {
  tag: string;
  label?: string;
  render: (joined: FakeSession, elderly: boolean) => TemplateResult;
}[] = [
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
  {
    // The supervisor's desk before its client is set (its queue is measured with cases in its own tests).
    tag: 'air-authorization-desk',
    render: (_joined, elderly) => html`<air-authorization-desk ?elderly=${elderly}></air-authorization-desk>`,
  },
  ...STEP_KINDS.map((kind) => ({
    tag: 'air-journey',
    label: `air-journey (${kind} step)`,
    render: (_joined: FakeSession, elderly: boolean) =>
      html`<air-journey .view=${journeyView(stepView(kind))} ?elderly=${elderly}></air-journey>`,
  })),
  {
    tag: 'air-risk-questionnaire',
    render: (_joined, elderly) =>
      html`<air-risk-questionnaire .view=${questionnaireView()} ?elderly=${elderly}></air-risk-questionnaire>`,
  },
  {
    tag: 'air-script-prompter',
    render: (_joined, elderly) =>
      html`<air-script-prompter .view=${prompterView()} ?elderly=${elderly}></air-script-prompter>`,
  },
  {
    tag: 'air-device-help',
    render: (_joined, elderly) =>
      html`<air-device-help
        platform="android"
        .error=${new AirError('DEVICE_UNAVAILABLE', 'cannot open camera/microphone (NotAllowedError)', {
          cause: new DOMException('Permission denied', 'NotAllowedError'),
        })}
        ?elderly=${elderly}
      ></air-device-help>`,
  },
  {
    tag: 'air-signature-witness',
    render: (_joined, elderly) =>
      html`<air-signature-witness
        document-title="Loan contract"
        short-code="3F9A-21C7"
        ?elderly=${elderly}
      ></air-signature-witness>`,
  },
  {
    tag: 'air-document-viewer',
    render: (_joined, elderly) =>
      html`<air-document-viewer
        title="Loan contract"
        short-code="3F9A-21C7"
        .workerSrc=${PDF_WORKER}
        .data=${twoPagePdf()}
        ?elderly=${elderly}
      ></air-document-viewer>`,
  },
];

describe('elements in their container', () => {
  for (const size of SIZES) {
    for (const elderly of [false, true]) {
      for (const { tag, label, render } of ELEMENTS) {
        it(`${label ?? tag} in ${size.name}${elderly ? ', elderly' : ''}: fills the width, nothing sticks out`, async () => {
          const joined = await session();
          const container = await fixture<HTMLElement>(
            html`<div style="width:${size.width}px;height:${size.height}px;overflow:auto">
              ${render(joined, elderly)}
            </div>`,
          );
          const host = container.firstElementChild as HTMLElement;
          await settle(host);
          if (tag === 'air-document-viewer') {
            // Measured with its first page drawn at the width it was given, not while the PDF still loads.
            const viewer = host as AirDocumentViewer;
            await until(() => viewer.page === 1 && viewer.seenCount >= 1, 'the first page drawn', 15_000);
            await settle(host);
          }
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

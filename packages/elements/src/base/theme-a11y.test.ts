import { emulateMedia } from '@web/test-runner-commands';
import type { LiveCaptionEvent } from '@aircounter/evidence/replay';
import { html, type TemplateResult } from 'lit';
import { twoPagePdf } from '../../test/fixtures/two-page-pdf.ts';
import { expectAccessible } from '../../test/utils/a11y.ts';
import { fixture, settle, until } from '../../test/utils/dom.ts';
import { FakeSession, realLocalTracks } from '../../test/utils/fake-client.ts';
import { journeyView, prompterView, questionnaireView, stepView } from '../../test/utils/journey-views.ts';
import '../define/air-authorization-desk.ts';
import '../define/air-authorization-request.ts';
import '../define/air-captions.ts';
import '../define/air-device-help.ts';
import '../define/air-document-viewer.ts';
import '../define/air-journey.ts';
import '../define/air-liveness-check.ts';
import '../define/air-recording-consent.ts';
import '../define/air-recording-status.ts';
import '../define/air-risk-questionnaire.ts';
import '../define/air-script-prompter.ts';
import '../define/air-session-replay.ts';
import '../define/air-session.ts';
import '../define/air-signature-pad.ts';
import '../define/air-signature-witness.ts';
import '../define/air-video-session.ts';
import { setTheme } from './theme.ts';

// Every element in the dark scheme, in a representative state, has no WCAG
// 2.2 A/AA violation that axe finds (colour contrast included), whether the
// page forces dark or the person prefers it.

const WORKER_SRC = new URL('../../node_modules/pdfjs-dist/build/pdf.worker.min.mjs', import.meta.url).href;

/** A session where the customer consented and part of the recording is missing (a warning banner). */
async function recordingSession(): Promise<FakeSession> {
  const session = new FakeSession('s-1', await realLocalTracks(), { peerId: 'agent-1', role: 'agent' });
  session.addParticipant('customer-1', 'Ada', 'customer');
  const since = Date.now() - 12_000;
  session.recording.setStatus({
    state: 'active',
    recordingId: 'rec-1',
    since: Date.now() - 60_000,
    consentGiven: true,
    consent: 'given',
    coverage: [
      {
        peerId: 'customer-1',
        role: 'customer',
        source: 'microphone',
        recorded: false,
        since,
        sinceMediaTimeMs: 0,
        cause: 'network',
      },
    ],
  });
  return session;
}

async function pendingConsent(): Promise<FakeSession> {
  const session = new FakeSession('s-2', await realLocalTracks());
  session.recording.setStatus({ state: 'idle', since: 1, consentGiven: false, consent: 'pending' });
  return session;
}

/** Each element in one state; `ready` waits for what it loads. */
const ELEMENTS: readonly {
  tag: string;
  template: () => Promise<TemplateResult>;
  ready?: (element: HTMLElement) => Promise<void>;
}[] = [
  { tag: 'air-video-session', template: async () => html`<air-video-session></air-video-session>` },
  {
    tag: 'air-session',
    template: async () => html`<air-session><air-video-session></air-video-session></air-session>`,
  },
  { tag: 'air-liveness-check', template: async () => html`<air-liveness-check></air-liveness-check>` },
  { tag: 'air-session-replay', template: async () => html`<air-session-replay></air-session-replay>` },
  {
    tag: 'air-device-help',
    template: async () => html`<air-device-help platform="desktop"></air-device-help>`,
  },
  {
    tag: 'air-journey',
    template: async () => html`<air-journey .view=${journeyView(stepView('consent'))}></air-journey>`,
  },
  {
    tag: 'air-script-prompter',
    template: async () =>
      html`<air-script-prompter
        .view=${prompterView({ allowed: ['done', 'back', 'next', 'attest'] })}
      ></air-script-prompter>`,
  },
  {
    tag: 'air-risk-questionnaire',
    template: async () => html`<air-risk-questionnaire .view=${questionnaireView()}></air-risk-questionnaire>`,
  },
  {
    tag: 'air-recording-status',
    template: async () =>
      html`<air-recording-status .session=${await recordingSession()} controls></air-recording-status>`,
  },
  {
    tag: 'air-recording-consent',
    template: async () =>
      html`<air-recording-consent .session=${await pendingConsent()} consent-text-version="v-2026"
        ><p>This conversation will be recorded. Do you agree?</p></air-recording-consent
      >`,
  },
  {
    tag: 'air-authorization-request',
    template: async () =>
      html`<air-authorization-request .session=${await recordingSession()}></air-authorization-request>`,
  },
  { tag: 'air-authorization-desk', template: async () => html`<air-authorization-desk></air-authorization-desk>` },
  {
    tag: 'air-document-viewer',
    template: async () =>
      html`<air-document-viewer
        title="Loan contract"
        short-code="3F9A-21C7"
        .workerSrc=${WORKER_SRC}
        .data=${twoPagePdf()}
      ></air-document-viewer>`,
    ready: async (element) => {
      const viewer = element as HTMLElement & { seenCount: number };
      await until(() => viewer.seenCount >= 1, 'the first page shown', 15_000);
    },
  },
  { tag: 'air-signature-pad', template: async () => html`<air-signature-pad></air-signature-pad>` },
  {
    tag: 'air-captions',
    template: async () => html`<air-captions></air-captions>`,
    ready: async (element) => {
      const captions = element as HTMLElement & { add(event: LiveCaptionEvent): void };
      captions.add({
        type: 'step-opened',
        stepId: 'risk',
        title: 'Risk disclosure',
        text: 'Its value can fall.',
        lang: 'en',
      });
    },
  },
  {
    tag: 'air-signature-witness',
    template: async () =>
      html`<air-signature-witness document-title="Loan contract" short-code="3F9A-21C7"></air-signature-witness>`,
  },
];

async function render(entry: (typeof ELEMENTS)[number]): Promise<HTMLElement> {
  const wrapper = await fixture<HTMLElement>(html`<div lang="en" style="width: 640px">${await entry.template()}</div>`);
  const element = wrapper.querySelector<HTMLElement>(entry.tag);
  if (!element) throw new Error(`no ${entry.tag}`);
  await entry.ready?.(element);
  await settle(element);
  return element;
}

describe('every element in the dark scheme', () => {
  afterEach(async () => {
    setTheme('auto');
    await emulateMedia({ colorScheme: 'light' });
  });

  for (const entry of ELEMENTS) {
    it(`${entry.tag}: no axe violation, forced by data-air-theme="dark"`, async () => {
      setTheme('dark');
      const element = await render(entry);
      await expectAccessible(element, `${entry.tag} (dark)`);
    });
  }

  it('no axe violation when the person prefers dark (every element)', async () => {
    await emulateMedia({ colorScheme: 'dark' });
    for (const entry of ELEMENTS) await expectAccessible(await render(entry), `${entry.tag} (prefers dark)`);
  });
});

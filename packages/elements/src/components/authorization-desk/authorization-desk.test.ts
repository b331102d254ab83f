import type { AuthorizationView, DeskClient, DeskDecisionInput, DeskJoin, DeskQueue } from '@aircounter/client';
import { AirError } from '@aircounter/protocol';
import { expect } from 'chai';
import { html } from 'lit';
import { expectAccessible } from '../../../test/utils/a11y.ts';
import { authorizationView } from '../../../test/utils/authorization-view.ts';
import { collect, fixture, settle, until } from '../../../test/utils/dom.ts';
import { fontSize, smallestTarget } from '../../../test/utils/measure.ts';
import '../../define/air-authorization-desk.ts';
import type { AirAuthorizationDesk } from './authorization-desk.component.ts';

const STILL = 'a'.repeat(64);
const DECISION = 'b'.repeat(64);

/** The desk's case: a note, rules version 7 and five minutes left. */
function view(overrides: Partial<AuthorizationView> = {}): AuthorizationView {
  return authorizationView({
    note: 'Customer is buying a car',
    rulesVersion: 7,
    deadlineAt: new Date(Date.now() + 300_000).toISOString(),
    ...overrides,
  });
}

/** A picture the browser can decode, so the <img> really shows. */
async function png(): Promise<Blob> {
  const canvas = new OffscreenCanvas(4, 4);
  const context = canvas.getContext('2d');
  if (context) context.fillRect(0, 0, 4, 4);
  return canvas.convertToBlob({ type: 'image/png' });
}

/** A desk client that answers from memory and records each call (the element's only way to the server). */
class FakeDesk implements DeskClient {
  items: AuthorizationView[] = [];
  /** Server time minus page time. */
  clockOffsetMs = 0;
  queueError: AirError | undefined;
  decideAnswer: (() => Promise<AuthorizationView>) | undefined;
  readonly calls: string[] = [];
  readonly decisions: DeskDecisionInput[] = [];
  inFlight = 0;
  maxInFlight = 0;

  async queue(signal?: AbortSignal): Promise<DeskQueue> {
    this.calls.push('queue');
    this.inFlight += 1;
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
    try {
      await new Promise((resolve) => setTimeout(resolve, 10));
      signal?.throwIfAborted();
      if (this.queueError) throw this.queueError;
      return {
        authorizations: structuredClone(this.items),
        now: new Date(Date.now() + this.clockOffsetMs).toISOString(),
      };
    } finally {
      this.inFlight -= 1;
    }
  }

  open(requestId: string): Promise<AuthorizationView> {
    this.calls.push(`open ${requestId}`);
    const found = this.items.find((item) => item.requestId === requestId);
    return found ? Promise.resolve(structuredClone(found)) : Promise.reject(new AirError('AUTHZ_NOT_FOUND'));
  }

  async attachment(requestId: string, sha256: string): Promise<Blob> {
    this.calls.push(`attachment ${requestId} ${sha256.slice(0, 4)}`);
    return png();
  }

  join(requestId: string): Promise<DeskJoin> {
    this.calls.push(`join ${requestId}`);
    return Promise.resolve({ sessionId: 's-1', token: 'join-token', expiresAt: new Date().toISOString() });
  }

  decide(requestId: string, input: DeskDecisionInput): Promise<AuthorizationView> {
    this.calls.push(`decide ${requestId}`);
    this.decisions.push(input);
    if (this.decideAnswer) return this.decideAnswer();
    const status = input.decision === 'approve' ? 'pending' : 'declined';
    return Promise.resolve(view({ requestId, status }));
  }
}

function part(element: AirAuthorizationDesk, name: string): HTMLElement | null {
  return element.shadowRoot?.querySelector<HTMLElement>(`[part~="${name}"]`) ?? null;
}
function parts(element: AirAuthorizationDesk, name: string): HTMLElement[] {
  return [...(element.shadowRoot?.querySelectorAll<HTMLElement>(`[part~="${name}"]`) ?? [])];
}
const text = (element: AirAuthorizationDesk, name: string): string =>
  part(element, name)?.textContent?.replace(/\s+/g, ' ').trim() ?? '';
const status = (element: AirAuthorizationDesk): string =>
  element.shadowRoot?.querySelector('[role="status"]')?.textContent?.trim() ?? '';
/** Which element of the shadow root has focus, by id or part (never the node itself). */
function focused(element: AirAuthorizationDesk): string {
  const active = element.shadowRoot?.activeElement;
  if (!active) return '';
  return active.id || `${active.getAttribute('part') ?? ''}:${active.getAttribute('data-request-id') ?? ''}`;
}

async function mount(
  desk: FakeDesk,
  { lang = 'en', elderly = false, pollInterval = 5000 } = {},
): Promise<AirAuthorizationDesk> {
  const wrapper = await fixture<HTMLElement>(
    html`<div lang=${lang}>
      <air-authorization-desk .desk=${desk} poll-interval=${pollInterval} ?elderly=${elderly}>
        <div slot="call" id="call">The call</div>
      </air-authorization-desk>
    </div>`,
  );
  const element = wrapper.querySelector('air-authorization-desk') as AirAuthorizationDesk;
  await settle(element);
  return element;
}

async function openFirst(element: AirAuthorizationDesk): Promise<void> {
  part(element, 'open')?.click();
  await until(() => part(element, 'decision') !== null || part(element, 'result') !== null, 'the case view');
}

function caseWithAttachments(): AuthorizationView {
  return view({
    attachments: [
      { kind: 'still', sha256: STILL, mediaType: 'image/jpeg' },
      { kind: 'authorization-decision', sha256: DECISION, mediaType: 'application/json' },
    ],
  });
}

describe('<air-authorization-desk>', () => {
  it('lists pending requests soonest deadline first, with a countdown on the server clock', async () => {
    const desk = new FakeDesk();
    // The server's clock is a minute behind the page's: its deadlines are a minute further away.
    desk.clockOffsetMs = -60_000;
    desk.items = [
      view({ requestId: 'later', deadlineAt: new Date(Date.now() + 600_000).toISOString() }),
      view({
        requestId: 'sooner',
        amount: 12_345,
        currency: 'USD',
        deadlineAt: new Date(Date.now() + 60_000).toISOString(),
      }),
      view({ requestId: 'closed', status: 'approved' }),
    ];
    const element = await mount(desk);
    await until(() => parts(element, 'item').length === 2, 'two pending requests');
    expect(parts(element, 'item').map((item) => item.dataset['requestId'])).to.deep.equal(['sooner', 'later']);
    const first = parts(element, 'item')[0]?.textContent?.replace(/\s+/g, ' ') ?? '';
    expect(first).to.contain('cash-withdrawal').and.contain('$123.45').and.contain('agent-1');
    expect(first).to.contain('0 of 2');
    expect(text(element, 'countdown')).to.match(/^0[12]:\d\d$/);
    expect(part(element, 'countdown')?.getAttribute('role')).to.equal('timer');
    const before = text(element, 'countdown');
    await until(() => text(element, 'countdown') !== before, 'the countdown moves', 2500);
    expect(parts(element, 'open').map((button) => button.textContent?.trim())).to.deep.equal(['Open', 'Open']);
    await expectAccessible(element, 'queue');
  });

  it('says so when no request waits', async () => {
    const element = await mount(new FakeDesk());
    await until(() => text(element, 'empty') === 'No request is waiting for you.', 'empty state');
    await expectAccessible(element, 'empty queue');
  });

  it('opens a case with its details and pictures, and goes back to its row', async () => {
    const desk = new FakeDesk();
    desk.items = [
      caseWithAttachments(),
      view({ requestId: 'az-2', deadlineAt: new Date(Date.now() + 900_000).toISOString() }),
    ];
    const revoked: string[] = [];
    const revoke = URL.revokeObjectURL.bind(URL);
    URL.revokeObjectURL = (url: string) => {
      revoked.push(url);
      revoke(url);
    };
    try {
      const element = await mount(desk);
      await until(() => parts(element, 'item').length === 2, 'queue');
      await openFirst(element);
      await until(() => focused(element) === 'case-heading', 'focus on the case heading');
      expect(text(element, 'case-heading')).to.contain('cash-withdrawal').and.contain('80,000.00');
      const details = text(element, 'case');
      for (const shown of ['Large cash withdrawal', 'Customer is buying a car', 'Rules version', '7', 'No votes yet.'])
        expect(details).to.contain(shown);
      const image = element.shadowRoot?.querySelector('img');
      expect(image?.alt).to.equal('Picture taken from the live video');
      expect(image?.src.startsWith('blob:')).to.equal(true);
      await until(() => (image?.naturalWidth ?? 0) > 0, 'the picture decodes');
      expect(parts(element, 'attachment').map((item) => item.dataset['kind'])).to.deep.equal([
        'still',
        'authorization-decision',
      ]);
      expect(parts(element, 'attachment')[1]?.textContent?.trim()).to.equal('Signed authorization decision');
      expect(desk.calls).to.include.members(['open az-1', `attachment az-1 ${STILL.slice(0, 4)}`]);
      await expectAccessible(element, 'case view');

      const url = image?.src ?? '';
      const closed = collect(element, 'air-desk-closed');
      part(element, 'back')?.click();
      await until(() => focused(element) === 'open:az-1', "focus back on the row's Open button");
      expect(revoked).to.include(url);
      expect(closed.map((event) => event.detail)).to.deep.equal([{ requestId: 'az-1' }]);
      expect(closed.every((event) => event.bubbles && event.composed)).to.equal(true);
    } finally {
      URL.revokeObjectURL = revoke;
    }
  });

  it('asks for a join token, tells the page, and shows the call slot', async () => {
    const desk = new FakeDesk();
    desk.items = [view()];
    const element = await mount(desk);
    const joins = collect(element, 'air-desk-join');
    await until(() => part(element, 'open') !== null, 'queue');
    await openFirst(element);
    expect(element.shadowRoot?.querySelector('slot[name="call"]')).to.equal(null);
    part(element, 'join')?.click();
    await until(() => joins.length === 1, 'air-desk-join');
    expect(joins[0]?.detail).to.deep.equal({ requestId: 'az-1', sessionId: 's-1', token: 'join-token' });
    expect(joins[0]?.bubbles && joins[0]?.composed).to.equal(true);
    await settle(element);
    const slot = element.shadowRoot?.querySelector<HTMLSlotElement>('slot[name="call"]');
    expect(slot?.assignedElements().map((assigned) => assigned.id)).to.deep.equal(['call']);
    expect(status(element)).to.equal('You can now join the call.');
  });

  it('approves with a reason code and announces the result', async () => {
    const desk = new FakeDesk();
    desk.items = [view()];
    const element = await mount(desk);
    const decided = collect(element, 'air-desk-decided');
    await until(() => part(element, 'open') !== null, 'queue');
    await openFirst(element);
    const select = element.shadowRoot?.querySelector<HTMLSelectElement>('select[name="reasonCode"]');
    expect([...(select?.options ?? [])].map((option) => option.value)).to.deep.equal([
      'verified-in-call',
      'documents-consistent',
      'identity-doubt',
      'amount-unjustified',
      'other',
    ]);
    if (select) select.value = 'documents-consistent';
    part(element, 'approve')?.click();
    await until(() => text(element, 'result') === 'You approved this request.', 'result');
    expect(desk.decisions).to.deep.equal([{ decision: 'approve', reasonCode: 'documents-consistent' }]);
    expect(decided.map((event) => event.detail)).to.deep.equal([{ requestId: 'az-1', decision: 'approve' }]);
    expect(status(element)).to.equal('You approved this request.');
    expect(part(element, 'approve')).to.equal(null);
  });

  it('takes the reason codes the page gives', async () => {
    const desk = new FakeDesk();
    desk.items = [view()];
    const element = await mount(desk);
    element.reasonCodes = [{ code: 'kyc-ok', label: 'KYC complete' }];
    await until(() => part(element, 'open') !== null, 'queue');
    await openFirst(element);
    const options = [...(element.shadowRoot?.querySelectorAll('option') ?? [])];
    expect(options.map((option) => `${option.value}=${option.textContent?.trim() ?? ''}`)).to.deep.equal([
      'kyc-ok=KYC complete',
    ]);
  });

  it('declines only with a comment', async () => {
    const desk = new FakeDesk();
    desk.items = [view()];
    const element = await mount(desk);
    await until(() => part(element, 'open') !== null, 'queue');
    await openFirst(element);
    part(element, 'decline')?.click();
    await until(() => focused(element) === 'comment', 'focus on the comment');
    const comment = element.shadowRoot?.querySelector<HTMLTextAreaElement>('textarea[name="comment"]');
    expect(comment?.getAttribute('aria-invalid')).to.equal('true');
    expect(comment?.maxLength).to.equal(1000);
    expect(element.shadowRoot?.querySelector('#comment-missing')?.textContent?.trim()).to.equal(
      'Please write why you decline the request.',
    );
    expect(desk.decisions).to.deep.equal([]);
    await expectAccessible(element, 'missing comment');

    const select = element.shadowRoot?.querySelector<HTMLSelectElement>('select[name="reasonCode"]');
    if (select) select.value = 'identity-doubt';
    if (comment) comment.value = 'The face does not match the ID photo.';
    part(element, 'decline')?.click();
    await until(() => text(element, 'result') === 'You declined this request.', 'result');
    expect(desk.decisions).to.deep.equal([
      { decision: 'decline', reasonCode: 'identity-doubt', comment: 'The face does not match the ID photo.' },
    ]);
  });

  it('shows a refusal in plain words and reports it', async () => {
    const desk = new FakeDesk();
    desk.items = [view()];
    desk.decideAnswer = () => Promise.reject(new AirError('AUTHZ_ALREADY_DECIDED', 'one vote each'));
    const element = await mount(desk);
    const errors = collect(element, 'air-error');
    await until(() => part(element, 'open') !== null, 'queue');
    await openFirst(element);
    part(element, 'approve')?.click();
    await until(() => text(element, 'error') === 'You have already decided on this request.', 'refusal');
    expect(part(element, 'error')?.getAttribute('role')).to.equal('alert');
    expect(errors.map((event) => event.detail.code)).to.deep.equal(['AUTHZ_ALREADY_DECIDED']);
    expect(part(element, 'result')).to.equal(null);
  });

  it('sends one vote however often it is pressed', async () => {
    const desk = new FakeDesk();
    desk.items = [view()];
    let answer: (value: AuthorizationView) => void = () => undefined;
    desk.decideAnswer = () => new Promise((resolve) => (answer = resolve));
    const element = await mount(desk);
    await until(() => part(element, 'open') !== null, 'queue');
    await openFirst(element);
    part(element, 'approve')?.click();
    part(element, 'approve')?.click();
    await settle(element);
    expect((part(element, 'approve') as HTMLButtonElement | null)?.disabled).to.equal(true);
    expect((part(element, 'decline') as HTMLButtonElement | null)?.disabled).to.equal(true);
    expect((part(element, 'join') as HTMLButtonElement | null)?.disabled).to.equal(true);
    part(element, 'decline')?.click();
    expect(desk.calls.filter((call) => call.startsWith('decide'))).to.deep.equal(['decide az-1']);
    answer(view());
    await until(() => part(element, 'result') !== null, 'result');
    expect(desk.decisions).to.have.length(1);
  });

  it('polls one at a time while on the page, and stops once removed', async () => {
    const desk = new FakeDesk();
    const element = await mount(desk, { pollInterval: 300 });
    await until(() => desk.calls.filter((call) => call === 'queue').length >= 3, 'three polls');
    expect(desk.maxInFlight).to.equal(1);
    element.parentElement?.remove();
    const polls = desk.calls.length;
    await new Promise((resolve) => setTimeout(resolve, 900));
    expect(desk.calls.length).to.equal(polls);
  });

  it('shows a failing queue in plain words, reports it once, and keeps trying', async () => {
    const desk = new FakeDesk();
    desk.queueError = new AirError('AUTH_EXPIRED_TOKEN');
    const element = await mount(desk, { pollInterval: 250 });
    const errors = collect(element, 'air-error');
    await until(() => text(element, 'error').includes('The link has expired'), 'failure shown');
    desk.queueError = undefined;
    desk.items = [view()];
    await until(() => parts(element, 'item').length === 1, 'recovered', 5000);
    expect(part(element, 'error')).to.equal(null);
    expect(errors.length).to.be.at.most(1);
  });

  it('waits longer after each failure', async () => {
    const desk = new FakeDesk();
    desk.queueError = new AirError('STORE_UNAVAILABLE');
    await mount(desk, { pollInterval: 250 });
    // Without backing off, 1.6 s would hold about six polls; doubling waits (500, 1000 ms) leave room for three.
    await new Promise((resolve) => setTimeout(resolve, 1600));
    const polls = desk.calls.filter((call) => call === 'queue').length;
    expect(polls).to.be.within(2, 3);
  });

  it('speaks Simplified and Traditional Chinese, accessibly', async () => {
    for (const [lang, heading, open] of [
      ['zh-Hans', '待您授权的申请', '打开'],
      ['zh-Hant', '待您授權的申請', '開啟'],
    ] as const) {
      const desk = new FakeDesk();
      desk.items = [caseWithAttachments()];
      const element = await mount(desk, { lang });
      await until(() => element.shadowRoot?.querySelector('h2')?.textContent?.trim() === heading, `${lang} heading`);
      await until(() => text(element, 'open') === open, `${lang} open`);
      expect(text(element, 'item')).to.contain('¥');
      await expectAccessible(element, `${lang} queue`);
      await openFirst(element);
      await expectAccessible(element, `${lang} case`);
    }
  });

  it('has large text and targets in elderly mode, and targets of at least 44 px otherwise', async () => {
    const desk = new FakeDesk();
    desk.items = [caseWithAttachments()];
    const elderly = await mount(desk, { elderly: true, lang: 'zh-Hans' });
    await until(() => part(elderly, 'open') !== null, 'queue');
    expect(smallestTarget(elderly.shadowRoot ?? elderly, 'button')).to.be.at.least(60);
    expect(fontSize(part(elderly, 'base') ?? elderly)).to.be.at.least(20);
    await expectAccessible(elderly, 'elderly queue');
    await openFirst(elderly);
    expect(smallestTarget(elderly.shadowRoot ?? elderly, 'button, select, textarea')).to.be.at.least(60);
    await expectAccessible(elderly, 'elderly case');

    const normal = await mount(new FakeDesk());
    await until(() => part(normal, 'empty') !== null, 'empty');
    (normal as AirAuthorizationDesk).desk = Object.assign(new FakeDesk(), { items: [view()] });
    await until(() => part(normal, 'open') !== null, 'queue');
    expect(smallestTarget(normal.shadowRoot ?? normal, 'button')).to.be.at.least(44);
  });
});

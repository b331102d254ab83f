import { AirError } from '@aircounter/protocol';
import { expect } from 'chai';
import { html } from 'lit';
import { expectAccessible } from '../../../test/utils/a11y.ts';
import { authorizationView } from '../../../test/utils/authorization-view.ts';
import { collect, fixture, settle, until } from '../../../test/utils/dom.ts';
import { FakeSession, realLocalTracks } from '../../../test/utils/fake-client.ts';
import '../../define/air-authorization-request.ts';
import { toMinorUnits } from '../../base/money.ts';
import type { AirAuthorizationRequest } from './authorization-request.component.ts';

function part(element: AirAuthorizationRequest, name: string): HTMLElement | null {
  return element.shadowRoot?.querySelector<HTMLElement>(`[part~="${name}"]`) ?? null;
}
const text = (element: AirAuthorizationRequest, name: string): string =>
  part(element, name)?.textContent?.replace(/\s+/g, ' ').trim() ?? '';

const view = authorizationView;

async function withSession(lang = 'en'): Promise<{ element: AirAuthorizationRequest; session: FakeSession }> {
  const session = new FakeSession('s-1', await realLocalTracks(), { peerId: 'agent-1', role: 'agent' });
  session.addParticipant('customer-1', 'Ada', 'customer');
  const element = await fixture<AirAuthorizationRequest>(
    html`<div lang=${lang}><air-authorization-request .session=${session}></air-authorization-request></div>`,
  ).then((wrapper) => wrapper.querySelector('air-authorization-request') as AirAuthorizationRequest);
  await element.updateComplete;
  await settle(element);
  return { element, session };
}

function fill(element: AirAuthorizationRequest, values: Record<string, string>): void {
  for (const [name, value] of Object.entries(values)) {
    const input = element.shadowRoot?.querySelector<HTMLInputElement>(`[name="${name}"]`);
    if (!input) throw new Error(`no field ${name}`);
    input.value = value;
  }
}

describe('<air-authorization-request>', () => {
  it('reads amounts in minor units, refusing anything but a number with at most two decimals', () => {
    expect(toMinorUnits('80000')).to.equal(8_000_000);
    expect(toMinorUnits('80,000.5')).to.equal(8_000_050);
    expect(toMinorUnits(' 0.07 ')).to.equal(7);
    for (const bad of ['', '-5', '1.234', '1e6', 'abc']) expect(toMinorUnits(bad)).to.equal(undefined);
  });

  it('takes a still of the customer, raises the request, and follows it to approval', async () => {
    const { element, session } = await withSession();
    const calls: unknown[] = [];
    Object.assign(session.authorization, {
      takeStill: (peerId: string) => {
        calls.push(['takeStill', peerId]);
        return Promise.resolve({ peerId, sha256: 'b'.repeat(64), width: 640, height: 480 });
      },
      request: (input: unknown) => {
        calls.push(['request', input]);
        return Promise.resolve(view());
      },
    });
    await expectAccessible(element, 'empty form');
    fill(element, { amount: '80000', reason: 'Large cash withdrawal' });
    part(element, 'submit')?.click();
    await until(() => text(element, 'status') === 'Waiting for an authorizer', 'pending status');
    expect(calls).to.deep.equal([
      ['takeStill', 'customer-1'],
      [
        'request',
        {
          operationType: 'cash-withdrawal',
          amount: 8_000_000,
          currency: 'CNY',
          reason: 'Large cash withdrawal',
          note: '',
          attachments: ['b'.repeat(64)],
        },
      ],
    ]);
    expect(text(element, 'countdown')).to.match(/^0[12]:\d\d$/);
    expect(text(element, 'request')).to.contain('Approvals: 0 of 2');
    await expectAccessible(element, 'pending request');

    session.emit('authorizationUpdated', view({ status: 'approved', closedAt: new Date().toISOString() }));
    await until(() => text(element, 'status') === 'Approved', 'approved status');
    expect(part(element, 'status')?.dataset['status']).to.equal('approved');
    expect(part(element, 'cancel')).to.equal(null);
  });

  it('cancels a pending request and shows a refusal in plain words', async () => {
    const { element, session } = await withSession();
    const errors = collect(element, 'air-error');
    Object.assign(session.authorization, {
      request: () => Promise.reject(new AirError('AUTHZ_NO_RULE', 'no rule')),
      cancel: () => Promise.resolve(view({ status: 'cancelled', closedAt: new Date().toISOString() })),
    });
    fill(element, { amount: '12.345', reason: 'x' });
    part(element, 'submit')?.click();
    await until(() => text(element, 'error') !== '', 'amount refusal');
    expect(text(element, 'error')).to.equal('Enter the amount as a number, with at most two decimals.');

    (element.shadowRoot?.querySelector('[name="still"]') as HTMLInputElement).checked = false;
    fill(element, { amount: '10', reason: 'x' });
    part(element, 'submit')?.click();
    await until(() => text(element, 'error') === 'No approval rule covers this operation and amount.', 'no rule');
    expect(errors.map((event) => event.detail.code)).to.deep.equal(['AUTHZ_NO_RULE']);

    session.emit('authorizationUpdated', view());
    await settle(element);
    part(element, 'cancel')?.click();
    await until(() => text(element, 'status') === 'Cancelled', 'cancelled status');
  });

  it('speaks Simplified and Traditional Chinese', async () => {
    for (const [lang, pending, submit] of [
      ['zh-Hans', '等待授权人', '申请授权'],
      ['zh-Hant', '等待授權人', '申請授權'],
    ] as const) {
      const { element, session } = await withSession(lang);
      // The translation loads on first use.
      await until(() => text(element, 'submit') === submit, `${lang} submit`);
      session.emit('authorizationUpdated', view());
      await until(() => text(element, 'status') === pending, `${lang} pending`);
      expect(text(element, 'request')).to.contain('¥');
    }
  });
});

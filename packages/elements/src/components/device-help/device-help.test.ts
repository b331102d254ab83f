import { AirError } from '@aircounter/protocol';
import { expect } from 'chai';
import { html } from 'lit';
import { expectAccessible } from '../../../test/utils/a11y.ts';
import { collect, fixture, settle, until } from '../../../test/utils/dom.ts';
import '../../define/air-device-help.ts';
import type { AirDeviceHelp } from './device-help.component.ts';
import { detectPlatform, deviceProblem } from './device-problem.ts';

function part(element: AirDeviceHelp, name: string): HTMLElement {
  const found = element.shadowRoot?.querySelector<HTMLElement>(`[part~="${name}"]`);
  if (!found) throw new Error(`no part ${name}`);
  return found;
}
const text = (element: AirDeviceHelp, name: string): string =>
  part(element, name).textContent?.replace(/\s+/g, ' ').trim() ?? '';

/** What the SDK rejects a join with when the browser refuses the devices. */
function sdkError(name: string): AirError {
  const cause = new DOMException('Permission denied', name);
  return new AirError('DEVICE_UNAVAILABLE', `cannot open camera/microphone (${name})`, { cause });
}

describe('<air-device-help>', () => {
  it('classifies the browser refusals by what the customer can do', () => {
    expect(deviceProblem(sdkError('NotAllowedError'))).to.equal('denied');
    expect(deviceProblem(sdkError('NotFoundError'))).to.equal('not-found');
    expect(deviceProblem(sdkError('NotReadableError'))).to.equal('in-use');
    expect(
      deviceProblem(
        new AirError(
          'DEVICE_UNAVAILABLE',
          'this page cannot capture media (needs a secure context: https or localhost)',
        ),
      ),
    ).to.equal('insecure');
    expect(deviceProblem(new Error('boom'))).to.equal('other');
    expect(detectPlatform('Mozilla/5.0 (Linux; Android 14; Pixel 8) Chrome/131 Mobile', 5)).to.equal('android');
    expect(detectPlatform('Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) Safari/604.1', 5)).to.equal('ios');
    expect(detectPlatform('Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) Safari/605.1.15', 5)).to.equal('ios');
    expect(detectPlatform('Mozilla/5.0 (X11; Linux x86_64) Chrome/131', 0)).to.equal('desktop');
  });

  for (const [platform, first] of [
    ['android', 'Tap the icon to the left of the web address'],
    ['ios', 'Tap "aA" on the left of the address bar.'],
    ['desktop', 'Click the camera or lock icon in the address bar.'],
  ] as const) {
    it(`explains how to allow the camera on ${platform} (en)`, async () => {
      const element = await fixture<AirDeviceHelp>(
        html`<air-device-help lang="en" platform=${platform} .error=${sdkError('NotAllowedError')}></air-device-help>`,
      );
      expect(element.problem).to.equal('denied');
      expect(text(element, 'title')).to.equal('Your camera or microphone is blocked');
      expect(part(element, 'steps').querySelector('li')?.textContent).to.contain(first);
      expect(part(element, 'steps').querySelectorAll('li')).to.have.length(4);
      await expectAccessible(element, `denied on ${platform}`);
    });
  }

  it('offers retry and a call back, in Chinese (zh-Hans), and focuses its title', async () => {
    const element = await fixture<AirDeviceHelp>(
      html`<air-device-help lang="zh-Hans" platform="android" .error=${sdkError('NotAllowedError')}></air-device-help>`,
    );
    await element.updateComplete;
    await settle(element);
    await until(() => text(element, 'title') === '您的摄像头或麦克风被禁止使用', 'zh-Hans strings');
    expect(part(element, 'base').getAttribute('lang')).to.equal('zh-Hans');
    element.focus();
    expect(element.shadowRoot?.activeElement).to.equal(part(element, 'title'));
    await expectAccessible(element, 'zh-Hans denied');

    const retries = collect(element, 'air-request-retry');
    const callbacks = collect(element, 'air-request-callback');
    part(element, 'retry').click();
    part(element, 'callback').click();
    expect(retries.map((event) => [event.detail, event.cancelable])).to.deep.equal([[{ problem: 'denied' }, true]]);
    expect(callbacks.map((event) => event.detail)).to.deep.equal([{ problem: 'denied', locale: 'zh-Hans' }]);

    element.callback = 'requested';
    await settle(element);
    expect(text(element, 'callback-status')).to.equal('谢谢。客户经理会拨打您在银行登记的号码给您回电。');
    expect((part(element, 'callback') as HTMLButtonElement).disabled).to.equal(true);
    await expectAccessible(element, 'zh-Hans callback requested');
  });

  it('gives no permission steps when there simply is no camera', async () => {
    const element = await fixture<AirDeviceHelp>(
      html`<air-device-help lang="en" .error=${sdkError('NotFoundError')}></air-device-help>`,
    );
    expect(text(element, 'title')).to.equal('No camera or microphone found');
    expect(element.shadowRoot?.querySelector('[part~="steps"]')).to.equal(null);
    await expectAccessible(element, 'not found');
  });
});

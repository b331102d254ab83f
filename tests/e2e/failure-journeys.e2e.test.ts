import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { useDemoCall } from './support/demo-call.ts';
import { allowMedia, denyMedia } from './support/demo-contexts.ts';
import { partText, waitForRemoteVideo } from './support/page-probes.ts';

// The customer's ways forward when something goes wrong, driven through the
// demo as people would: a camera the browser refuses (in Chinese, the demo's
// default), an accidental hang-up, a declined and a withdrawn consent — and
// what the agent and the evidence chain see of each.

const call = useDemoCall();

/**
 * Opens a join link in a page that may still show an earlier call: the links
 * differ only in their fragment, which alone would not reload the page.
 */
async function openLink(page: Page, url: string): Promise<void> {
  await page.goto('about:blank');
  await page.goto(url);
}

async function eventTypes(sessionId: string): Promise<{ type: string; data: Record<string, unknown> }[]> {
  const events = await call.demo.air.services.evidence.readEvents(sessionId);
  return (events ?? []).map((event) => ({ type: event.type, data: event.data }));
}

describe('failure journeys for customers', () => {
  it('camera denied (zh-Hans browser): guidance, a call-back request, then retry joins', async () => {
    const session = await call.demo.bank.createSession({ customerName: '王阿姨', agentName: 'Agent Blue' });
    // A Chinese browser whose user refused the camera: getUserMedia fails as it does after "Block".
    const context = await call.customer.browser.newContext({ locale: 'zh-CN', permissions: ['camera', 'microphone'] });
    await denyMedia(context);
    const page = await context.newPage();
    try {
      await page.goto(session.links.customer);
      const help = page.locator('air-device-help');
      await help
        .locator('[part~="title"]')
        .filter({ hasText: '您的摄像头或麦克风被禁止使用' })
        .waitFor({ timeout: 20_000 });
      expect(await page.evaluate(() => document.documentElement.lang)).toBe('zh-Hans');
      expect(await partText(page, 'air-device-help', 'steps')).toContain('允许');

      await help.getByRole('button', { name: '请给我回电 / 转人工' }).click();
      await help.locator('[part~="callback-status"]').filter({ hasText: '客户经理会拨打' }).waitFor();
      expect(call.demo.bank.callbacks()).toEqual([
        expect.objectContaining({ sessionId: session.sessionId, problem: 'denied', locale: 'zh-Hans' }),
      ]);

      // The customer allows the camera in the browser's settings, then presses "Try again".
      await allowMedia(page);
      await help.getByRole('button', { name: '重试' }).click();
      await page
        .locator('air-video-session [part~="status"]')
        .filter({ hasText: '已连接' })
        .waitFor({ timeout: 30_000 });
      await page.getByRole('button', { name: '我同意录制' }).waitFor();
    } finally {
      await context.close();
    }
  });

  it('an accidental hang-up asks first, then the customer rejoins and the agent sees them again', async () => {
    const session = await call.demo.bank.createSession({ customerName: 'Customer Red', agentName: 'Agent Blue' });
    const { customer, agent } = call;
    await Promise.all([openLink(customer.page, session.links.customer), openLink(agent.page, session.links.agent)]);
    await Promise.all([waitForRemoteVideo(customer.page), waitForRemoteVideo(agent.page)]);

    await customer.page.locator('air-video-session [part~="hang-up"]').click();
    const video = customer.page.locator('air-video-session');
    await video.locator('[part~="hang-up-confirm"]').filter({ hasText: 'Leave the appointment?' }).waitFor();
    await video.getByRole('button', { name: 'Stay in the call' }).click();
    expect(await customer.page.locator('air-video-session [part~="hang-up-confirm"]').count()).toBe(0);

    await customer.page.locator('air-video-session [part~="hang-up"]').click();
    await video.locator('[part~="confirm-hang-up"]').click();
    await video.locator('[part~="ended"]').filter({ hasText: 'You left the call' }).waitFor({ timeout: 10_000 });
    // The agent sees the customer leave.
    await agent.page.waitForFunction(
      () =>
        document.querySelector('air-video-session')?.shadowRoot?.querySelectorAll('[part~="participant"]').length === 0,
      undefined,
      { timeout: 20_000 },
    );

    await video.getByRole('button', { name: 'Rejoin the call' }).click();
    await Promise.all([waitForRemoteVideo(customer.page), waitForRemoteVideo(agent.page)]);
    expect(await partText(customer.page, 'air-video-session', 'status')).toBe('Connected');
  });

  it('declining keeps the call unrecorded; a withdrawal stops the recording and is on the chain', async () => {
    const session = await call.demo.bank.createSession({ customerName: 'Customer Red', agentName: 'Agent Blue' });
    const { customer, agent } = call;
    await Promise.all([openLink(customer.page, session.links.customer), openLink(agent.page, session.links.agent)]);
    await Promise.all([waitForRemoteVideo(customer.page), waitForRemoteVideo(agent.page)]);
    const consent = customer.page.locator('air-recording-consent');
    const start = agent.page.getByRole('button', { name: 'Start recording' });

    await consent.getByRole('button', { name: 'I do not agree' }).click();
    await consent
      .locator('[part~="message"]')
      .filter({ hasText: 'The appointment continues without recording.' })
      .waitFor({ timeout: 10_000 });
    await agent.page.locator('air-recording-status [part~="consent"]').filter({ hasText: 'declined' }).waitFor();
    expect(await start.isDisabled()).toBe(true);
    expect(
      (await eventTypes(session.sessionId)).find((event) => event.type === 'consent.declined')?.data,
    ).toMatchObject({
      action: 'button:decline',
      onDecline: 'continue-unrecorded',
      recordingId: null,
    });

    // The customer changes their mind; the agent records.
    await consent.getByRole('button', { name: 'Agree to the recording after all' }).click();
    await expect.poll(() => start.isEnabled(), { timeout: 10_000 }).toBe(true);
    await start.click();
    await agent.page
      .locator('air-recording-status [part~="badge"]')
      .filter({ hasText: '● Recording' })
      .waitFor({ timeout: 20_000 });

    await consent.getByRole('button', { name: 'Withdraw my consent' }).click();
    await consent.getByRole('button', { name: 'Yes, stop the recording' }).click();
    await consent
      .locator('[part~="message"]')
      .filter({ hasText: 'The recording has stopped.' })
      .waitFor({ timeout: 30_000 });
    await agent.page
      .locator('air-recording-status [part~="badge"]')
      .filter({ hasText: 'Recording stopped: the customer withdrew consent' })
      .waitFor({ timeout: 10_000 });
    expect(await start.isDisabled()).toBe(true);

    // The recording's files are finalized, then it is complete with the typed reason, after the withdrawal.
    const completeAfterWithdrawal = async (): Promise<boolean> => {
      const events = await eventTypes(session.sessionId);
      const withdrawn = events.findIndex((event) => event.type === 'consent.withdrawn');
      const stopped = events.findIndex(
        (event) =>
          event.type === 'recording.state' &&
          event.data['state'] === 'complete' &&
          event.data['reason'] === 'consent-withdrawn',
      );
      return withdrawn >= 0 && stopped > withdrawn;
    };
    await expect.poll(completeAfterWithdrawal, { timeout: 30_000 }).toBe(true);
    const withdrawal = (await eventTypes(session.sessionId)).find((event) => event.type === 'consent.withdrawn');
    expect(withdrawal?.data).toMatchObject({ action: 'button:withdraw', recordingId: expect.any(String) });
  });
});

import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { Locator, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { useDemoCall } from './support/demo-call.ts';
import { waitForRemoteVideo } from './support/page-probes.ts';
import { markerKinds, openVerifiedReplay } from './support/replay-probes.ts';
import { sealedPackage } from './support/sealed-package.ts';
import { loginContext } from './support/staff-login.ts';

// A loan signing (面签) in the demo bank, end to end, in two Chromium pages:
// the bank adds its loan contract (written by the demo itself, in Simplified
// Chinese) to the session; the agent leads the customer through its pages
// ("follow me"), both see the same short code, the customer confirms reading
// it, the agent records, the customer signs with pointer strokes that the
// agent watches appear, the agent asks for a redo, the customer signs again
// and the agent attests it (亲见签名). The sealed package holds the contract,
// both attempts (strokes, image, still), the signed PDF and the events; it
// verifies, and poppler's pdfsig — not our code — finds the PDF signature
// valid over the whole file. The compliance portal replays it with the
// signing moments marked and opens the signed PDF.

const run = promisify(execFile);
const call = useDemoCall();

/** The parts the test reaches into (the elements' documented CSS parts). */
const VIEWER = {
  shortCode: '[part~="short-code"]',
  next: '[part~="next"]',
  agree: '[part~="agree"]',
} as const;
const PAD = { canvas: '[part~="canvas"]', sign: '[part~="sign"]' } as const;
const WITNESS = {
  canvas: '[part~="canvas"]',
  status: '[part~="status"]',
  redo: '[part~="redo"]',
  attest: '[part~="attest"]',
  reason: '[part~="reason"]',
  send: '[part~="send"]',
} as const;

/** Draws a signature of two wavy strokes across the pad with the mouse (pointer events, as a finger would). */
async function drawSignature(page: Page, pad: Locator, lift = 0): Promise<void> {
  // The mouse works in the viewport: bring the pad into it first (on a phone-sized page it is below the fold).
  await pad.locator(PAD.canvas).scrollIntoViewIfNeeded();
  const box = await pad.locator(PAD.canvas).boundingBox();
  if (!box) throw new Error('the signature pad is not on screen');
  for (const [from, to] of [
    [0.08, 0.45],
    [0.5, 0.92],
  ] as const) {
    const y = (share: number) => box.y + box.height * (0.5 + 0.25 * Math.sin(share * Math.PI * 6) - lift);
    await page.mouse.move(box.x + box.width * from, y(from));
    await page.mouse.down();
    for (let step = 1; step <= 24; step += 1) {
      const share = from + ((to - from) * step) / 24;
      await page.mouse.move(box.x + box.width * share, y(share));
    }
    await page.mouse.up();
  }
}

describe('the demo bank signs a loan contract on video (面签)', () => {
  let sessionId = '';

  it('leads the customer through the contract, watches the signature and attests it', async () => {
    const session = await call.demo.bank.createSession({
      customerName: 'Customer Red',
      agentName: 'Agent Blue',
      signingLocale: 'zh-Hans',
    });
    sessionId = session.sessionId;
    expect(session.signing).toMatchObject({ documentId: 'loan-contract', title: '个人消费贷款合同' });
    const customer = call.customer.page;
    const agent = call.agent.page;
    await Promise.all([customer.goto(session.links.customer), agent.goto(session.links.agent)]);
    await Promise.all([waitForRemoteVideo(customer), waitForRemoteVideo(agent)]);

    // Both see the contract and the same short code.
    const customerViewer = customer.locator('air-document-viewer');
    const agentViewer = agent.locator('air-document-viewer');
    await customerViewer.locator(VIEWER.shortCode).waitFor({ timeout: 30_000 });
    await agentViewer.locator(VIEWER.shortCode).waitFor({ timeout: 30_000 });
    const code = /[0-9A-F]{4}-[0-9A-F]{4}/;
    const customerCode = (await customerViewer.locator(VIEWER.shortCode).textContent())?.match(code)?.[0];
    expect(customerCode).toMatch(code);
    expect((await agentViewer.locator(VIEWER.shortCode).textContent())?.match(code)?.[0]).toBe(customerCode);
    // The page's text is there for screen readers (pdf.js read the Chinese through its CMaps).
    await expect
      .poll(() => customerViewer.evaluate((viewer) => viewer.shadowRoot?.textContent ?? ''), { timeout: 20_000 })
      .toContain('个人消费贷款合同');

    // "Follow me": the agent turns to page 2, the customer's viewer follows.
    await agentViewer.locator(VIEWER.next).click();
    await expect.poll(() => customerViewer.getAttribute('page'), { timeout: 20_000 }).toBe('2');
    // Every page was on the customer's screen: "I have read and agree" is offered.
    const agree = customerViewer.locator(VIEWER.agree);
    await expect.poll(() => agree.isEnabled(), { timeout: 20_000 }).toBe(true);
    await agree.click();

    // No signature before the recording runs.
    const pad = customer.locator('air-signature-pad');
    await pad.waitFor({ timeout: 20_000 });
    await customer.getByText('You can sign once the recording runs').waitFor({ timeout: 10_000 });
    expect(await pad.getAttribute('disabled')).not.toBeNull();
    await customer.getByRole('button', { name: 'I agree to the recording' }).click();
    const start = agent.getByRole('button', { name: 'Start recording' });
    await expect.poll(() => start.isEnabled(), { timeout: 10_000 }).toBe(true);
    await start.click();
    await agent.getByText('● Recording').waitFor({ timeout: 20_000 });
    await expect.poll(() => pad.getAttribute('disabled'), { timeout: 20_000 }).toBeNull();

    // The customer signs; the agent sees the two strokes appear as they are drawn.
    const witness = agent.locator('air-signature-witness');
    await drawSignature(customer, pad);
    await expect
      .poll(() => witness.locator(WITNESS.canvas).getAttribute('aria-label'), { timeout: 10_000 })
      .toContain('2 strokes');
    await pad.locator(PAD.sign).click();
    await customer.getByText('Signature received (attempt 1)').waitFor({ timeout: 20_000 });
    await witness.locator(WITNESS.status).filter({ hasText: 'Attempt 1 received' }).waitFor({ timeout: 20_000 });

    // The agent asks for a redo; the customer is told why, and signs again.
    await witness.locator(WITNESS.redo).click();
    await witness.locator(WITNESS.reason).selectOption('outside-field');
    await witness.locator(WITNESS.send).click();
    await customer
      .getByText('Your advisor asks you to sign again: The signature goes outside the box')
      .waitFor({ timeout: 20_000 });
    await expect.poll(() => pad.getAttribute('disabled'), { timeout: 10_000 }).toBeNull();
    await drawSignature(customer, pad, 0.05);
    await pad.locator(PAD.sign).click();
    await customer.getByText('Signature received (attempt 2)').waitFor({ timeout: 20_000 });
    await witness.locator(WITNESS.status).filter({ hasText: 'Attempt 2 received' }).waitFor({ timeout: 20_000 });

    // The agent attests what they saw: the server stamps and signs the PDF.
    await witness.locator(WITNESS.attest).click();
    await agent.getByText('Signed PDF ready').waitFor({ timeout: 30_000 });
    await customer.getByText('The contract is signed. Thank you.').waitFor({ timeout: 20_000 });

    await agent.getByRole('button', { name: 'Stop recording' }).click();
    await agent.getByText('Recording stopped and saved').waitFor({ timeout: 30_000 });
    await loginContext(call.agent.context, call.demo.url, 'agent', call.demo.demoPassword);
    await agent.getByRole('button', { name: 'End session for everyone' }).click();
  });

  it('seals the contract, both attempts and the signed PDF; the package and the PDF signature verify', async () => {
    expect(sessionId).not.toBe('');
    const { dir: packageDir, report, manifest } = await sealedPackage(call.demo, sessionId);
    expect(report.problems).toEqual([]);
    expect(report.ok).toBe(true);

    const signing = report.events.filter((event) => event.type.startsWith('signing.'));
    const types = signing.map((event) => event.type);
    expect(types.filter((type) => type === 'signing.document.page-viewed').length).toBeGreaterThanOrEqual(2);
    expect(types.filter((type) => type !== 'signing.document.page-viewed')).toEqual([
      'signing.document.added',
      'signing.document.read-confirmed',
      'signing.signature.submitted',
      'signing.signature.redo-requested',
      'signing.signature.submitted',
      'signing.signature.attested',
      'signing.document.signed',
    ]);
    const submitted = signing.filter((event) => event.type === 'signing.signature.submitted');
    expect(submitted.map((event) => event.data['attempt'])).toEqual([1, 2]);
    // Each attempt is at its place in the recording.
    for (const event of submitted) expect(event.mediaTimeMs).toBeGreaterThan(0);
    const signed = signing.find((event) => event.type === 'signing.document.signed');
    expect(signed?.data['attempt']).toBe(2);
    expect(signed?.data['subFilter']).toBe('ETSI.CAdES.detached');

    const named = (prefix: string) => manifest.files.filter((file) => file.name.startsWith(prefix));
    expect(named('document-')).toHaveLength(1);
    expect(named('signature-strokes-')).toHaveLength(2);
    expect(named('signature-image-')).toHaveLength(2);
    expect(named('still-').length).toBeGreaterThanOrEqual(1);
    const signedPdf = named('signed-document-');
    expect(signedPdf).toHaveLength(1);
    expect(signedPdf[0]?.sha256).toBe(signed?.data['signedSha256']);

    // An independent check: poppler's pdfsig reads the PAdES signature over the whole file as valid.
    const pdfsig = await run('pdfsig', [join(packageDir, signedPdf[0]?.name ?? '')]).then(
      ({ stdout }) => stdout,
      (error: { stdout?: string }) => error.stdout ?? '',
    );
    expect(pdfsig).toContain('Signature Type: ETSI.CAdES.detached');
    expect(pdfsig).toContain('Total document signed');
    expect(pdfsig).toContain('Signature Validation: Signature is Valid.');
  });

  it('shows the compliance officer the signing moments and opens the signed PDF', async () => {
    expect(sessionId).not.toBe('');
    const { page, replay } = await openVerifiedReplay(call.customer.context, call.demo, sessionId);
    const kinds = await markerKinds(replay);
    expect(kinds.filter((kind) => kind === 'signature')).toHaveLength(2);
    expect(kinds).toContain('signature-redo');
    expect(kinds).toContain('document-signed');

    const contract = replay.locator('[part~="document"][data-document-id="loan-contract"]');
    await contract.waitFor({ timeout: 20_000 });
    expect(await contract.locator('[part~="document-title"]').textContent()).toContain('个人消费贷款合同');
    const attempts = contract.locator('[part~="attempt"]');
    expect(await attempts.count()).toBe(2);
    expect(await attempts.nth(1).getAttribute('data-attested')).not.toBeNull();
    // The images the server drew from the strokes, checked against the log before they are shown.
    await expect.poll(() => attempts.locator('[part~="signature-image"]').count(), { timeout: 20_000 }).toBe(2);

    // The signed PDF opens in a tab of its own.
    const [tab] = await Promise.all([
      page.context().waitForEvent('page', { timeout: 20_000 }),
      contract.locator('[part~="open-signed"]').click(),
    ]);
    expect(tab.url()).toMatch(/^blob:/);
    await tab.close();
    await page.close();
  });
});

import { X509Certificate } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PDFDocument } from 'pdf-lib';
import { afterAll, describe, expect, it } from 'vitest';
import { LANGUAGES } from '../shared/page-settings.ts';
import { loadOrCreateDemoSigningCertificate } from './demo-signing-certificate.ts';
import { makeLoanContract } from './loan-contract.ts';
import { LOAN_CONTRACT_TEXT } from './loan-contract-text.ts';

// The demo's loan contract and its document-signing certificate, as the
// server receives them (the server's own tests cover checking, stamping and
// signing; the end-to-end test signs this contract and asks pdfsig).

const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

describe('the demo loan contract', () => {
  it.each(LANGUAGES)('is a two-page PDF in %s with the signature field on its last page', async (language) => {
    const contract = await makeLoanContract(language);
    const pdf = await PDFDocument.load(contract.bytes);
    expect(pdf.getPageCount()).toBe(2);
    expect(pdf.getTitle()).toBe(LOAN_CONTRACT_TEXT[language].title);
    expect(contract.title).toBe(LOAN_CONTRACT_TEXT[language].title);
    expect(contract.field.page).toBe(2);
    const { width, height } = pdf.getPage(contract.field.page - 1).getSize();
    expect(contract.field.x + contract.field.width).toBeLessThanOrEqual(width);
    expect(contract.field.y + contract.field.height).toBeLessThanOrEqual(height);
    // Small: the Chinese fonts are the readers' own, not embedded.
    expect(contract.bytes.length).toBeLessThan(20_000);
  });

  it('writes Chinese through the predefined CMaps, not as Latin text', async () => {
    const raw = Buffer.from((await makeLoanContract('zh-Hans')).bytes).toString('latin1');
    expect(raw).toContain('/STSong-Light');
    expect(raw).toContain('/UniGB-UCS2-H');
    const traditional = Buffer.from((await makeLoanContract('zh-Hant')).bytes).toString('latin1');
    expect(traditional).toContain('/MSung-Light');
    expect(traditional).toContain('/UniCNS-UCS2-H');
  });
});

describe('the demo document-signing certificate', () => {
  it('is made once, self-signed, not a CA, with its key readable by the owner alone', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'air-demo-cert-'));
    dirs.push(dir);
    const files = await loadOrCreateDemoSigningCertificate(dir);
    const certificate = new X509Certificate(readFileSync(files.certificateFile));
    expect(certificate.subject).toContain('O=AirCounter demo bank');
    // Self-signed: issued by its own subject, its signature checks with its own key.
    expect(certificate.issuer).toBe(certificate.subject);
    expect(certificate.verify(certificate.publicKey)).toBe(true);
    expect(certificate.ca).toBe(false);
    expect(certificate.publicKey.asymmetricKeyDetails?.namedCurve).toBe('prime256v1');
    expect(statSync(files.keyFile).mode & 0o077).toBe(0);
    // A restart keeps it: contracts signed before and after carry the same certificate.
    const again = await loadOrCreateDemoSigningCertificate(dir);
    expect(readFileSync(again.certificateFile, 'utf8')).toBe(readFileSync(files.certificateFile, 'utf8'));
  });
});

import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { EventEntry, EvidenceReader } from '@aircounter/evidence';
import { PDFDocument } from 'pdf-lib';
import { PNG } from 'pngjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkPackagePdfs } from '../../src/signing/package-pdfs.ts';
import { stampAndSign } from '../../src/signing/pades.ts';
import { checkPdfSignatures } from '../../src/signing/pdf-signatures.ts';
import { renderSignaturePng } from '../../src/signing/render-signature.ts';
import { makeContractPdf, makeTestCertificate, sampleSignature, type TestCertificate } from './fixtures.ts';

// Stamping and PAdES-signing a PDF, checked by our own verifier and
// independently by poppler's pdfsig (Debian poppler-utils).

const run = promisify(execFile);

let dir: string;
let rsa: TestCertificate;
let ec: TestCertificate;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'aircounter-pdfsig-'));
  [rsa, ec] = await Promise.all([makeTestCertificate('rsa'), makeTestCertificate('ec')]);
});

afterAll(async () => {
  await Promise.all([rsa.dispose(), ec.dispose(), rm(dir, { recursive: true, force: true })]);
});

const field = { page: 2, x: 72, y: 100, width: 220, height: 70 };
const metadata = {
  name: 'Wang Fang',
  reason: 'AirCounter face-to-face signing; session s-1; media time 61250 ms; evidence key k-1',
  contactInfo: 'Example Test Bank',
  location: 'Video counter',
  signingTime: new Date('2026-12-04T10:00:00Z'),
};

/** pdfsig's report; it exits non-zero for an invalid signature, so the output is read either way. */
async function pdfsig(file: string): Promise<string> {
  try {
    const { stdout } = await run('pdfsig', [file]);
    return stdout;
  } catch (error) {
    const failed = error as { stdout?: string };
    return failed.stdout ?? '';
  }
}

describe('signed PDF', () => {
  it.each([
    ['RSA', () => rsa],
    ['ECDSA', () => ec],
  ])(
    'is stamped and carries a PAdES signature (%s) that pdfsig reports valid over the whole document',
    async (_, certificate) => {
      const png = renderSignaturePng(sampleSignature());
      const signed = await stampAndSign(await makeContractPdf(), png, field, metadata, certificate().key);
      const file = join(dir, `signed-${_}.pdf`);
      await writeFile(file, signed);

      const report = await pdfsig(file);
      expect(report).toContain('Signature Validation: Signature is Valid.');
      expect(report).toContain('Signature Type: ETSI.CAdES.detached');
      expect(report).toContain('Total document signed');
      expect(report).toContain('Signer Certificate Common Name: Example Test Bank Document Signing');

      const [own, ...more] = checkPdfSignatures(signed);
      expect(more).toHaveLength(0);
      expect(own).toMatchObject({ valid: true, coversWholeFile: true, subFilter: 'ETSI.CAdES.detached', problems: [] });

      // The image is on the page the bank named, and the signature dictionary carries the metadata.
      const loaded = await PDFDocument.load(signed);
      expect(loaded.getPageCount()).toBe(2);
      const text = Buffer.from(signed).toString('latin1');
      expect(text).toContain(
        '/Reason (AirCounter face-to-face signing; session s-1; media time 61250 ms; evidence key k-1)',
      );
      expect(text).toContain('/ContactInfo (Example Test Bank)');
    },
  );

  it('fails both checks once a byte of the signed document changes', async () => {
    const signed = await stampAndSign(
      await makeContractPdf(),
      renderSignaturePng(sampleSignature()),
      field,
      metadata,
      rsa.key,
    );
    const tampered = Uint8Array.from(signed);
    // One letter of the document information's producer name ("p" → "P" in its UTF-16 hex): the structure stays intact.
    const prefix = '/Producer <FEFF00';
    const at = Buffer.from(tampered).indexOf(`${prefix}70`);
    expect(at).toBeGreaterThan(0);
    tampered[at + prefix.length] = '5'.charCodeAt(0);
    const file = join(dir, 'tampered.pdf');
    await writeFile(file, tampered);
    const report = await pdfsig(file);
    expect(report).not.toContain('Signature is Valid');
    expect(report).toMatch(/Signature Validation: (Digest Mismatch|Signature is Invalid)/);
    const [own] = checkPdfSignatures(tampered);
    expect(own?.valid).toBe(false);
    expect(own?.problems).toContain('the signed bytes do not match the message digest (the document was changed)');
  });

  it('renders strokes into a PNG of the pad’s shape with ink where the pen went', () => {
    const png = PNG.sync.read(Buffer.from(renderSignaturePng(sampleSignature())));
    expect([png.width, png.height]).toEqual([1200, 400]);
    const alphaAt = (x: number, y: number) => png.data[(y * png.width + x) * 4 + 3] ?? 0;
    // The first stroke starts at (40, 100) on the pad: ink there, none in the empty corner.
    expect(alphaAt(80, 200)).toBeGreaterThan(200);
    expect(alphaAt(5, 5)).toBe(0);
  });
});

describe('PDFs of a package', () => {
  const signedEvent = (signedSha256: string, seq = 5): EventEntry => ({
    seq,
    time: '2026-12-04T10:00:00.000Z',
    mediaTimeMs: 61_250,
    type: 'signing.document.signed',
    data: {
      documentId: 'loan-1',
      attempt: 1,
      documentSha256: 'a'.repeat(64),
      signedSha256,
      subFilter: 'ETSI.CAdES.detached',
      certificateSha256: 'b'.repeat(64),
      signingMediaTimeMs: 61_250,
    },
    prev: '0'.repeat(64),
    hash: '1'.repeat(64),
  });
  const readerOf = (files: Record<string, Uint8Array>): EvidenceReader => ({
    list: () => Promise.resolve(Object.entries(files).map(([name, bytes]) => ({ name, size: bytes.byteLength }))),
    read: (name) => Promise.resolve(files[name]),
  });
  const sha = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

  it('accepts the signed document the log names, and finds a missing, swapped or broken one', async () => {
    const signed = await stampAndSign(
      await makeContractPdf(),
      renderSignaturePng(sampleSignature()),
      field,
      metadata,
      rsa.key,
    );
    const name = `signed-document-${sha(signed)}.pdf`;
    expect(await checkPackagePdfs(readerOf({ [name]: signed }), [signedEvent(sha(signed))])).toEqual([]);

    expect((await checkPackagePdfs(readerOf({}), [signedEvent(sha(signed))])).map((p) => p.code)).toEqual([
      'FILE_MISSING',
    ]);
    const other = await makeContractPdf();
    expect(
      (await checkPackagePdfs(readerOf({ [name]: other }), [signedEvent(sha(signed))])).map((p) => p.code),
    ).toEqual(['MEDIA_HASH_MISMATCH']);

    // A signed document whose signature no longer verifies, even though the log names exactly these bytes.
    const broken = Uint8Array.from(signed);
    const at = Buffer.from(broken).indexOf('/Producer <FEFF0070');
    broken[at + '/Producer <FEFF00'.length] = '5'.charCodeAt(0);
    const brokenName = `signed-document-${sha(broken)}.pdf`;
    const problems = await checkPackagePdfs(readerOf({ [brokenName]: broken }), [signedEvent(sha(broken))]);
    expect(problems.map((p) => p.code)).toEqual(['PDF_SIGNATURE_INVALID']);
    expect(problems[0]?.file).toBe(brokenName);

    // An unsigned document as uploaded is fine; a signed document without a signature is not.
    expect(await checkPackagePdfs(readerOf({ [`document-${sha(other)}.pdf`]: other }), [])).toEqual([]);
    const unsignedName = `signed-document-${sha(other)}.pdf`;
    expect(
      (await checkPackagePdfs(readerOf({ [unsignedName]: other }), [signedEvent(sha(other))])).map((p) => p.code),
    ).toEqual(['PDF_SIGNATURE_INVALID']);
  });
});

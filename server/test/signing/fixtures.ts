import { execFile } from 'node:child_process';
import { createPrivateKey } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { SignatureStrokes } from '@aircounter/protocol';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import type { CmsSigningKey } from '../../src/signing/cms.ts';
import { certificateDer } from '../../src/signing/cms.ts';

const run = promisify(execFile);

export interface TestCertificate {
  readonly key: CmsSigningKey;
  readonly certificateFile: string;
  readonly keyFile: string;
  readonly dispose: () => Promise<void>;
}

/**
 * A self-signed bank signing certificate made for the test by Debian's
 * openssl (RSA 2048 or EC P-256), with its PKCS #8 key.
 */
export async function makeTestCertificate(type: 'rsa' | 'ec' = 'rsa'): Promise<TestCertificate> {
  const dir = await mkdtemp(join(tmpdir(), 'aircounter-pdf-cert-'));
  const keyFile = join(dir, 'key.pem');
  const certificateFile = join(dir, 'cert.pem');
  const keyArgs = type === 'rsa' ? ['-newkey', 'rsa:2048'] : ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256'];
  await run('openssl', [
    'req',
    '-x509',
    ...keyArgs,
    '-nodes',
    '-keyout',
    keyFile,
    '-out',
    certificateFile,
    '-days',
    '2',
    '-subj',
    '/C=CN/O=Example Test Bank/CN=Example Test Bank Document Signing',
    '-addext',
    'keyUsage=critical,digitalSignature,nonRepudiation',
  ]);
  const key: CmsSigningKey = {
    certificate: certificateDer(await readFile(certificateFile)),
    privateKey: createPrivateKey(await readFile(keyFile)),
  };
  return { key, certificateFile, keyFile, dispose: () => rm(dir, { recursive: true, force: true }) };
}

/** A two-page contract written by the test itself (no third-party text); `heading` tells two apart. */
export async function makeContractPdf(heading = 'Sample loan agreement'): Promise<Uint8Array> {
  const document = await PDFDocument.create();
  const font = await document.embedFont(StandardFonts.Helvetica);
  for (const [index, line] of [`${heading}, page one.`, 'Page two. Signature of the borrower:'].entries()) {
    const page = document.addPage([595, 842]);
    page.drawText(line, { x: 72, y: 760, size: 14, font });
    page.drawText(`Page ${index + 1} of 2`, { x: 72, y: 40, size: 9, font });
  }
  return document.save();
}

/** A plausible signature: two strokes of a few dozen points across most of a 600×200 pad. */
export function sampleSignature(offset = 0): SignatureStrokes {
  const wave = (from: number, to: number, phase: number) =>
    Array.from({ length: 40 }, (_, index) => {
      const share = index / 39;
      return {
        x: from + (to - from) * share,
        y: 100 + 40 * Math.sin(share * Math.PI * 4 + phase) + offset,
        t: phase * 1000 + index * 20,
        pressure: 0.3 + 0.4 * share,
      };
    });
  return { canvas: { width: 600, height: 200 }, strokes: [wave(40, 300, 0), wave(320, 560, 1)] };
}

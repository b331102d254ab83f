import { X509Certificate } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadOrCreateDemoSigningCertificate, serialNumberBytes } from './demo-signing-certificate.ts';

// The demo's document-signing certificate must parse in OpenSSL every time:
// a random serial starting with a zero byte once made it refuse one (DER
// forbids the padding), and with it the demo's start.

describe('the demo document-signing certificate', () => {
  it('has a positive serial in minimal DER whatever the random bytes', () => {
    for (const first of [0x00, 0x01, 0x7f, 0x80, 0xff]) {
      const serial = serialNumberBytes(Uint8Array.from([first, 0x05, 0x80, 0x00]));
      expect(serial[0], `first byte ${first}`).toBeGreaterThan(0);
      expect(serial[0], `first byte ${first}`).toBeLessThan(0x80);
      expect([...serial.slice(1)]).toEqual([0x05, 0x80, 0x00]);
    }
  });

  it('is written once and read by OpenSSL', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'air-demo-cert-'));
    try {
      const files = await loadOrCreateDemoSigningCertificate(dir);
      const certificate = new X509Certificate(readFileSync(files.certificateFile));
      expect(certificate.subject).toContain('AirCounter demo bank');
      expect(await loadOrCreateDemoSigningCertificate(dir)).toEqual(files);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

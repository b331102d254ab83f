import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';

/** Where the demo's PDF signing certificate and its key are (PEM files, as AIR_PDF_SIGNING_*_FILE take them). */
export interface SigningCertificateFiles {
  readonly certificateFile: string;
  readonly keyFile: string;
}

const VALID_YEARS = 5;
const OID = {
  country: '2.5.4.6',
  organization: '2.5.4.10',
  commonName: '2.5.4.3',
  keyUsage: '2.5.29.15',
  basicConstraints: '2.5.29.19',
} as const;

/**
 * DEMO ONLY: a self-signed document-signing certificate (EC P-256), made on
 * the demo's first start in its data directory, so that the demo's signed
 * contracts carry a PAdES signature any PDF tool checks. A bank configures
 * AIR_PDF_SIGNING_CERT_FILE / AIR_PDF_SIGNING_KEY_FILE with a certificate its
 * own CA issued; a self-signed one proves integrity, not who the bank is.
 */
/**
 * A certificate serial from random bytes, positive and in minimal DER: the
 * top bit cleared (not negative) and the first byte never 0x00 (a leading
 * zero byte before one below 0x80 is padding DER forbids, and OpenSSL refuses
 * the certificate).
 */
export function serialNumberBytes(random: Uint8Array): Uint8Array {
  const serial = Uint8Array.from(random);
  serial[0] = ((serial[0] ?? 0) & 0x7f) | 0x01;
  return serial;
}

export async function loadOrCreateDemoSigningCertificate(dir: string): Promise<SigningCertificateFiles> {
  const files = {
    certificateFile: join(dir, 'demo-pdf-signing-cert.pem'),
    keyFile: join(dir, 'demo-pdf-signing-key.pem'),
  };
  if (existsSync(files.certificateFile) && existsSync(files.keyFile)) return files;
  const keys = await crypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, true, ['sign', 'verify']);
  const certificate = new pkijs.Certificate();
  certificate.version = 2;
  const serial = serialNumberBytes(randomBytes(16));
  certificate.serialNumber = new asn1js.Integer({ valueHex: serial });
  const name = [
    new pkijs.AttributeTypeAndValue({ type: OID.country, value: new asn1js.PrintableString({ value: 'CN' }) }),
    new pkijs.AttributeTypeAndValue({
      type: OID.organization,
      value: new asn1js.Utf8String({ value: 'AirCounter demo bank' }),
    }),
    new pkijs.AttributeTypeAndValue({
      type: OID.commonName,
      value: new asn1js.Utf8String({ value: 'AirCounter demo bank document signing (demonstration only)' }),
    }),
  ];
  certificate.subject = distinguishedName(name);
  certificate.issuer = distinguishedName(name);
  const now = new Date();
  certificate.notBefore.value = new Date(now.getTime() - 60_000);
  certificate.notAfter.value = new Date(now.getTime() + VALID_YEARS * 365 * 24 * 3600 * 1000);
  certificate.extensions = [
    new pkijs.Extension({
      extnID: OID.keyUsage,
      critical: true,
      // digitalSignature (bit 0) and nonRepudiation (bit 1): a key that signs documents, nothing else.
      extnValue: new asn1js.BitString({ valueHex: new Uint8Array([0xc0]), unusedBits: 6 }).toBER(false),
    }),
    new pkijs.Extension({
      extnID: OID.basicConstraints,
      critical: true,
      extnValue: new pkijs.BasicConstraints({ cA: false }).toSchema().toBER(false),
    }),
  ];
  await certificate.subjectPublicKeyInfo.importKey(keys.publicKey);
  await certificate.sign(keys.privateKey, 'SHA-256');
  const der = new Uint8Array(certificate.toSchema(true).toBER(false));
  const pkcs8 = new Uint8Array(await crypto.subtle.exportKey('pkcs8', keys.privateKey));
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  writeFileSync(files.keyFile, pem('PRIVATE KEY', pkcs8), { mode: 0o600 });
  writeFileSync(files.certificateFile, pem('CERTIFICATE', der), { mode: 0o644 });
  return files;
}

/**
 * One attribute per RDN (C, O, CN), as certificates usually name their
 * subject: pkijs would put all of them in one multi-valued RDN, so the name
 * is encoded here and read back.
 */
function distinguishedName(attributes: readonly pkijs.AttributeTypeAndValue[]): pkijs.RelativeDistinguishedNames {
  const der = new asn1js.Sequence({
    value: attributes.map((attribute) => new asn1js.Set({ value: [attribute.toSchema()] })),
  }).toBER(false);
  return new pkijs.RelativeDistinguishedNames({ schema: asn1js.fromBER(der).result });
}

function pem(label: string, der: Uint8Array): string {
  const lines =
    Buffer.from(der)
      .toString('base64')
      .match(/.{1,64}/g) ?? [];
  return `-----BEGIN ${label}-----\n${lines.join('\n')}\n-----END ${label}-----\n`;
}

import { createHash, createPublicKey, verify, X509Certificate } from 'node:crypto';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { OID } from './cms.ts';

// Checks every signature of a PDF (its /ByteRange and /Contents pairs)
// without trusting the PDF's structure beyond those two entries: the CMS
// signature must be valid over exactly the bytes the range covers, the
// range must cover the whole file except the signature's own hex string,
// and the ESS signing-certificate-v2 attribute must name the certificate
// that signed. Trust in the certificate itself (a bank's CA) is for the
// reader's PDF tool; this check proves integrity and who signed.

export interface PdfSignatureReport {
  /** True when every problem list is empty. */
  readonly valid: boolean;
  /** The byte range as written in the file. */
  readonly byteRange: readonly [number, number, number, number];
  /** The range covers the whole file but the signature's /Contents. */
  readonly coversWholeFile: boolean;
  readonly subFilter: string | undefined;
  /** The signer's certificate subject (RFC 2253-like, as node:crypto prints it). */
  readonly signer: string | undefined;
  readonly problems: readonly string[];
}

const BYTE_RANGE = /\/ByteRange\s*\[\s*(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s*\]/g;

function attributeValue(signerInfo: pkijs.SignerInfo, type: string): asn1js.AsnType | undefined {
  return signerInfo.signedAttrs?.attributes.find((item) => item.type === type)?.values[0] as asn1js.AsnType | undefined;
}

function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((value, index) => value === b[index]);
}

function subFilterNear(text: string, at: number): string | undefined {
  // The signature dictionary holds both entries; look around the range for its SubFilter.
  const window = text.slice(Math.max(0, at - 2048), at + 2048);
  return /\/SubFilter\s*\/([A-Za-z0-9.#_-]+)/.exec(window)?.[1];
}

function checkCms(der: Uint8Array, signedBytes: Uint8Array, problems: string[]): string | undefined {
  let signedData: pkijs.SignedData;
  try {
    const info = pkijs.ContentInfo.fromBER(Uint8Array.from(der).buffer);
    if (info.contentType !== OID.signedData) {
      problems.push('the signature is not CMS SignedData');
      return undefined;
    }
    signedData = new pkijs.SignedData({ schema: info.content });
  } catch {
    problems.push('the signature is not valid CMS');
    return undefined;
  }
  const [signerInfo] = signedData.signerInfos;
  const certificates = (signedData.certificates ?? []).filter(
    (item): item is pkijs.Certificate => item instanceof pkijs.Certificate,
  );
  if (!signerInfo || signedData.signerInfos.length !== 1) {
    problems.push('the signature must have exactly one signer');
    return undefined;
  }
  const sid = signerInfo.sid;
  const certificate =
    sid instanceof pkijs.IssuerAndSerialNumber
      ? certificates.find((item) => item.issuer.isEqual(sid.issuer) && item.serialNumber.isEqual(sid.serialNumber))
      : undefined;
  if (!certificate) {
    problems.push("the signer's certificate is not in the signature");
    return undefined;
  }
  const certificateDer = new Uint8Array(certificate.toSchema().toBER(false));
  const x509 = new X509Certificate(certificateDer);
  if (signerInfo.digestAlgorithm.algorithmId !== OID.sha256) problems.push('the digest algorithm is not SHA-256');
  if (!signerInfo.signedAttrs) {
    problems.push('the signature has no signed attributes');
    return x509.subject;
  }
  const digest = attributeValue(signerInfo, OID.messageDigest);
  const expected = createHash('sha256').update(signedBytes).digest();
  if (!(digest instanceof asn1js.OctetString) || !bytesEqual(digest.valueBlock.valueHexView, expected)) {
    problems.push('the signed bytes do not match the message digest (the document was changed)');
  }
  const essCertificate = attributeValue(signerInfo, OID.signingCertificateV2);
  const essHash =
    essCertificate instanceof asn1js.Sequence
      ? (essCertificate.valueBlock.value[0] as asn1js.Sequence | undefined)?.valueBlock.value[0]
      : undefined;
  const certHash =
    essHash instanceof asn1js.Sequence ? (essHash.valueBlock.value[0] as asn1js.AsnType | undefined) : undefined;
  const expectedCertHash = createHash('sha256').update(certificateDer).digest();
  if (!(certHash instanceof asn1js.OctetString) || !bytesEqual(certHash.valueBlock.valueHexView, expectedCertHash)) {
    problems.push("the ESS signing-certificate-v2 attribute does not name the signer's certificate");
  }
  // What was signed is the attributes' SET OF encoding, not the [0] IMPLICIT tag they are stored under.
  const attributesDer = new Uint8Array(signerInfo.signedAttrs.encodedValue);
  attributesDer[0] = 0x31;
  const signatureValue = signerInfo.signature.valueBlock.valueHexView;
  const publicKey = createPublicKey(x509.publicKey.export({ format: 'pem', type: 'spki' }));
  let signatureValid: boolean;
  try {
    signatureValid = verify('sha256', attributesDer, publicKey, signatureValue);
  } catch {
    // A malformed signature value (e.g. ECDSA DER that does not parse) is an invalid signature.
    signatureValid = false;
  }
  if (!signatureValid) problems.push("the CMS signature does not verify with the signer's certificate");
  return x509.subject;
}

/** Every signature of the PDF, in file order (none: an empty list). */
export function checkPdfSignatures(pdf: Uint8Array): PdfSignatureReport[] {
  const text = Buffer.from(pdf.buffer, pdf.byteOffset, pdf.byteLength).toString('latin1');
  const reports: PdfSignatureReport[] = [];
  for (const match of text.matchAll(BYTE_RANGE)) {
    const [a, b, c, d] = [match[1], match[2], match[3], match[4]].map(Number) as [number, number, number, number];
    // The byte range placeholder of an unsigned template is all zeros; it is not a signature.
    if (a === 0 && b === 0 && c === 0 && d === 0) continue;
    const problems: string[] = [];
    const inFile = a === 0 && b > 0 && c > b && c + d <= pdf.byteLength;
    const coversWholeFile = inFile && c + d === pdf.byteLength;
    let signer: string | undefined;
    if (!inFile) {
      problems.push('the byte range is outside the file');
    } else {
      if (!coversWholeFile) problems.push('the signature does not cover the whole document');
      const hex = text.slice(b, c);
      if (!/^<[0-9A-Fa-f]*>$/.test(hex)) {
        problems.push('the gap of the byte range is not the signature’s hex string');
      } else {
        // The hex string is zero-padded to its reserved size; the DER's own length ends it.
        const der = Buffer.from(hex.slice(1, -1), 'hex');
        const signedBytes = Buffer.concat([pdf.subarray(a, a + b), pdf.subarray(c, c + d)]);
        signer = checkCms(new Uint8Array(der), signedBytes, problems);
      }
    }
    reports.push({
      valid: problems.length === 0,
      byteRange: [a, b, c, d],
      coversWholeFile,
      subFilter: subFilterNear(text, match.index),
      signer,
      problems,
    });
  }
  return reports;
}

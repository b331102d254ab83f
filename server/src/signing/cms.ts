import { createHash, sign, X509Certificate, type KeyObject } from 'node:crypto';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';

// A CAdES detached signature (CMS SignedData without content) as PAdES
// baseline B-B asks for: content-type, message-digest and the ESS
// signing-certificate-v2 attribute signed; no signing-time attribute (the
// claimed time is the PDF signature dictionary's /M). Built with pkijs and
// asn1js; the signature itself is made by node:crypto so RSA and ECDSA keys
// work without a WebCrypto engine.

export const OID = {
  data: '1.2.840.113549.1.7.1',
  signedData: '1.2.840.113549.1.7.2',
  contentType: '1.2.840.113549.1.9.3',
  messageDigest: '1.2.840.113549.1.9.4',
  signingCertificateV2: '1.2.840.113549.1.9.16.2.47',
  sha256: '2.16.840.1.101.3.4.2.1',
  sha256WithRsa: '1.2.840.113549.1.1.11',
  ecdsaWithSha256: '1.2.840.10045.4.3.2',
} as const;

export interface CmsSigningKey {
  /** The signer's certificate (DER). */
  readonly certificate: Uint8Array;
  /** Its private key: RSA or EC. */
  readonly privateKey: KeyObject;
}

function sha256(bytes: Uint8Array): Buffer {
  return createHash('sha256').update(bytes).digest();
}

function arrayBuffer(bytes: Uint8Array): ArrayBuffer {
  return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
}

/** The signature algorithm that matches the key (PKCS #1 v1.5 for RSA, ECDSA for EC), with SHA-256. */
export function signatureAlgorithmFor(key: KeyObject): string {
  if (key.asymmetricKeyType === 'rsa') return OID.sha256WithRsa;
  if (key.asymmetricKeyType === 'ec') return OID.ecdsaWithSha256;
  throw new Error(`unsupported signing key type ${String(key.asymmetricKeyType)} (use RSA or EC)`);
}

/** ESS SigningCertificateV2 (RFC 5035) naming the signer's certificate by its SHA-256 and issuer/serial. */
function signingCertificateV2(certificate: pkijs.Certificate, der: Uint8Array): asn1js.Sequence {
  const issuerSerial = new asn1js.Sequence({
    value: [
      // GeneralNames with one directoryName [4] holding the issuer.
      new asn1js.Sequence({
        value: [
          new asn1js.Constructed({ idBlock: { tagClass: 3, tagNumber: 4 }, value: [certificate.issuer.toSchema()] }),
        ],
      }),
      new asn1js.Integer({ valueHex: certificate.serialNumber.valueBlock.valueHexView.slice().buffer }),
    ],
  });
  // The hash algorithm is omitted: SHA-256 is ESSCertIDv2's DEFAULT (DER leaves defaults out).
  const essCertId = new asn1js.Sequence({
    value: [new asn1js.OctetString({ valueHex: arrayBuffer(sha256(der)) }), issuerSerial],
  });
  return new asn1js.Sequence({ value: [new asn1js.Sequence({ value: [essCertId] })] });
}

function attribute(type: string, value: asn1js.AsnType): pkijs.Attribute {
  return new pkijs.Attribute({ type, values: [value] });
}

function compareBytes(a: Uint8Array, b: Uint8Array): number {
  const length = Math.min(a.length, b.length);
  for (let index = 0; index < length; index += 1) {
    const difference = (a[index] ?? 0) - (b[index] ?? 0);
    if (difference !== 0) return difference;
  }
  return a.length - b.length;
}

/**
 * The DER of signed attributes as they are signed: a SET OF (tag 0x31) in DER
 * order. The same attributes go into the SignerInfo under [0] IMPLICIT.
 */
export function signedAttributesDer(attributes: readonly pkijs.Attribute[]): Uint8Array {
  const set = new asn1js.Set({ value: attributes.map((item) => item.toSchema()) });
  return new Uint8Array(set.toBER(false));
}

/** Attributes in DER SET OF order (by their encodings). */
function derOrdered(attributes: pkijs.Attribute[]): pkijs.Attribute[] {
  const encoded = attributes.map((item) => ({ item, der: new Uint8Array(item.toSchema().toBER(false)) }));
  return encoded.sort((a, b) => compareBytes(a.der, b.der)).map(({ item }) => item);
}

/**
 * A DER CMS ContentInfo holding a detached CAdES signature of `content`
 * (for a PDF: the bytes its /ByteRange covers).
 */
export function createCadesDetachedSignature(content: Uint8Array, key: CmsSigningKey): Uint8Array {
  const certificate = pkijs.Certificate.fromBER(arrayBuffer(key.certificate));
  const signatureAlgorithm = signatureAlgorithmFor(key.privateKey);
  const attributes = derOrdered([
    attribute(OID.contentType, new asn1js.ObjectIdentifier({ value: OID.data })),
    attribute(OID.messageDigest, new asn1js.OctetString({ valueHex: arrayBuffer(sha256(content)) })),
    attribute(OID.signingCertificateV2, signingCertificateV2(certificate, key.certificate)),
  ]);
  const signature = sign('sha256', signedAttributesDer(attributes), key.privateKey);
  const signerInfo = new pkijs.SignerInfo({
    version: 1,
    sid: new pkijs.IssuerAndSerialNumber({ issuer: certificate.issuer, serialNumber: certificate.serialNumber }),
    digestAlgorithm: new pkijs.AlgorithmIdentifier({ algorithmId: OID.sha256 }),
    signedAttrs: new pkijs.SignedAndUnsignedAttributes({ type: 0, attributes }),
    // RSA keeps the NULL parameters of its AlgorithmIdentifier; ECDSA has none (RFC 5754).
    signatureAlgorithm: new pkijs.AlgorithmIdentifier(
      signatureAlgorithm === OID.sha256WithRsa
        ? { algorithmId: signatureAlgorithm, algorithmParams: new asn1js.Null() }
        : { algorithmId: signatureAlgorithm },
    ),
    signature: new asn1js.OctetString({ valueHex: arrayBuffer(signature) }),
  });
  const signedData = new pkijs.SignedData({
    version: 1,
    digestAlgorithms: [new pkijs.AlgorithmIdentifier({ algorithmId: OID.sha256 })],
    encapContentInfo: new pkijs.EncapsulatedContentInfo({ eContentType: OID.data }),
    certificates: [certificate],
    signerInfos: [signerInfo],
  });
  const contentInfo = new pkijs.ContentInfo({ contentType: OID.signedData, content: signedData.toSchema(true) });
  return new Uint8Array(contentInfo.toSchema().toBER(false));
}

/** A PEM or DER certificate as DER (checked by node:crypto's parser). */
export function certificateDer(pemOrDer: Uint8Array | string): Uint8Array {
  return new Uint8Array(new X509Certificate(pemOrDer).raw);
}

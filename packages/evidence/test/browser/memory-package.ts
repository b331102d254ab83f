/// <reference types="mocha" />
import {
  canonicalJson,
  entryLine,
  eventLogGenesis,
  jwkThumbprint,
  sealEntry,
  sha256Hex,
  toBase64Url,
  utf8,
  type Ed25519PublicJwk,
  type EventEntry,
  type JsonObject,
  type EvidenceReader,
  type Manifest,
} from '../../src/index.ts';

/** A package held in memory, built in the page with WebCrypto (as the server would write it). */
export interface MemoryPackage {
  readonly files: Map<string, Uint8Array>;
  readonly publicJwk: Ed25519PublicJwk;
  readonly sessionId: string;
}

export async function buildMemoryPackage(sessionId: string, mediaBytes: number): Promise<MemoryPackage> {
  const keys = (await crypto.subtle.generateKey({ name: 'Ed25519' }, true, ['sign', 'verify'])) as CryptoKeyPair;
  const exported = await crypto.subtle.exportKey('jwk', keys.publicKey);
  const publicJwk: Ed25519PublicJwk = { kty: 'OKP', crv: 'Ed25519', x: exported.x ?? '' };
  const keyId = await jwkThumbprint(publicJwk);

  const media = new Uint8Array(mediaBytes);
  for (let offset = 0; offset < media.length; offset += 65_536) {
    crypto.getRandomValues(media.subarray(offset, Math.min(offset + 65_536, media.length)));
  }
  const types = ['session.opened', 'peer.joined', 'consent.given', 'recording.state', 'evidence.finalized'];
  let prev = await eventLogGenesis(sessionId);
  let log = '';
  for (const [seq, type] of types.entries()) {
    const data: JsonObject = type === 'evidence.finalized' ? { complete: true, reason: null } : { step: seq };
    const entry: EventEntry = await sealEntry({
      seq,
      time: new Date(Date.UTC(2026, 2, 1, 9, 0, seq)).toISOString(),
      mediaTimeMs: seq >= 3 ? (seq - 3) * 1000 : null,
      type,
      data,
      prev,
    });
    prev = entry.hash;
    log += entryLine(entry);
  }
  const manifest: Manifest = {
    format: 'aircounter.evidence.manifest.v1',
    sessionId,
    createdAt: '2026-03-01T09:00:00.000Z',
    finalizedAt: '2026-03-01T09:10:00.000Z',
    complete: true,
    incompleteReason: null,
    files: [{ name: 'recording.webm', size: media.length, sha256: await sha256Hex(media), mediaType: 'video/webm' }],
    eventLog: { name: 'events.jsonl', entries: types.length, headHash: prev },
    keyId,
    algorithm: 'Ed25519',
  };
  const manifestBytes = utf8(canonicalJson(manifest));
  const signature = new Uint8Array(await crypto.subtle.sign({ name: 'Ed25519' }, keys.privateKey, manifestBytes));
  const envelope = {
    format: 'aircounter.evidence.signature.v1',
    algorithm: 'Ed25519',
    keyId,
    signature: toBase64Url(signature),
  };
  const files = new Map<string, Uint8Array>([
    ['events.jsonl', utf8(log)],
    ['manifest.json', manifestBytes],
    ['manifest.sig', utf8(canonicalJson(envelope))],
    ['recording.webm', media],
  ]);
  return { files, publicJwk, sessionId };
}

/** A reader over the in-memory files that streams in 16 KiB chunks (no native hash: the JS SHA-256 runs). */
export function memoryReader(pkg: MemoryPackage): EvidenceReader {
  return {
    expectedSessionId: pkg.sessionId,
    list: async () => [...pkg.files].map(([name, bytes]) => ({ name, size: bytes.byteLength })),
    read: async (name) => pkg.files.get(name),
    async *stream(name) {
      const bytes = pkg.files.get(name) ?? new Uint8Array();
      for (let offset = 0; offset < bytes.length; offset += 16_384) yield bytes.subarray(offset, offset + 16_384);
    },
  };
}

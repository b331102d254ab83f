/// <reference types="mocha" />
import { expect } from 'chai';
import { sha256Hex, sha256OfStream, utf8, verifyEvidence } from '../../src/index.ts';
import { buildMemoryPackage, memoryReader } from './memory-package.ts';

describe('@aircounter/evidence in Chromium (WebCrypto)', () => {
  it('verifies a package signed in the page, hashing a 3 MB recording as a stream', async () => {
    const pkg = await buildMemoryPackage('browser-1', 3_000_000);
    const report = await verifyEvidence(memoryReader(pkg), { publicKeys: [pkg.publicJwk] });
    expect(report.problems).to.deep.equal([]);
    expect(report.ok).to.equal(true);
    expect(report.signature).to.equal('valid');
    expect(report.events.map((e) => e.seq)).to.deep.equal([0, 1, 2, 3, 4]);
  });

  it('reports a flipped byte, an edited event and a foreign key with their own codes', async () => {
    const flipped = await buildMemoryPackage('browser-2', 100_000);
    const media = flipped.files.get('recording.webm') ?? new Uint8Array();
    media[50_000] = (media[50_000] ?? 0) ^ 1;
    const codes = async (pkg: typeof flipped, keys = [pkg.publicJwk]) =>
      (await verifyEvidence(memoryReader(pkg), { publicKeys: keys })).problems.map((p) => p.code);
    expect(await codes(flipped)).to.deep.equal(['MEDIA_HASH_MISMATCH']);

    const edited = await buildMemoryPackage('browser-3', 1000);
    const log = new TextDecoder().decode(edited.files.get('events.jsonl'));
    edited.files.set('events.jsonl', utf8(log.replace('"step":2', '"step":9')));
    expect(await codes(edited)).to.deep.equal(['LOG_LINE_EDITED']);

    const other = await buildMemoryPackage('browser-4', 1000);
    expect(await codes(other, [flipped.publicJwk])).to.deep.equal(['UNKNOWN_KEY']);
  });

  it('trusts a key the server publishes only with the explicit opt-in (the badge default is strict)', async () => {
    const pkg = await buildMemoryPackage('browser-5', 1000);
    const strict = await verifyEvidence(memoryReader(pkg), { publicKeys: [], serverPublishedKeys: [pkg.publicJwk] });
    expect(strict.verdict).to.equal('UNTRUSTED_KEY');
    expect(strict.signature).to.equal('valid');
    expect(strict.keyTrust).to.equal('untrusted');
    const optedIn = await verifyEvidence(memoryReader(pkg), {
      publicKeys: [],
      serverPublishedKeys: [pkg.publicJwk],
      trustServerPublishedKeys: true,
    });
    expect(optedIn.verdict).to.equal('VERIFIED');
    expect(optedIn.keyTrust).to.equal('server-published');
  });

  it('checks the manifest bytes as stored: reordered members are TAMPERED', async () => {
    const pkg = await buildMemoryPackage('browser-6', 1000);
    const manifest = JSON.parse(new TextDecoder().decode(pkg.files.get('manifest.json'))) as Record<string, unknown>;
    const reordered = Object.fromEntries(Object.entries(manifest).reverse());
    pkg.files.set('manifest.json', utf8(JSON.stringify(reordered)));
    const report = await verifyEvidence(memoryReader(pkg), { publicKeys: [pkg.publicJwk] });
    expect(report.problems.map((p) => p.code)).to.deep.equal(['MANIFEST_NOT_CANONICAL', 'SIGNATURE_INVALID']);
    expect(report.verdict).to.equal('TAMPERED');
  });

  it('hashes streams with the incremental SHA-256 exactly as WebCrypto does', async () => {
    const bytes = new Uint8Array(200_003).map((_, i) => (i * 31) & 255);
    async function* chunks() {
      for (let i = 0; i < bytes.length; i += 4099) yield bytes.subarray(i, i + 4099);
    }
    const streamed = await sha256OfStream(chunks());
    expect(streamed).to.deep.equal({ sha256: await sha256Hex(bytes), size: bytes.length });
  });
});

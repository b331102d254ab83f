/// <reference types="mocha" />
import { expect } from 'chai';
import {
  FIXTURE_BASE_URL,
  replayFixture,
  type ReplayFixture,
} from '../../../../../tests/support/replay-fixture/fixture-client.ts';
import { jwkThumbprint, parseManifest, toHex, verifyEvidence, type Ed25519PublicJwk } from '../../../src/index.ts';
import { createAuditorSource, evidenceReaderFor } from '../../../src/replay/index.ts';

// createAuditorSource against the real auditor API of the replay fixture
// (server routes, real auditor token, packages signed by the server's code).
let setup: ReplayFixture;

before(async function () {
  this.timeout(120_000);
  setup = await replayFixture();
});

const CAMERA = 'recording-rtest1.c1.camera.000.webm';

/** A fetch that records the paths it was asked for. */
function countingFetch(): { fetch: typeof fetch; paths: string[] } {
  const paths: string[] = [];
  return {
    paths,
    fetch: (input, init) => {
      paths.push(new URL(String(input)).pathname);
      return fetch(input, init);
    },
  };
}

async function rejection(promise: Promise<unknown>): Promise<Error & { code?: unknown }> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof Error) return error;
    throw new Error(`rejected with a non-Error: ${String(error)}`, { cause: error });
  }
  throw new Error('expected a rejection');
}

describe('createAuditorSource', () => {
  it('lists sessions with their summaries, filtered and paginated by the API', async () => {
    const source = createAuditorSource({ baseUrl: FIXTURE_BASE_URL, token: setup.token });
    const all = await source.listSessions();
    expect(all.sessions.map((s) => s.sessionId)).to.have.members(Object.values(setup.sessions));
    const good = all.sessions.find((s) => s.sessionId === setup.sessions.good);
    expect(good).to.include({ status: 'complete', agentId: 'agent-7', reference: 'loan-42', incompleteReason: null });
    expect(all.nextCursor).to.equal(null);

    expect((await source.listSessions({ status: 'open' })).sessions).to.deep.equal([]);
    const seen: string[] = [];
    let cursor: string | undefined;
    for (let page = 0; page < 5; page++) {
      const result = await source.listSessions({ limit: 1, ...(cursor ? { cursor } : {}) });
      seen.push(...result.sessions.map((s) => s.sessionId));
      if (result.nextCursor === null) break;
      cursor = result.nextCursor;
    }
    expect(seen).to.deep.equal(all.sessions.map((s) => s.sessionId));
  });

  it('downloads each file once and plays the very bytes the manifest signed', async () => {
    const counting = countingFetch();
    const source = createAuditorSource({ baseUrl: FIXTURE_BASE_URL, token: setup.token, fetch: counting.fetch });
    const sessionId = setup.sessions.good;
    const names = (await source.listFiles(sessionId)).map((file) => file.name);
    expect(names).to.include.members(['events.jsonl', 'manifest.json', 'manifest.sig', CAMERA]);

    const manifestBytes = await source.read(sessionId, 'manifest.json');
    const manifest = parseManifest(JSON.parse(new TextDecoder().decode(manifestBytes)));
    if (!manifest.ok) throw new Error(manifest.error);
    const listed = manifest.value.files.find((file) => file.name === CAMERA);

    const url = await source.mediaUrl(sessionId, CAMERA);
    expect(url.startsWith('blob:')).to.equal(true);
    const played = new Uint8Array(await (await fetch(url)).arrayBuffer());
    expect(played.byteLength).to.equal(listed?.size);
    expect(toHex(new Uint8Array(await crypto.subtle.digest('SHA-256', played)))).to.equal(listed?.sha256);

    const streamed: Uint8Array[] = [];
    for await (const chunk of source.stream(sessionId, CAMERA)) streamed.push(chunk);
    expect(streamed.reduce((sum, chunk) => sum + chunk.byteLength, 0)).to.equal(listed?.size);
    await source.read(sessionId, CAMERA);
    const cameraPath = `/replay-fixture/api/v1/evidence/sessions/${sessionId}/files/${CAMERA}`;
    expect(counting.paths.filter((path) => path === cameraPath)).to.have.length(1);
    expect(await source.read(sessionId, 'no-such-file.webm')).to.equal(undefined);

    // Released: the URL is revoked and the next read downloads again.
    source.release(sessionId);
    const revoked = await fetch(url).then(
      () => 'readable',
      () => 'revoked',
    );
    expect(revoked).to.equal('revoked');
    await source.read(sessionId, CAMERA);
    expect(counting.paths.filter((path) => path === cameraPath)).to.have.length(2);
  });

  it("trusts the server's published keys by default, pinned keys when given", async () => {
    const published = createAuditorSource({ baseUrl: FIXTURE_BASE_URL, token: setup.token });
    const keys = await published.signingKeys();
    expect(keys).to.have.length(1);
    const report = await verifyEvidence(evidenceReaderFor(published, setup.sessions.good), { publicKeys: keys });
    expect(report.ok).to.equal(true);
    expect(report.keyId).to.equal(await jwkThumbprint(keys[0] ?? { x: '' }));

    const generated = (await crypto.subtle.generateKey({ name: 'Ed25519' }, true, ['sign', 'verify'])) as CryptoKeyPair;
    const foreign = (await crypto.subtle.exportKey('jwk', generated.publicKey)) as { x?: string };
    const pinnedKey: Ed25519PublicJwk = { kty: 'OKP', crv: 'Ed25519', x: foreign.x ?? '' };
    const pinned = createAuditorSource({ baseUrl: FIXTURE_BASE_URL, token: setup.token, signingKeys: [pinnedKey] });
    expect(await pinned.signingKeys()).to.deep.equal([pinnedKey]);
    const refused = await verifyEvidence(evidenceReaderFor(pinned, setup.sessions.good), {
      publicKeys: await pinned.signingKeys(),
    });
    expect(refused.ok).to.equal(false);
    expect(refused.problems.map((p) => p.code)).to.deep.equal(['UNKNOWN_KEY']);
  });

  it('fails with error codes: refused token, unknown session, bad session id, unreachable server', async () => {
    const badToken = createAuditorSource({ baseUrl: FIXTURE_BASE_URL, token: 'not-a-token' });
    expect((await rejection(badToken.listFiles(setup.sessions.good))).code).to.equal('AUTH_INVALID_TOKEN');
    expect((await rejection(badToken.listSessions())).code).to.equal('AUTH_INVALID_TOKEN');

    let asked = 0;
    const source = createAuditorSource({
      baseUrl: FIXTURE_BASE_URL,
      token: () => {
        asked += 1;
        return setup.token;
      },
    });
    expect((await rejection(source.listFiles('no-such-session'))).code).to.equal('EVIDENCE_NOT_FOUND');
    expect(asked).to.equal(1);
    expect((await rejection(source.listFiles('../escape'))).code).to.equal('INVALID_PARAMS');
    expect((await rejection(source.mediaUrl(setup.sessions.good, 'absent.webm'))).code).to.equal('EVIDENCE_NOT_FOUND');

    const offline = createAuditorSource({ baseUrl: 'http://127.0.0.1:9', token: setup.token });
    expect((await rejection(offline.listFiles(setup.sessions.good))).code).to.equal('CONNECTION_LOST');
    expect((await rejection(offline.signingKeys())).code).to.equal('CONNECTION_LOST');
  });
});

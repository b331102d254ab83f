// Browser side of the replay fixture (see wtr-replay-fixture.ts): where the
// auditor API of the test packages answers, and the token and session ids.

/** Base URL of the fixture's auditor API (same origin, proxied by the test runner). */
export const FIXTURE_BASE_URL = `${location.origin}/replay-fixture`;

export interface ReplayFixture {
  /** A real auditor token for the fixture's API. */
  readonly token: string;
  readonly sessions: {
    readonly good: string;
    readonly tampered: string;
    readonly untimed: string;
    /** A session that ran a journey (chapters; the definition artifact in the package). */
    readonly journey: string;
    /** A session that signed a document face to face (two attempts, a redo, an attestation, a signed PDF). */
    readonly signing: string;
  };
}

let loading: Promise<ReplayFixture> | undefined;

/** The fixture (started on first use: ffmpeg encodes its clips, allow a minute on a busy machine). */
export function replayFixture(): Promise<ReplayFixture> {
  loading ??= fetch(`${FIXTURE_BASE_URL}/setup`).then(async (response) => {
    if (!response.ok) throw new Error(`replay fixture: HTTP ${response.status}`);
    return (await response.json()) as ReplayFixture;
  });
  return loading;
}

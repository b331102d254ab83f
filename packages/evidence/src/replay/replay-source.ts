import type { Ed25519PublicJwk } from '../keys.ts';
import type { EvidenceReader, PackageFileInfo } from '../reader.ts';

/**
 * Everything `<air-session-replay>` reads, handed to it by the page: the
 * element itself has no network code. `createAuditorSource()` implements it
 * over the auditor REST API; a test or another storage back end can
 * implement it over anything that yields the package's bytes.
 *
 * The raw files are read (not a server's parsed view of them) because the
 * same bytes are shown and verified: the event log the markers come from and
 * the media that play are the ones the integrity check hashed.
 */
export interface ReplaySource {
  /** Every file of the session's evidence package (name and size). */
  listFiles(sessionId: string): Promise<readonly PackageFileInfo[]>;
  /** A whole file (manifest.json, events.jsonl, timing summaries …); undefined when it does not exist. */
  read(sessionId: string, name: string): Promise<Uint8Array | undefined>;
  /** A file as chunks, so that large media are hashed without one big buffer. Optional. */
  stream?(sessionId: string, name: string): AsyncIterable<Uint8Array>;
  /**
   * A URL a `<video>` or `<audio>` can play the file from without sending
   * any header (e.g. a `blob:` URL of bytes fetched with the auditor token).
   * The element hands it back through {@link releaseMediaUrl} when done.
   */
  mediaUrl(sessionId: string, name: string): Promise<string>;
  /** Frees what {@link mediaUrl} allocated (e.g. `URL.revokeObjectURL`). */
  releaseMediaUrl?(url: string): void;
  /** The keys the deployment pins: the only keys trusted to sign manifests by default. */
  signingKeys(): Promise<readonly Ed25519PublicJwk[]>;
  /** The keys the server currently publishes, when the source can read them (reported, not trusted, by default). */
  serverPublishedKeys?(): Promise<readonly Ed25519PublicJwk[]>;
  /** Explicit opt-in: trust {@link serverPublishedKeys} as if they were pinned. */
  readonly trustServerPublishedKeys?: boolean;
  /** The element no longer shows `sessionId`: drop cached bytes, stop downloads. */
  release?(sessionId: string): void;
}

/**
 * The package of one session as the shared verifier reads it. Once `signal`
 * is aborted every further read fails with its reason, so a verification
 * nobody waits for stops at the next file (or chunk) instead of hashing on.
 */
export function evidenceReaderFor(source: ReplaySource, sessionId: string, signal?: AbortSignal): EvidenceReader {
  const stream = source.stream?.bind(source);
  const checked = <T>(read: () => Promise<T>): Promise<T> => {
    signal?.throwIfAborted();
    return read();
  };
  return {
    expectedSessionId: sessionId,
    list: () => checked(() => source.listFiles(sessionId)),
    read: (name) => checked(() => source.read(sessionId, name)),
    ...(stream
      ? {
          stream: async function* (name: string) {
            for await (const chunk of stream(sessionId, name)) {
              signal?.throwIfAborted();
              yield chunk;
            }
          },
        }
      : {}),
  };
}

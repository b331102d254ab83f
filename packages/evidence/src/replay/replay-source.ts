import type { Ed25519PublicJwk, EvidenceReader, PackageFileInfo } from '../index.ts';

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
  /** Public keys trusted to sign manifests (the server's published set, or keys the bank pinned). */
  signingKeys(): Promise<readonly Ed25519PublicJwk[]>;
  /** The element no longer shows `sessionId`: drop cached bytes, stop downloads. */
  release?(sessionId: string): void;
}

/** The package of one session as the shared verifier reads it. */
export function evidenceReaderFor(source: ReplaySource, sessionId: string): EvidenceReader {
  const stream = source.stream?.bind(source);
  return {
    expectedSessionId: sessionId,
    list: () => source.listFiles(sessionId),
    read: (name) => source.read(sessionId, name),
    ...(stream ? { stream: (name: string) => stream(sessionId, name) } : {}),
  };
}

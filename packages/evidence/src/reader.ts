/** A file of a package as its store lists it. */
export interface PackageFileInfo {
  readonly name: string;
  readonly size: number;
}

/**
 * How the verifier reads a package, wherever it is: a directory (Node, the
 * CLI), the auditor REST API (browser), a test fixture. Only `list` and
 * `read` are required; `stream` and `sha256` let a reader hash large media
 * files without holding them in memory.
 */
export interface EvidenceReader {
  /** The session the package is expected to be (directory name, URL); checked against the manifest. */
  readonly expectedSessionId?: string;
  /** Every file of the package. */
  list(): Promise<readonly PackageFileInfo[]>;
  /** The whole file, or undefined when it does not exist. */
  read(name: string): Promise<Uint8Array | undefined>;
  /** The file as a stream of chunks (hashed incrementally in the verifier). */
  stream?(name: string): AsyncIterable<Uint8Array>;
  /** A native SHA-256 of the file (e.g. node:crypto over a file stream), hex, with the bytes hashed. */
  sha256?(name: string): Promise<{ readonly sha256: string; readonly size: number }>;
}

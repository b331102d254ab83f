import { EVENTS_FILE, MANIFEST_FILE } from '../format.ts';
import { TIMING_FILE_PATTERN } from '../timing.ts';
import {
  groupTracks,
  markersOf,
  packageFiles,
  parseEventLog,
  parseManifestBytes,
  participantsOf,
  timedTracks,
  untimedTracks,
  type ReplayGroup,
  type ReplayMarker,
  type ReplayParticipant,
  type ReplayTrack,
} from './replay-model.ts';
import { journeyDefinitionFile, journeyOf, type ReplayJourney } from './journey-chapters.ts';
import { documentsOf, type ReplayDocument } from './signing-documents.ts';
import type { ReplaySource } from './replay-source.ts';

/** Everything a replay shows, with a playable URL per media file. */
export interface LoadedReplay {
  readonly sessionId: string;
  readonly tracks: readonly ReplayTrack[];
  readonly groups: readonly ReplayGroup[];
  readonly markers: readonly ReplayMarker[];
  readonly participants: ReadonlyMap<string, ReplayParticipant>;
  /** file name → URL from `source.mediaUrl`. */
  readonly urls: ReadonlyMap<string, string>;
  /** Whether a timing summary placed the media; false: every file starts at 0. */
  readonly timed: boolean;
  /** From the manifest (when present): false if the session ended abnormally. */
  readonly complete: boolean | undefined;
  readonly incompleteReason: string | null;
  /** The journey the session ran, as chapters (undefined when it ran none). */
  readonly journey: ReplayJourney | undefined;
  /**
   * The documents signed in the session (empty when none). Their files are
   * not read here: `readArtifact` reads one when the reviewer asks, checked
   * against the hash its event names.
   */
  readonly documents: readonly ReplayDocument[];
}

export interface LoadReplayOptions {
  /** Stops the load (it rejects with the signal's reason) and hands back any media URL it already took. */
  readonly signal?: AbortSignal;
}

/**
 * Reads a session's package from `source`: the manifest (for the file list),
 * the event log (markers, names), the recordings' timing summaries (where each
 * medium sits on the timeline)
 * and a URL per medium. Throws when the source fails; a damaged package loads
 * as far as it can (the integrity check reports the damage).
 */
export async function loadReplay(
  source: ReplaySource,
  sessionId: string,
  options: LoadReplayOptions = {},
): Promise<LoadedReplay> {
  const { signal } = options;
  signal?.throwIfAborted();
  const [listing, manifestBytes, eventBytes] = await Promise.all([
    source.listFiles(sessionId),
    source.read(sessionId, MANIFEST_FILE),
    source.read(sessionId, EVENTS_FILE),
  ]);
  signal?.throwIfAborted();
  const manifest = parseManifestBytes(manifestBytes);
  const stored = new Set(listing.map((file) => file.name));
  const files = packageFiles(manifest, listing).filter((file) => stored.has(file.name));
  const entries = eventBytes === undefined ? [] : parseEventLog(eventBytes);

  // One timing summary per recording (a session can be recorded, stopped and recorded again).
  const summaries = files.filter((file) => TIMING_FILE_PATTERN.test(file.name));
  const timed = (
    await Promise.all(
      summaries.map(async (file) => {
        const bytes = await source.read(sessionId, file.name);
        return bytes === undefined ? [] : timedTracks(bytes, stored);
      }),
    )
  ).flat();
  signal?.throwIfAborted();
  // A file named by two summaries (should not happen) is played once, as the first names it.
  const seen = new Set<string>();
  const uniqueTimed = timed.filter((track) => !seen.has(track.file) && seen.add(track.file));
  const tracks = uniqueTimed.length > 0 ? uniqueTimed : untimedTracks(files);

  // The journey's texts come from the definition artifact its first event names.
  const definitionFile = journeyDefinitionFile(entries);
  const definition =
    definitionFile !== undefined && stored.has(definitionFile)
      ? await source.read(sessionId, definitionFile)
      : undefined;
  signal?.throwIfAborted();
  const participants = participantsOf(entries);
  const urls = new Map<string, string>();
  try {
    await Promise.all(
      tracks.map(async (track) => {
        urls.set(track.file, await source.mediaUrl(sessionId, track.file));
      }),
    );
    signal?.throwIfAborted();
  } catch (error) {
    for (const url of urls.values()) source.releaseMediaUrl?.(url);
    throw error;
  }
  return {
    sessionId,
    tracks,
    groups: groupTracks(tracks, participants),
    markers: markersOf(entries),
    participants,
    urls,
    timed: uniqueTimed.length > 0,
    complete: manifest?.complete,
    incompleteReason: manifest?.incompleteReason ?? null,
    journey: journeyOf(entries, definition),
    documents: documentsOf(entries),
  };
}

/** Hands every URL of a replay back to its source. */
export function releaseReplay(source: ReplaySource, replay: LoadedReplay): void {
  for (const url of replay.urls.values()) source.releaseMediaUrl?.(url);
}

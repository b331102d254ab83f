import * as v from 'valibot';
import { fromUtf8 } from '../encoding.ts';
import { mediaTypeFor, type JsonObject, type Manifest } from '../format.ts';
import { parseManifest } from '../manifest.ts';
import { isEventType, type EventType } from '../events/table.ts';
import type { PackageFileInfo } from '../reader.ts';
import { TimingSegment, TimingSummary } from '../timing.ts';

// What the replay shows, read from the package's own files. Parsing is
// lenient on purpose: a damaged package must still be watchable, and the
// integrity check (not this code) is what reports the damage.

export type TrackKind = 'video' | 'audio';

/** One media file placed on the session timeline (media time, ms, as the event log's `mediaTimeMs`). */
export interface ReplayTrack {
  readonly file: string;
  readonly kind: TrackKind;
  /**
   * Segments of one participant's one source (a restart, a rejoin) share a
   * lane: one place on screen, showing whichever segment has media now.
   */
  readonly lane: string;
  readonly peerId: string | undefined;
  readonly role: string | undefined;
  /** `camera`, `microphone`, `screen` … when known. */
  readonly source: string | undefined;
  /** Media time of the file's first frame (its pts 0). */
  readonly startMs: number;
  /** Media time where the file ends, when the timeline says so (else the file's own duration is used). */
  readonly endMs: number | undefined;
}

export interface ReplayParticipant {
  readonly peerId: string;
  readonly role: string | undefined;
  readonly displayName: string | undefined;
}

export type MarkerKind =
  | 'join'
  | 'leave'
  | 'consent'
  | 'consent-withdrawn'
  | 'consent-declined'
  | 'consent-external'
  | 'recording'
  | 'gap'
  | 'liveness'
  | 'journey-answer-refused'
  | 'journey-override-needed'
  | 'journey-blocked'
  | 'authorization-requested'
  | 'authorization-escalated'
  | 'authorization'
  | 'authorization-closed'
  | 'document-read'
  | 'signature'
  | 'signature-refused'
  | 'signature-redo'
  | 'signature-attested'
  | 'document-signed'
  | 'repair'
  | 'session-end';

/** An event of the log worth jumping to. */
export interface ReplayMarker {
  readonly seq: number;
  readonly type: string;
  readonly kind: MarkerKind;
  /** As logged: null before the recording started. */
  readonly mediaTimeMs: number | null;
  /** Where a jump goes: `mediaTimeMs`, or 0 for events before the recording. */
  readonly atMs: number;
  readonly time: string;
  readonly peerId: string | undefined;
  readonly data: JsonObject;
}

/** A log entry as far as the replay needs it. */
export interface LooseEntry {
  readonly seq: number;
  readonly time: string;
  readonly mediaTimeMs: number | null;
  readonly type: string;
  readonly data: JsonObject;
}

/**
 * The event types a reviewer jumps to, keyed by the evidence event table's
 * types (a name the server does not write fails the type check). Journey
 * steps (started, completed, interrupted, skipped, ended) are the chapters of
 * `journeyOf`, so only the journey events chapters do not show are here.
 * Page views are left out: a long document logs hundreds of them.
 */
const MARKER_KINDS = {
  'peer.joined': 'join',
  'peer.left': 'leave',
  'consent.given': 'consent',
  'consent.external': 'consent-external',
  'consent.withdrawn': 'consent-withdrawn',
  'consent.declined': 'consent-declined',
  'recording.state': 'recording',
  'recording.gap': 'gap',
  'liveness.decided': 'liveness',
  'journey.step.answered': 'journey-answer-refused',
  'journey.step.awaiting-override': 'journey-override-needed',
  'journey.blocked': 'journey-blocked',
  'authorization.requested': 'authorization-requested',
  'authorization.escalated': 'authorization-escalated',
  'authorization.decided': 'authorization',
  'authorization.closed': 'authorization-closed',
  'signing.document.read-confirmed': 'document-read',
  'signing.signature.submitted': 'signature',
  'signing.signature.refused': 'signature-refused',
  'signing.signature.redo-requested': 'signature-redo',
  'signing.signature.attested': 'signature-attested',
  'signing.document.signed': 'document-signed',
  'evidence.log.repaired': 'repair',
  'session.ended': 'session-end',
} as const satisfies Partial<Record<EventType, MarkerKind>>;

/** The marker kind of an entry's type; undefined for types nobody jumps to (and for types this reader does not know). */
export function markerKindOf(type: string): MarkerKind | undefined {
  if (!isEventType(type) || !Object.hasOwn(MARKER_KINDS, type)) return undefined;
  return (MARKER_KINDS as Partial<Record<EventType, MarkerKind>>)[type];
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const text = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);
const finite = (value: unknown): number | undefined =>
  typeof value === 'number' && Number.isFinite(value) ? value : undefined;

/** The entries of events.jsonl that parse; lines that do not are left to the integrity check. */
export function parseEventLog(bytes: Uint8Array): LooseEntry[] {
  let content: string;
  try {
    content = fromUtf8(bytes);
  } catch {
    // Not UTF-8: the verifier reports MALFORMED; the replay shows no markers.
    return [];
  }
  const entries: LooseEntry[] = [];
  for (const line of content.split('\n')) {
    if (line.trim() === '') continue;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      continue;
    }
    if (!isRecord(value) || !isRecord(value['data'])) continue;
    const seq = finite(value['seq']);
    const type = text(value['type']);
    const time = text(value['time']) ?? '';
    const media = value['mediaTimeMs'];
    if (seq === undefined || type === undefined) continue;
    if (!(media === null || (finite(media) !== undefined && (media as number) >= 0))) continue;
    entries.push({ seq, time, type, mediaTimeMs: media as number | null, data: value['data'] as JsonObject });
  }
  return entries.sort((a, b) => a.seq - b.seq);
}

/** Markers for the events a reviewer jumps to, in log order. */
export function markersOf(entries: readonly LooseEntry[]): ReplayMarker[] {
  return entries.flatMap((entry) => {
    const kind = markerKindOf(entry.type);
    if (kind === undefined) return [];
    return [
      {
        seq: entry.seq,
        type: entry.type,
        kind,
        mediaTimeMs: entry.mediaTimeMs,
        atMs: entry.mediaTimeMs ?? 0,
        time: entry.time,
        peerId: text(entry.data['peerId']),
        data: entry.data,
      },
    ];
  });
}

/** Who took part, from `peer.joined` (and `producer.added`) entries. */
export function participantsOf(entries: readonly LooseEntry[]): Map<string, ReplayParticipant> {
  const participants = new Map<string, ReplayParticipant>();
  for (const entry of entries) {
    if (entry.type !== 'peer.joined' && entry.type !== 'producer.added') continue;
    const peerId = text(entry.data['peerId']);
    if (peerId === undefined) continue;
    const known = participants.get(peerId);
    participants.set(peerId, {
      peerId,
      role: text(entry.data['role']) ?? known?.role,
      displayName: text(entry.data['displayName']) ?? known?.displayName,
    });
  }
  return participants;
}

/** The manifest's content when it parses (the verifier decides whether to trust it). */
export function parseManifestBytes(bytes: Uint8Array | undefined): Manifest | undefined {
  if (bytes === undefined) return undefined;
  try {
    const parsed = parseManifest(JSON.parse(fromUtf8(bytes)));
    return parsed.ok ? parsed.value : undefined;
  } catch {
    return undefined;
  }
}

/**
 * What the replay reads of a timing summary (`recording-<id>.timing.json`),
 * picked from the recorder's own schema: the format id, then each segment's
 * place on the timeline. Segments are checked one by one, so a damaged one
 * costs only itself.
 */
const SummaryHead = v.object({ ...v.pick(TimingSummary, ['format']).entries, segments: v.array(v.unknown()) });
const PlacedSegment = v.pick(TimingSegment, ['playableFile', 'kind', 'peerId', 'role', 'source', 'startMs', 'endMs']);

/**
 * The segments a timing summary places on the timeline. Uses the playable
 * file (a repaired copy when ffmpeg could not finish the original); leaves
 * out segments without media (`startMs` null) and files the package lacks.
 */
export function timedTracks(bytes: Uint8Array, available: ReadonlySet<string>): ReplayTrack[] {
  let value: unknown;
  try {
    value = JSON.parse(fromUtf8(bytes));
  } catch {
    return [];
  }
  const head = v.safeParse(SummaryHead, value);
  if (!head.success) return [];
  return head.output.segments.flatMap((item): ReplayTrack[] => {
    const parsed = v.safeParse(PlacedSegment, item);
    if (!parsed.success) return [];
    const { playableFile: file, kind, peerId, role, source, startMs, endMs } = parsed.output;
    if (file === null || !available.has(file) || startMs === null) return [];
    return [{ file, kind, lane: `${peerId}/${source}`, peerId, role, source, startMs, endMs: endMs ?? undefined }];
  });
}

/** Media files of the package (by media type), for packages without a timeline. */
export function untimedTracks(files: readonly { readonly name: string; readonly mediaType?: string }[]): ReplayTrack[] {
  return files.flatMap((file): ReplayTrack[] => {
    const type = file.mediaType ?? mediaTypeFor(file.name);
    const kind: TrackKind | undefined = type.startsWith('video/')
      ? 'video'
      : type.startsWith('audio/')
        ? 'audio'
        : undefined;
    if (kind === undefined) return [];
    return [
      {
        file: file.name,
        kind,
        lane: file.name,
        peerId: undefined,
        role: undefined,
        source: undefined,
        startMs: 0,
        endMs: undefined,
      },
    ];
  });
}

/** The package's files: the manifest's list when there is one (with media types), else the store's listing. */
export function packageFiles(
  manifest: Manifest | undefined,
  listing: readonly PackageFileInfo[],
): { readonly name: string; readonly mediaType?: string }[] {
  if (manifest) return manifest.files.map((file) => ({ name: file.name, mediaType: file.mediaType }));
  return listing.map((file) => ({ name: file.name }));
}

/** Tracks of one participant (or of unknown origin) shown together in one tile. */
export interface ReplayGroup {
  readonly key: string;
  readonly participant: ReplayParticipant | undefined;
  readonly tracks: readonly ReplayTrack[];
}

/** Groups tracks per participant, in order of first appearance on the timeline. */
export function groupTracks(
  tracks: readonly ReplayTrack[],
  participants: ReadonlyMap<string, ReplayParticipant>,
): ReplayGroup[] {
  const groups = new Map<string, { participant: ReplayParticipant | undefined; tracks: ReplayTrack[] }>();
  const sorted = [...tracks].sort((a, b) => a.startMs - b.startMs || a.file.localeCompare(b.file));
  for (const track of sorted) {
    // Untimed files of unknown origin each get their own tile.
    const key = track.peerId ?? `file:${track.file}`;
    let group = groups.get(key);
    if (!group) {
      const known = track.peerId === undefined ? undefined : participants.get(track.peerId);
      const participant =
        track.peerId === undefined
          ? undefined
          : { peerId: track.peerId, role: known?.role ?? track.role, displayName: known?.displayName };
      group = { participant, tracks: [] };
      groups.set(key, group);
    }
    group.tracks.push(track);
  }
  return [...groups].map(([key, group]) => ({ key, ...group }));
}

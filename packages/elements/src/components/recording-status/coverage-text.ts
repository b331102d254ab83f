import type { RecordingStatus, TrackCoverage } from '@aircounter/client';

/** One participant who is not being recorded right now. */
export interface UnrecordedPeer {
  readonly peerId: string;
  readonly role: TrackCoverage['role'];
  readonly sources: readonly TrackCoverage['source'][];
  /** Wall-clock ms since when the earliest of its tracks is not recorded. */
  readonly since: number;
  readonly cause: TrackCoverage['cause'];
}

/**
 * The participants with at least one unrecorded track while the recording is
 * active, earliest first (the same rule as the client's `unrecordedTracks`;
 * elements import the client's types only, never its runtime).
 */
export function unrecordedPeers(status: RecordingStatus): UnrecordedPeer[] {
  if (status.state !== 'active') return [];
  const byPeer = new Map<string, TrackCoverage[]>();
  for (const track of status.coverage ?? []) {
    if (track.recorded) continue;
    const tracks = byPeer.get(track.peerId) ?? [];
    tracks.push(track);
    byPeer.set(track.peerId, tracks);
  }
  const peers: UnrecordedPeer[] = [];
  for (const [peerId, tracks] of byPeer) {
    const earliest = tracks.reduce((a, b) => (b.since < a.since ? b : a));
    peers.push({
      peerId,
      role: earliest.role,
      sources: tracks.map((track) => track.source),
      since: earliest.since,
      cause: earliest.cause,
    });
  }
  return peers.sort((a, b) => a.since - b.since);
}

/** Elapsed time as `mm:ss` (`h:mm:ss` from an hour on); never negative. */
export function formatElapsed(ms: number): string {
  const total = Math.max(0, Math.floor(ms / 1000));
  const hours = Math.floor(total / 3600);
  const minutes = Math.floor((total % 3600) / 60);
  const seconds = total % 60;
  const pad = (value: number): string => String(value).padStart(2, '0');
  return hours > 0 ? `${hours}:${pad(minutes)}:${pad(seconds)}` : `${pad(minutes)}:${pad(seconds)}`;
}

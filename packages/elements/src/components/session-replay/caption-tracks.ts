import {
  journeyCaptions,
  toWebVtt,
  type CaptionCue,
  type ReplayJourney,
  type ReplayTrack,
} from '@aircounter/evidence/replay';

/**
 * The WebVTT caption file of each replayed video, as an object URL: the
 * journey's step texts (see `journeyCaptions`) shifted to where the video
 * starts on the session's timeline. The element renders on every clock
 * tick: cues and files are made again only when the journey or the media's
 * length changes, and every URL is revoked when the replay changes or the
 * element leaves the page.
 */
export class CaptionTracks {
  /** By file: the cues its URL was made from, and the URL ('' when nothing of them falls in that video). */
  readonly #files = new Map<string, { readonly cues: CaptionCue[]; readonly url: string }>();
  /** The cues of the last journey and media length asked for. */
  #cues: { readonly journey: ReplayJourney; readonly endOfMediaMs: number; readonly cues: CaptionCue[] } | undefined;

  /** The caption URL of `track`, or undefined when the session ran no journey or nothing is captioned in it. */
  urlFor(track: ReplayTrack, journey: ReplayJourney | undefined, endOfMediaMs: number): string | undefined {
    if (!journey || track.kind !== 'video') return undefined;
    const cues = this.#cuesOf(journey, endOfMediaMs);
    const known = this.#files.get(track.file);
    if (known?.cues === cues) return known.url || undefined;
    if (known?.url) URL.revokeObjectURL(known.url);
    const vtt = toWebVtt(cues, track.startMs);
    const url = vtt === 'WEBVTT\n' ? '' : URL.createObjectURL(new Blob([vtt], { type: 'text/vtt' }));
    this.#files.set(track.file, { cues, url });
    return url || undefined;
  }

  release(): void {
    for (const { url } of this.#files.values()) if (url) URL.revokeObjectURL(url);
    this.#files.clear();
    this.#cues = undefined;
  }

  #cuesOf(journey: ReplayJourney, endOfMediaMs: number): CaptionCue[] {
    const known = this.#cues;
    if (known?.journey === journey && known.endOfMediaMs === endOfMediaMs) return known.cues;
    const cues = journeyCaptions(journey, endOfMediaMs > 0 ? { endOfMediaMs } : {});
    this.#cues = { journey, endOfMediaMs, cues };
    return cues;
  }
}

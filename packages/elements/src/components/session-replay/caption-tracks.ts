import { journeyCaptions, toWebVtt, type ReplayJourney, type ReplayTrack } from '@aircounter/evidence/replay';

/**
 * The WebVTT caption file of each replayed video, as an object URL: the
 * journey's step texts (see `journeyCaptions`) shifted to where the video
 * starts on the session's timeline. A file is made again only when its text
 * changes (e.g. once the media's length is known), and every URL is revoked
 * when the replay changes or the element leaves the page.
 */
export class CaptionTracks {
  readonly #files = new Map<string, { readonly vtt: string; readonly url: string }>();

  /** The caption URL of `track`, or undefined when the session ran no journey or nothing is captioned in it. */
  urlFor(track: ReplayTrack, journey: ReplayJourney | undefined, endOfMediaMs: number): string | undefined {
    if (!journey || track.kind !== 'video') return undefined;
    const cues = journeyCaptions(journey, endOfMediaMs > 0 ? { endOfMediaMs } : {});
    const vtt = toWebVtt(cues, track.startMs);
    if (vtt === 'WEBVTT\n') return undefined;
    const known = this.#files.get(track.file);
    if (known !== undefined) {
      if (known.vtt === vtt) return known.url;
      URL.revokeObjectURL(known.url);
    }
    const url = URL.createObjectURL(new Blob([vtt], { type: 'text/vtt' }));
    this.#files.set(track.file, { vtt, url });
    return url;
  }

  release(): void {
    for (const { url } of this.#files.values()) URL.revokeObjectURL(url);
    this.#files.clear();
  }
}

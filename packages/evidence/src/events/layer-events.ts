import { MediaSourceSchema } from '@aircounter/protocol';
import * as v from 'valibot';
import { Count, Text } from './common.ts';

// Simulcast layers of recorded video, written by the recorder (server/src/recording):
// which of the encodings a participant sends is written to the file, and when it changes.

/**
 * `recording.track.layer`: the simulcast layer written to a video segment
 * changed (the recorder follows the best layer that arrives; the switch is
 * made on a keyframe of the new layer, so the file stays decodable).
 */
export const TrackLayerChanged = v.object({
  recordingId: Text,
  file: Text,
  peerId: Text,
  source: MediaSourceSchema,
  /** Index of the encoding now written (0 = smallest); null when none is (no layer arrives). */
  spatialLayer: v.nullable(Count),
  /** The temporal layer now written, when one is. */
  temporalLayer: v.optional(Count),
  /** The encoding's RID as the browser named it, when it has one. */
  rid: v.optional(Text),
  /** The best encoding arriving at the server then (what the recorder aims for), when one does. */
  bestArriving: v.optional(Count),
  /**
   * How long no packet had reached the recorder before this change, when it
   * ends such a stall: the written layer stopped arriving and the picture in
   * the file stood still about this long (counted from the last time the
   * continuity monitor saw the packet count grow: to within its poll interval).
   * Shorter than the stall threshold, so not a gap.
   */
  stalledForMs: v.optional(Count),
});

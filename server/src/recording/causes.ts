import type { CoverageCause } from '@aircounter/protocol';
import type { SegmentEndReason } from './timing-log.ts';
import type { RecordingSettings } from './types.ts';

/**
 * The segment end reason a gap's cause corresponds to (gaps in timing.json
 * keep the `reason` they always had, beside the cause people see).
 */
const REASON_OF_CAUSE: Readonly<Record<CoverageCause, SegmentEndReason | 'server-restarted' | 'not-published'>> = {
  network: 'stalled',
  'camera-off': 'paused',
  'track-closed': 'producer-closed',
  'participant-left': 'producer-closed',
  'recorder-restart': 'ffmpeg-crashed',
  // A resumed recording's gap, whether the server was shut down or killed (the part before says which).
  'server-restart': 'server-restarted',
  'not-published': 'not-published',
};

export function reasonOfCause(cause: CoverageCause): string {
  return REASON_OF_CAUSE[cause];
}

/** Whether a recorded video is below the configured minimum (customer camera; shortest side, any orientation). */
export function isBelowMinimum(
  settings: Pick<RecordingSettings, 'minCustomerHeight'>,
  track: { readonly role: string; readonly source: string },
  size: { readonly width: number; readonly height: number },
): boolean {
  return (
    track.role === 'customer' &&
    track.source === 'camera' &&
    Math.min(size.width, size.height) < settings.minCustomerHeight
  );
}

import type { RecordingStatus } from '@aircounter/client';

/** Plain-language recording status for the demo pages (the elements localize their own). */
export function recordingText(status: RecordingStatus): string {
  switch (status.state) {
    case 'idle':
      return status.consentGiven ? 'Not recording (consent given)' : 'Not recording';
    case 'starting':
      return 'Recording is starting…';
    case 'active':
      return '● Recording';
    case 'ending':
      return 'Recording is stopping…';
    case 'complete':
      return 'Recording complete and sealed';
    case 'failed':
      return `Recording failed${status.reason ? `: ${status.reason}` : ''}`;
    case 'aborted':
      return `Recording aborted${status.reason ? `: ${status.reason}` : ''}`;
  }
}

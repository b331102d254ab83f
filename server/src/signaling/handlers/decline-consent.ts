import { joined, type Handler } from '../context.ts';
import { endAfterRefusal } from './end-after-refusal.ts';

/**
 * Customer: declines the recording (logged as `consent.declined`). The session
 * then continues unrecorded or ends, as AIR_RECORDING_CONSENT_DECLINE says.
 */
export const declineConsent: Handler<'declineConsent'> = async (context, data) => {
  const { room, peer } = joined(context);
  const status = await context.services.recording.declineConsent(room, peer.id, data);
  endAfterRefusal(context, room.sessionId, 'consent-declined');
  return status;
};

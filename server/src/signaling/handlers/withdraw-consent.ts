import { joined, type Handler } from '../context.ts';
import { endAfterRefusal } from './end-after-refusal.ts';

/**
 * Customer: withdraws consent at any time (logged as `consent.withdrawn`). A
 * running recording stops with reason `consent-withdrawn` before this answers;
 * the session then continues unrecorded or ends (AIR_RECORDING_CONSENT_DECLINE).
 */
export const withdrawConsent: Handler<'withdrawConsent'> = async (context, data) => {
  const { room, peer } = joined(context);
  const status = await context.services.recording.withdrawConsent(room, peer.id, data);
  endAfterRefusal(context, room.sessionId, 'consent-withdrawn');
  return status;
};

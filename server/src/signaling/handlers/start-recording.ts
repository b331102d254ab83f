import { joined, type Handler } from '../context.ts';

/**
 * Agent: starts recording every participant. Resolves once the recording is
 * active; CONSENT_REQUIRED until the customer consented (policy `explicit`).
 */
export const startRecording: Handler<'startRecording'> = (context) => {
  const { room, peer } = joined(context);
  return context.services.recording.start(room, peer.id);
};

import { joined, type Handler } from '../context.ts';

/**
 * Customer: a short clip of the spoken answer. The bank's speech verifier decides; without one the server
 * refuses with CONFIRMATION_UNAVAILABLE. The verdict goes on the evidence chain.
 */
export const submitVoiceConfirmation: Handler<'submitVoiceConfirmation'> = (context, data) => {
  const { room, peer } = joined(context);
  return context.services.confirmations.submitVoice(room, peer.id, data);
};

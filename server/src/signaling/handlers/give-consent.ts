import { joined, type Handler } from '../context.ts';

/** Customer: consents to being recorded (logged as `consent.given`); everyone hears the new status. */
export const giveConsent: Handler<'giveConsent'> = (context, data) => {
  const { room, peer } = joined(context);
  return context.services.recording.giveConsent(room, peer.id, data);
};

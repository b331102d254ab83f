import { joined, type Handler } from '../context.ts';

/** Any participant: the session's journey definition and where it stands (JOURNEY_NOT_FOUND without one). */
export const journeyState: Handler<'journeyState'> = (context) => {
  const { room } = joined(context);
  return context.services.journeys.view(room.sessionId);
};

import { joined, type Handler } from '../context.ts';

/**
 * Customer: the evidence frames. The server re-runs the face models on them
 * and answers with its own signed decision (the client's `clientResult` is
 * recorded, never trusted).
 */
export const submitLiveness: Handler<'submitLiveness'> = (context, data) => {
  const { room, peer } = joined(context);
  return context.services.liveness.submit(room.sessionId, peer.id, data);
};

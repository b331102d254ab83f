import { joined, type Handler } from '../context.ts';

/**
 * Agent: asks for a remote authorization. The bank's rules decide the level,
 * the approvals and the SLA; the request is offered to available authorizers
 * (never this agent's identity) and every agent of the session follows it
 * through `authorizationUpdated`.
 */
export const requestAuthorization: Handler<'requestAuthorization'> = (context, data) => {
  const { room } = joined(context);
  return context.services.authorization.request(room.sessionId, context.identity.peerId, data);
};

import { joined, type Handler } from '../context.ts';

/**
 * Customer or agent: one action on one step. The engine checks the step's
 * actor, the order, the action id, the recording and the minimum duration;
 * everyone hears `journeyChanged`.
 */
export const journeyAction: Handler<'journeyAction'> = async (context, data) => {
  const { room, peer } = joined(context);
  const state = await context.services.journeys.act(room, { peerId: peer.id, role: context.identity.role }, data);
  return { state };
};

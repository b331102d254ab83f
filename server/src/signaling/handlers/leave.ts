import { joined, type Handler } from '../context.ts';

/** Leaves the room for good (no reconnect grace); the socket stays open and may join again. */
export const leave: Handler<'leave'> = (context) => {
  const { room, peer } = joined(context);
  room.removePeer(peer.id, 'left');
  context.membership = undefined;
  return {};
};

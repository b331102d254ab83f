import { AirError } from '@aircounter/protocol';
import { joined, type Handler } from '../context.ts';

/**
 * Agent: the server takes a JPEG still of a participant's live camera and
 * keeps it as a `still` artifact (an attachment for an authorization request).
 */
export const takeStill: Handler<'takeStill'> = async (context, data) => {
  const { room } = joined(context);
  if (!room.peers.has(data.peerId)) throw new AirError('STILL_FAILED', 'no such participant in this session');
  const still = await context.services.stills.take(room, data.peerId);
  return { peerId: still.peerId, sha256: still.artifact.sha256, width: still.width, height: still.height };
};

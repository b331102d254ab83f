import { AirError } from '@aircounter/protocol';
import type { types } from 'mediasoup';
import { iceFor } from '../../media/ice-servers.ts';
import { Peer } from '../../media/peer.ts';
import { isServerPeerId } from '../../media/server-peer.ts';
import type { Handler } from '../context.ts';

/**
 * Enters the session's room. A peer that is still in the room from a dropped
 * connection (within its reconnect grace) resumes: same place, fresh media.
 * The join is written to the store before the room changes, so a join the
 * store could not record leaves the room as it was.
 */
export const join: Handler<'join'> = async (context, data) => {
  if (context.membership && !context.membership.room.closed) throw new AirError('ALREADY_JOINED', 'already joined');
  const { identity, services, link } = context;
  // Tokens are never issued for the server's own member; one signed elsewhere with the key is refused too.
  if (isServerPeerId(identity.peerId)) throw new AirError('FORBIDDEN_ROLE', 'this peer id is reserved for the server');
  const room = await services.rooms.getOrCreate(identity.sessionId);
  // Shapes were checked by the protocol schema; mediasoup checks the semantics in canConsume/consume.
  const rtpCapabilities = data.rtpCapabilities as types.RtpCapabilities;

  const existing = room.peers.get(identity.peerId);
  if (existing?.connected && existing.link !== link) {
    throw new AirError('DUPLICATE_PEER', 'this peer is connected elsewhere');
  }
  // The bank's name in the token wins; the page's own name only fills a gap.
  const displayName = existing?.displayName ?? (identity.displayName || data.displayName || identity.peerId);
  await services.sessions.recordJoin(identity.sessionId, { peerId: identity.peerId, role: identity.role, displayName });
  // The socket may have closed, or the room ended, while the room was created and the join recorded.
  if (!link.open) throw new AirError('NOT_JOINED', 'connection closed while joining');
  if (room.closed) throw new AirError('NOT_JOINED', 'the room closed while joining');

  let peer = room.peers.get(identity.peerId);
  if (peer) {
    if (peer.connected && peer.link !== link) throw new AirError('DUPLICATE_PEER', 'this peer is connected elsewhere');
    room.resumePeer(peer, link, rtpCapabilities, identity.tokenId);
  } else {
    peer = new Peer({ id: identity.peerId, role: identity.role, displayName, rtpCapabilities, link });
    room.addPeer(peer);
  }
  context.membership = { room, peer };
  return {
    sessionId: identity.sessionId,
    self: { peerId: peer.id, role: peer.role, displayName: peer.displayName },
    peers: room.peerInfos(peer.id),
    recording: room.recordingStatus,
    // Fresh TURN credentials on every join: a rejoin (reconnection) renews them.
    ...iceFor(services.config.ice, peer.id),
  };
};

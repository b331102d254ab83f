import { AirError } from '@aircounter/protocol';
import type { types } from 'mediasoup';
import { Peer } from '../../media/peer.ts';
import type { Handler } from '../context.ts';

/**
 * Enters the session's room. A peer that is still in the room from a dropped
 * connection (within its reconnect grace) resumes: same place, fresh media.
 */
export const join: Handler<'join'> = async (context, data) => {
  if (context.membership && !context.membership.room.closed) throw new AirError('ALREADY_JOINED', 'already joined');
  const { identity, services, link } = context;
  const room = await services.rooms.getOrCreate(identity.sessionId);
  // The socket may have closed while the room was being created.
  if (!link.open) throw new AirError('NOT_JOINED', 'connection closed while joining');
  // Shapes were checked by the protocol schema; mediasoup checks the semantics in canConsume/consume.
  const rtpCapabilities = data.rtpCapabilities as types.RtpCapabilities;

  let peer = room.peers.get(identity.peerId);
  if (peer) {
    if (peer.connected && peer.link !== link) throw new AirError('DUPLICATE_PEER', 'this peer is connected elsewhere');
    room.resumePeer(peer, link, rtpCapabilities, identity.tokenId);
  } else {
    // The bank's name in the token wins; the page's own name only fills a gap.
    const displayName = identity.displayName || data.displayName || identity.peerId;
    peer = new Peer({ id: identity.peerId, role: identity.role, displayName, rtpCapabilities, link });
    room.addPeer(peer);
  }
  context.membership = { room, peer };
  services.sessions.markActive(identity.sessionId);
  return {
    sessionId: identity.sessionId,
    self: { peerId: peer.id, role: peer.role, displayName: peer.displayName },
    peers: room.peerInfos(peer.id),
    recording: room.recordingStatus,
  };
};

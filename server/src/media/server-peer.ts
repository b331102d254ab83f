import type { NotificationData, NotificationName } from '@aircounter/protocol';
import type { PeerLink } from './link.ts';
import { Peer } from './peer.ts';
import type { Room } from './room.ts';

/**
 * The room member that speech is published under (server/src/speech). It is
 * reserved: no join token is issued for it and no connection may take it.
 */
export const SPEECH_PEER_ID = 'server-speech';

/** Peer ids only the server uses. */
export function isServerPeerId(peerId: string): boolean {
  return peerId === SPEECH_PEER_ID;
}

/** The server has no client to push to: its member of the room is never connected. */
class NoClientLink implements PeerLink {
  readonly open = false;

  notify<N extends NotificationName>(_name: N, _data: NotificationData<N>): void {
    // Nobody to tell: the server itself is this member.
  }

  end(): void {
    // Nothing to close.
  }
}

/**
 * The server's member of the room, added on first use. Clients see it join
 * (`peerJoined`, role `server`) and consume what it publishes like any other
 * producer; the recorder records its tracks under its id.
 */
export function ensureServerPeer(room: Room, peerId: string, displayName: string): Peer {
  const existing = room.peers.get(peerId);
  if (existing) return existing;
  const peer = new Peer({
    id: peerId,
    role: 'server',
    displayName,
    rtpCapabilities: room.router.rtpCapabilities,
    link: new NoClientLink(),
  });
  room.addPeer(peer);
  return peer;
}

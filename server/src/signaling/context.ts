import { AirError, type MethodName, type RequestData, type ResponseData } from '@aircounter/protocol';
import type { JoinClaims } from '../auth/tokens.ts';
import type { AirConfig } from '../config.ts';
import type { Logger } from '../log.ts';
import type { PeerLink } from '../media/link.ts';
import type { Peer } from '../media/peer.ts';
import type { Room } from '../media/room.ts';
import type { AirServices } from '../services.ts';

export interface Membership {
  readonly room: Room;
  readonly peer: Peer;
}

/**
 * What a handler knows about the request's connection. Identity comes from
 * the verified join token; membership is set by `join` and cleared by `leave`.
 */
export interface HandlerContext {
  readonly identity: JoinClaims;
  readonly services: AirServices;
  readonly config: AirConfig;
  /** Logger bound to session and peer. */
  readonly log: Logger;
  /** This connection, as a peer sees it. */
  readonly link: PeerLink;
  membership: Membership | undefined;
}

export type Handler<M extends MethodName> = (
  context: HandlerContext,
  data: RequestData<M>,
) => Promise<ResponseData<M>> | ResponseData<M>;

/** The room and peer of a joined connection, or NOT_JOINED. */
export function joined(context: HandlerContext): Membership {
  const membership = context.membership;
  if (!membership || membership.room.closed) throw new AirError('NOT_JOINED', 'call join first');
  return membership;
}

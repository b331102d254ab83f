import { AirError } from '@aircounter/protocol';
import { createWebRtcTransport } from '../../media/transport.ts';
import { joined, type Handler } from '../context.ts';

/** One send and one receive transport is the norm; a few spare allow an ICE-failure rebuild. */
const MAX_TRANSPORTS_PER_PEER = 4;

export const createTransport: Handler<'createTransport'> = async (context, data) => {
  const { room, peer } = joined(context);
  if (peer.transports.size >= MAX_TRANSPORTS_PER_PEER) {
    throw new AirError('MEDIA_REJECTED', `at most ${MAX_TRANSPORTS_PER_PEER} transports per peer`);
  }
  const transport = await createWebRtcTransport(room.router, context.config.media, {
    peerId: peer.id,
    direction: data.direction,
    sctp: data.sctp === true,
  });
  peer.addTransport(transport, data.direction);
  transport.on('dtlsstatechange', (state) => {
    if (state === 'failed') context.log.warn('DTLS failed', { transportId: transport.id });
  });
  return {
    transportId: transport.id,
    iceParameters: transport.iceParameters,
    iceCandidates: transport.iceCandidates,
    dtlsParameters: transport.dtlsParameters,
    ...(transport.sctpParameters ? { sctpParameters: transport.sctpParameters } : {}),
  };
};

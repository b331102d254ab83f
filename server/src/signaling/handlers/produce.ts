import { AirError, SOURCES_BY_ROLE, type MediaSource } from '@aircounter/protocol';
import type { types } from 'mediasoup';
import { joined, type Handler } from '../context.ts';

const KIND_OF_SOURCE: Readonly<Record<MediaSource, types.MediaKind>> = {
  camera: 'video',
  screen: 'video',
  microphone: 'audio',
  speech: 'audio',
};

/**
 * Publishes one track. The role decides which sources are allowed, one
 * producer per source; appData is the server's own record, never the client's.
 */
export const produce: Handler<'produce'> = async (context, data) => {
  const { room, peer } = joined(context);
  const { source, kind } = data;
  if (!SOURCES_BY_ROLE[peer.role].includes(source)) {
    throw new AirError('FORBIDDEN_ROLE', `${peer.role} may not publish ${source}`);
  }
  if (KIND_OF_SOURCE[source] !== kind)
    throw new AirError('INVALID_PARAMS', `${source} must be ${KIND_OF_SOURCE[source]}`);
  if (peer.producerFor(source)) throw new AirError('MEDIA_REJECTED', `already publishing ${source}`);
  const transport = peer.transport(data.transportId, 'send');
  let producer: types.Producer;
  try {
    producer = await transport.produce({
      kind,
      // Shapes were checked by the protocol schema; mediasoup validates the RTP semantics.
      rtpParameters: data.rtpParameters as types.RtpParameters,
      paused: data.paused === true,
      appData: { peerId: peer.id, role: peer.role, source },
    });
  } catch (error) {
    throw new AirError('MEDIA_REJECTED', `cannot publish ${source}: ${errorMessage(error)}`, { cause: error });
  }
  room.addProducer(peer, producer, source);
  return { producerId: producer.id };
};

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message.slice(0, 200) : 'rejected by the media worker';
}

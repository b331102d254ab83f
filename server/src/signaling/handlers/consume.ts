import { AirError, type ResponseData } from '@aircounter/protocol';
import type { types } from 'mediasoup';
import { joined, type Handler } from '../context.ts';

/**
 * Subscribes to another peer's producer. The consumer starts paused: the
 * client resumes it once its track is wired up, and the resume asks the
 * sender for a keyframe, so video starts without waiting for the next one.
 */
export const consume: Handler<'consume'> = async (context, data) => {
  const { room, peer } = joined(context);
  const transport = peer.transport(data.transportId, 'recv');
  const found = room.findProducer(data.producerId);
  if (!found) throw new AirError('PRODUCER_NOT_FOUND', `no producer ${data.producerId} in this session`);
  const { peer: owner, entry } = found;
  if (owner.id === peer.id) throw new AirError('CANNOT_CONSUME', 'cannot consume your own producer');
  for (const existing of peer.consumers.values()) {
    if (existing.consumer.producerId === data.producerId) {
      throw new AirError('CANNOT_CONSUME', `already consuming ${data.producerId}`);
    }
  }
  if (!room.router.canConsume({ producerId: data.producerId, rtpCapabilities: peer.rtpCapabilities })) {
    throw new AirError('CANNOT_CONSUME', 'your device cannot receive this codec');
  }
  let consumer: types.Consumer;
  try {
    consumer = await transport.consume({
      producerId: data.producerId,
      rtpCapabilities: peer.rtpCapabilities,
      paused: true,
      enableRtx: true,
      ignoreDtx: true,
      appData: { peerId: peer.id, producerPeerId: owner.id, source: entry.source },
    });
  } catch (error) {
    throw new AirError('CANNOT_CONSUME', 'the media worker refused the consumer', { cause: error });
  }
  peer.addConsumer(consumer, { source: entry.source, producerPeerId: owner.id });
  return {
    consumerId: consumer.id,
    producerId: data.producerId,
    peerId: owner.id,
    kind: consumer.kind,
    source: entry.source,
    // mediasoup types codec parameters loosely; the connection checks the response against the protocol schema.
    rtpParameters: consumer.rtpParameters as ResponseData<'consume'>['rtpParameters'],
    paused: true,
    producerPaused: consumer.producerPaused,
  };
};

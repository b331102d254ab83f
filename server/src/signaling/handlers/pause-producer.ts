import { joined, type Handler } from '../context.ts';

export const pauseProducer: Handler<'pauseProducer'> = async (context, data) => {
  const { room, peer } = joined(context);
  const { producer } = peer.producer(data.producerId);
  await producer.pause();
  // Consumers of it also get consumerPaused (Peer.addConsumer); this tells everyone else.
  room.broadcast('producerPaused', { peerId: peer.id, producerId: producer.id }, peer.id);
  return {};
};

import { joined, type Handler } from '../context.ts';

export const resumeProducer: Handler<'resumeProducer'> = async (context, data) => {
  const { room, peer } = joined(context);
  const { producer } = peer.producer(data.producerId);
  await producer.resume();
  room.broadcast('producerResumed', { peerId: peer.id, producerId: producer.id }, peer.id);
  return {};
};

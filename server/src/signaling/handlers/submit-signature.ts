import { joined, type Handler } from '../context.ts';

/**
 * Customer: a signature attempt. Accepted only while the recording is active;
 * the server keeps the strokes and its own rendering of them as evidence.
 */
export const submitSignature: Handler<'submitSignature'> = (context, data) => {
  const { room, peer } = joined(context);
  return context.services.signing.submit(room, peer, data);
};

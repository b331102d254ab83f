import { joined, type Handler } from '../context.ts';

/** Agent: stops the recording; resolves once every file is finalized and in the evidence package. */
export const stopRecording: Handler<'stopRecording'> = (context) => {
  const { room, peer } = joined(context);
  return context.services.recording.stop(room, peer.id);
};

import { AirError } from '@aircounter/protocol';
import type { types } from 'mediasoup';
import type { PortLease, RtpPortAllocator } from './ports.ts';
import { RtcpListener, type SenderReport } from './rtcp.ts';

/**
 * The media path of one recorded producer: a PlainTransport on loopback that
 * sends RTP to ffmpeg's port and RTCP to a Node listener (sender reports are
 * the timing source), and a paused consumer on it. ffmpeg itself is not part
 * of it: segments come and go, the pipeline stays until the track ends.
 */
export interface TrackPipeline {
  readonly transport: types.PlainTransport;
  readonly consumer: types.Consumer;
  readonly rtcp: RtcpListener;
  readonly lease: PortLease;
}

/**
 * The capabilities the recording consumer announces: the router's codecs of
 * this kind without RTX, no RTCP feedback (ffmpeg neither NACKs nor sends PLI)
 * and no header extensions (ffmpeg would skip them anyway).
 */
export function recordingCapabilities(router: types.Router, kind: types.MediaKind): types.RtpCapabilities {
  const codecs = (router.rtpCapabilities.codecs ?? [])
    .filter((codec) => codec.kind === kind && !/\/rtx$/i.test(codec.mimeType))
    .map((codec) => ({ ...codec, rtcpFeedback: [] }));
  return { codecs, headerExtensions: [] };
}

/** The best layers a producer sends: its top simulcast encoding and top temporal layer. */
export function highestLayers(producer: types.Producer): types.ConsumerLayers | undefined {
  const encodings = producer.rtpParameters.encodings ?? [];
  if (producer.kind !== 'video' || encodings.length === 0) return undefined;
  // mediasoup clamps a preferred temporal layer to what the stream has.
  return { spatialLayer: encodings.length - 1, temporalLayer: 3 };
}

/**
 * Opens the pipeline for `producer`. The consumer prefers the highest layers
 * (the recording keeps the best quality the participant sends, not what a
 * viewer's link could take). Everything created is released on failure.
 */
export async function openTrackPipeline(options: {
  readonly router: types.Router;
  readonly ports: RtpPortAllocator;
  readonly producer: types.Producer;
  readonly trackKey: string;
  readonly onSenderReport: (report: SenderReport, receivedUnixMs: number) => void;
}): Promise<TrackPipeline> {
  const { router, ports, producer } = options;
  const created: { transport?: types.PlainTransport; rtcp?: RtcpListener; lease?: PortLease } = {};
  try {
    created.transport = await router.createPlainTransport({
      listenInfo: { protocol: 'udp', ip: '127.0.0.1' },
      rtcpMux: false,
      comedia: false,
    });
    created.rtcp = await RtcpListener.open({ onSenderReport: options.onSenderReport });
    created.lease = await ports.allocate();
    await created.transport.connect({ ip: '127.0.0.1', port: created.lease.rtpPort, rtcpPort: created.rtcp.port });
    const preferredLayers = highestLayers(producer);
    const consumer = await created.transport.consume({
      producerId: producer.id,
      rtpCapabilities: recordingCapabilities(router, producer.kind),
      paused: true,
      ...(preferredLayers === undefined ? {} : { preferredLayers }),
    });
    return { transport: created.transport, consumer, rtcp: created.rtcp, lease: created.lease };
  } catch (error: unknown) {
    created.transport?.close();
    created.lease?.release();
    await created.rtcp?.close();
    throw AirError.from(error, 'RECORDING_FAILED', { message: `cannot set up recording of ${options.trackKey}` });
  }
}

export async function closeTrackPipeline(pipeline: TrackPipeline): Promise<void> {
  pipeline.transport.close();
  pipeline.lease.release();
  await pipeline.rtcp.close();
}

import type { Device } from 'mediasoup-client';
import type { Producer, ProducerOptions, RtpEncodingParameters, Transport } from 'mediasoup-client/types';
import type { DeviceSource } from '../types.ts';
import type { ProducerAppData } from './transports.ts';

/**
 * Three simulcast layers (VP8): the SFU forwards the layer each receiver's
 * link can take, and the recorder asks for the top one. Two temporal layers
 * (L1T2) let it halve the frame rate before it drops resolution.
 *
 * L1T2, not L1T3: Firefox encodes simulcast VP8 with two temporal layers
 * whatever is asked. Declaring three made the SFU wait for a third layer that
 * never came: a consumer without bandwidth estimation (the recorder's) then
 * stayed on the base layer, dropped every other frame and left gaps in the
 * VP8 picture IDs, after which ffmpeg's depacketizer keeps nothing until the
 * next keyframe. Chromium and Firefox both encode L1T2 as declared.
 */
export const CAMERA_ENCODINGS: readonly RtpEncodingParameters[] = [
  { scaleResolutionDownBy: 4, maxBitrate: 150_000, scalabilityMode: 'L1T2' },
  { scaleResolutionDownBy: 2, maxBitrate: 500_000, scalabilityMode: 'L1T2' },
  { scaleResolutionDownBy: 1, maxBitrate: 1_500_000, scalabilityMode: 'L1T2' },
];

function optionsFor(device: Device, source: DeviceSource, track: MediaStreamTrack): ProducerOptions<ProducerAppData> {
  if (source === 'microphone') {
    return { track, codecOptions: { opusStereo: false, opusDtx: true, opusFec: true } };
  }
  const vp8 = device.sendRtpCapabilities.codecs?.find((codec) => codec.mimeType.toLowerCase() === 'video/vp8');
  const options: ProducerOptions<ProducerAppData> = {
    track,
    encodings: CAMERA_ENCODINGS.map((encoding) => ({ ...encoding })),
    codecOptions: { videoGoogleStartBitrate: 1000 },
  };
  if (vp8) options.codec = vp8;
  return options;
}

/** The camera and microphone producers on one send transport. */
export class Publisher {
  readonly #device: Device;
  readonly #transport: Transport;
  readonly #producers = new Map<DeviceSource, Producer<ProducerAppData>>();

  constructor(device: Device, transport: Transport) {
    this.#device = device;
    this.#transport = transport;
  }

  /** Publishes `track`; a paused producer sends no RTP and the others see it muted. */
  async publish(source: DeviceSource, track: MediaStreamTrack, paused: boolean): Promise<Producer<ProducerAppData>> {
    const producer = await this.#transport.produce<ProducerAppData>({
      ...optionsFor(this.#device, source, track),
      // The session owns the tracks: they outlive a transport re-created
      // after a reconnection and are stopped only when the session ends.
      stopTracks: false,
      disableTrackOnPause: true,
      zeroRtpOnPause: true,
      appData: { source, paused },
    });
    if (paused) producer.pause();
    this.#producers.set(source, producer);
    return producer;
  }

  get(source: DeviceSource): Producer<ProducerAppData> | undefined {
    const producer = this.#producers.get(source);
    return producer && !producer.closed ? producer : undefined;
  }

  closeAll(): void {
    for (const producer of this.#producers.values()) producer.close();
    this.#producers.clear();
  }
}

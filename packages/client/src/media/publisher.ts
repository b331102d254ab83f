import type { Device } from 'mediasoup-client';
import type { Producer, ProducerOptions, RtpEncodingParameters, Transport } from 'mediasoup-client/types';
import type { DeviceSource } from '../types.ts';
import type { ProducerAppData } from './transports.ts';

/**
 * Simulcast layers Chromium sends for a capture of a given size (its simulcast
 * table: fewer pixels than 960×540 allow two layers, fewer than 480×270 one).
 * Asked for more, it drops the *top* layers: three encodings on a 640×480
 * camera send only 320×240 and 160×120, and everything downstream (the
 * recording included) gets a quarter of the picture.
 */
const LAYER_LIMITS: readonly { readonly minPixels: number; readonly layers: number }[] = [
  { minPixels: 960 * 540, layers: 3 },
  { minPixels: 480 * 270, layers: 2 },
  { minPixels: 0, layers: 1 },
];

/** Bitrate of one layer by its pixel count: enough for a face to stay sharp at each size. */
function layerBitrate(pixels: number): number {
  if (pixels <= 240 * 180) return 150_000;
  if (pixels <= 320 * 240) return 250_000;
  if (pixels <= 640 * 360) return 500_000;
  if (pixels <= 640 * 480) return 900_000;
  return 1_500_000;
}

/** The size used when the browser does not report the capture size. */
const ASSUMED_CAPTURE = { width: 1280, height: 720 };

/**
 * Simulcast encodings (VP8, lowest first) for a camera capture of `size`: as
 * many layers as the browser sends for that size, the top one always the full
 * capture (`scaleResolutionDownBy: 1`), each lower one half the size of the
 * next. The SFU forwards the layer each receiver's link can take; the recorder
 * asks for the top one, so the recording holds the picture as captured.
 *
 * Two temporal layers (L1T2) let the SFU halve the frame rate before it drops
 * resolution. L1T2, not L1T3: Firefox encodes simulcast VP8 with two temporal
 * layers whatever is asked. Declaring three made the SFU wait for a third
 * layer that never came: a consumer without bandwidth estimation (the
 * recorder's) then stayed on the base layer, dropped every other frame and
 * left gaps in the VP8 picture IDs, after which ffmpeg's depacketizer keeps
 * nothing until the next keyframe. Chromium and Firefox both encode L1T2 as
 * declared.
 */
export function cameraEncodings(size: { readonly width?: number; readonly height?: number }): RtpEncodingParameters[] {
  const width = size.width ?? ASSUMED_CAPTURE.width;
  const height = size.height ?? ASSUMED_CAPTURE.height;
  const pixels = width * height;
  const layers = LAYER_LIMITS.find((limit) => pixels >= limit.minPixels)?.layers ?? 1;
  const encodings: RtpEncodingParameters[] = [];
  for (let layer = layers - 1; layer >= 0; layer -= 1) {
    const scale = 2 ** layer;
    encodings.push({
      scaleResolutionDownBy: scale,
      maxBitrate: layerBitrate(pixels / (scale * scale)),
      scalabilityMode: 'L1T2',
    });
  }
  return encodings;
}

function optionsFor(device: Device, source: DeviceSource, track: MediaStreamTrack): ProducerOptions<ProducerAppData> {
  if (source === 'microphone') {
    return { track, codecOptions: { opusStereo: false, opusDtx: true, opusFec: true } };
  }
  const vp8 = device.sendRtpCapabilities.codecs?.find((codec) => codec.mimeType.toLowerCase() === 'video/vp8');
  const options: ProducerOptions<ProducerAppData> = {
    track,
    encodings: cameraEncodings(track.getSettings()),
    codecOptions: { videoGoogleStartBitrate: 1000 },
  };
  if (vp8) options.codec = vp8;
  return options;
}

/**
 * Under CPU or bandwidth pressure the browser lowers the frame rate before the
 * resolution: a recorded face must stay identifiable (Chromium's default,
 * `balanced`, halves the picture on a busy machine). A browser that does not
 * support the preference keeps its own.
 */
async function keepResolution(sender: RTCRtpSender | undefined): Promise<void> {
  if (sender === undefined) return;
  const parameters = sender.getParameters();
  if (parameters.degradationPreference === 'maintain-resolution') return;
  try {
    await sender.setParameters({ ...parameters, degradationPreference: 'maintain-resolution' });
  } catch (error: unknown) {
    // Not supported here (a DOMException such as InvalidModificationError): the browser's default stands.
    if (!(error instanceof DOMException)) throw error;
  }
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
    if (producer.kind === 'video') await keepResolution(producer.rtpSender);
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

import type { types } from 'mediasoup';
import type { VideoCodec } from '../config.ts';

const OPUS: types.RouterRtpCodecCapability = {
  kind: 'audio',
  mimeType: 'audio/opus',
  clockRate: 48000,
  channels: 2,
  // In-band FEC helps on the lossy mobile links customers often join from.
  parameters: { useinbandfec: 1 },
};

const VIDEO: Readonly<Record<VideoCodec, types.RouterRtpCodecCapability>> = {
  VP8: {
    kind: 'video',
    mimeType: 'video/VP8',
    clockRate: 90000,
    parameters: { 'x-google-start-bitrate': 800 },
  },
  // Constrained Baseline: what every browser (including Safari on iOS) encodes in hardware.
  H264: {
    kind: 'video',
    mimeType: 'video/H264',
    clockRate: 90000,
    parameters: { 'packetization-mode': 1, 'profile-level-id': '42e01f', 'level-asymmetry-allowed': 1 },
  },
};

/**
 * The router's codecs: Opus, then the configured video codecs in order of
 * preference. Simulcast needs no codec setting; the router accepts the
 * layers the client sends and forwards one per consumer.
 */
export function routerMediaCodecs(videoCodecs: readonly VideoCodec[]): types.RouterRtpCodecCapability[] {
  return [OPUS, ...videoCodecs.map((codec) => VIDEO[codec])];
}

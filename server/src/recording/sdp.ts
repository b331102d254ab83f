import type { MediaKind, RtpCodecParameters } from 'mediasoup/types';
import { AirError } from '@aircounter/protocol';

export interface RecordingSdpInput {
  readonly kind: MediaKind;
  /** The codec the recording consumer sends (its `rtpParameters.codecs[0]`). */
  readonly codec: RtpCodecParameters;
  /** Port ffmpeg receives RTP on (it binds this one and the next, for RTCP). */
  readonly rtpPort: number;
  /** Loopback address everything runs on. */
  readonly address?: string;
}

/** Containers that hold these codecs without transcoding; WebM is Matroska restricted to open codecs. */
const CODECS: Readonly<Record<string, { readonly sdpName: string; readonly container: 'webm' | 'mkv' }>> = {
  'audio/opus': { sdpName: 'opus', container: 'webm' },
  'video/vp8': { sdpName: 'VP8', container: 'webm' },
  'video/vp9': { sdpName: 'VP9', container: 'webm' },
  'video/av1': { sdpName: 'AV1', container: 'webm' },
  'video/h264': { sdpName: 'H264', container: 'mkv' },
};

function codecInfo(codec: RtpCodecParameters): { readonly sdpName: string; readonly container: 'webm' | 'mkv' } {
  const info = CODECS[codec.mimeType.toLowerCase()];
  if (info === undefined)
    throw new AirError('RECORDING_FAILED', `cannot record codec ${codec.mimeType} without transcoding`);
  return info;
}

/** File extension for a codec recorded by copy: `webm` for opus/VP8/VP9/AV1, `mkv` for H.264. */
export function containerFor(codec: RtpCodecParameters): 'webm' | 'mkv' {
  return codecInfo(codec).container;
}

function fmtpLine(codec: RtpCodecParameters): string | undefined {
  const entries = Object.entries(codec.parameters ?? {}).filter(
    ([key, value]) =>
      /^[A-Za-z0-9-]+$/.test(key) && (typeof value === 'number' || /^[A-Za-z0-9.,:-]*$/.test(String(value))),
  );
  if (entries.length === 0) return undefined;
  return `a=fmtp:${codec.payloadType} ${entries.map(([key, value]) => `${key}=${String(value)}`).join(';')}`;
}

/**
 * The SDP that tells ffmpeg what one recorded stream looks like. One stream per
 * file: ffmpeg then timestamps packets purely from their RTP timestamps
 * (pts = rtp - first rtp), which the timing sidecar maps to the session timeline.
 *
 * `a=source-filter` makes ffmpeg drop datagrams from anything but the loopback
 * address (ffmpeg is also told to bind loopback only, see ffmpeg.ts).
 */
export function buildRecordingSdp(input: RecordingSdpInput): string {
  const address = input.address ?? '127.0.0.1';
  const { codec } = input;
  const rtpmap =
    input.kind === 'audio' && codec.channels !== undefined && codec.channels > 1
      ? `${codecInfo(codec).sdpName}/${codec.clockRate}/${codec.channels}`
      : `${codecInfo(codec).sdpName}/${codec.clockRate}`;
  const fmtp = fmtpLine(codec);
  const lines = [
    'v=0',
    `o=- 0 0 IN IP4 ${address}`,
    's=AirCounter recording',
    `c=IN IP4 ${address}`,
    't=0 0',
    `m=${input.kind} ${input.rtpPort} RTP/AVP ${codec.payloadType}`,
    `a=source-filter: incl IN IP4 * ${address}`,
    `a=rtpmap:${codec.payloadType} ${rtpmap}`,
    ...(fmtp === undefined ? [] : [fmtp]),
    'a=recvonly',
  ];
  return `${lines.join('\r\n')}\r\n`;
}

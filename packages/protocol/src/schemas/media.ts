import * as v from 'valibot';
import { Empty, Id, MediaKind, MediaSourceSchema } from './common.ts';

// mediasoup's parameter objects. We check their shape and bound their size
// here; mediasoup validates the semantics again in the worker. Unknown keys
// are kept (loose) because they are mediasoup's, but never any `appData`
// from a client: the server builds appData itself.
const Str = (max = 256) => v.pipe(v.string(), v.maxLength(max));
const Num = v.pipe(v.number(), v.finite());
const Int = v.pipe(v.number(), v.integer());

// RTP value ranges (RFC 3550, RFC 5761, RFC 8285, RFC 8851/8852/8843),
// checked here so that nothing out of range reaches the media worker.
/** 7-bit payload types, minus 72–76, which collide with RTCP packet types when RTP and RTCP share a port. */
export const PayloadType = v.pipe(
  Int,
  v.minValue(0),
  v.maxValue(127),
  v.check((pt) => pt < 72 || pt > 76, 'payload types 72-76 are reserved (RTCP conflict, RFC 5761)'),
);
/** 32-bit SSRC; 0 is refused (mediasoup and browsers treat it as "none"). */
export const Ssrc = v.pipe(Int, v.minValue(1), v.maxValue(0xffff_ffff));
/** One-byte RTP header extension ids (RFC 8285): 1–14 (15 is reserved). */
export const HeaderExtensionId = v.pipe(Int, v.minValue(1), v.maxValue(14));
/** `type/subtype`, e.g. `video/VP8`, `audio/opus`, `video/rtx`. */
const MimeType = v.pipe(v.string(), v.maxLength(64), v.regex(/^(audio|video)\/[A-Za-z0-9][A-Za-z0-9._+-]{0,47}$/));
/** Sampling clock of a codec, Hz (8 kHz telephony … 192 kHz audio, 90 kHz video). */
const ClockRate = v.pipe(Int, v.minValue(1000), v.maxValue(192_000));
const Channels = v.pipe(Int, v.minValue(1), v.maxValue(8));
/** RTP stream ids and mids travel in one-byte header extensions: at most 16 bytes of token characters. */
const Rid = v.pipe(v.string(), v.regex(/^[A-Za-z0-9_-]{1,16}$/, 'rid: 1-16 letters, digits, - or _'));
const Mid = v.pipe(v.string(), v.regex(/^[A-Za-z0-9!#$%&'*+.^_`{|}~-]{1,16}$/, 'mid: 1-16 token characters'));
const NonNegative = v.pipe(Num, v.minValue(0));

const RtcpFeedback = v.looseObject({ type: Str(64), parameter: v.optional(Str(64)) });
const CodecParameters = v.pipe(
  v.record(Str(64), v.union([Str(512), Num])),
  v.check((p) => Object.keys(p).length <= 32, 'too many codec parameters'),
);

export const RtpCodecCapability = v.looseObject({
  kind: MediaKind,
  mimeType: MimeType,
  preferredPayloadType: v.optional(PayloadType),
  clockRate: ClockRate,
  channels: v.optional(Channels),
  parameters: v.optional(CodecParameters),
  rtcpFeedback: v.optional(v.pipe(v.array(RtcpFeedback), v.maxLength(32))),
});

export const RtpHeaderExtension = v.looseObject({
  kind: MediaKind,
  uri: Str(256),
  preferredId: HeaderExtensionId,
  preferredEncrypt: v.optional(v.boolean()),
  direction: v.optional(v.picklist(['sendrecv', 'sendonly', 'recvonly', 'inactive'])),
});

export const RtpCapabilities = v.looseObject({
  codecs: v.optional(v.pipe(v.array(RtpCodecCapability), v.maxLength(64))),
  headerExtensions: v.optional(v.pipe(v.array(RtpHeaderExtension), v.maxLength(64))),
});

const RtpCodecParameters = v.looseObject({
  mimeType: MimeType,
  payloadType: PayloadType,
  clockRate: ClockRate,
  channels: v.optional(Channels),
  parameters: v.optional(CodecParameters),
  rtcpFeedback: v.optional(v.pipe(v.array(RtcpFeedback), v.maxLength(32))),
});

const RtpEncodingParameters = v.looseObject({
  ssrc: v.optional(Ssrc),
  rid: v.optional(Rid),
  codecPayloadType: v.optional(PayloadType),
  rtx: v.optional(v.looseObject({ ssrc: Ssrc })),
  dtx: v.optional(v.boolean()),
  scalabilityMode: v.optional(v.pipe(v.string(), v.regex(/^[LS][1-4]T[1-4](_KEY)?(_SHIFT)?h?$/))),
  scaleResolutionDownBy: v.optional(v.pipe(Num, v.minValue(1), v.maxValue(64))),
  maxBitrate: v.optional(NonNegative),
  maxFramerate: v.optional(NonNegative),
  active: v.optional(v.boolean()),
});

const distinct = <T>(items: readonly T[] | undefined, key: (item: T) => unknown): boolean =>
  items === undefined || new Set(items.map(key)).size === items.length;

export const RtpParameters = v.pipe(
  v.looseObject({
    mid: v.optional(Mid),
    codecs: v.pipe(v.array(RtpCodecParameters), v.minLength(1), v.maxLength(16)),
    headerExtensions: v.optional(
      v.pipe(
        v.array(v.looseObject({ uri: Str(256), id: HeaderExtensionId, encrypt: v.optional(v.boolean()) })),
        v.maxLength(14),
      ),
    ),
    encodings: v.optional(v.pipe(v.array(RtpEncodingParameters), v.maxLength(4))),
    rtcp: v.optional(
      v.looseObject({
        cname: v.optional(Str(256)),
        reducedSize: v.optional(v.boolean()),
        mux: v.optional(v.boolean()),
      }),
    ),
  }),
  v.check((p) => distinct(p.codecs, (c) => c.payloadType), 'codec payload types must be distinct'),
  v.check((p) => distinct(p.headerExtensions, (h) => h.id), 'header extension ids must be distinct'),
);

export const DtlsParameters = v.looseObject({
  role: v.optional(v.picklist(['auto', 'client', 'server'])),
  fingerprints: v.pipe(
    v.array(
      v.object({
        algorithm: v.picklist(['sha-1', 'sha-224', 'sha-256', 'sha-384', 'sha-512']),
        value: Str(256),
      }),
    ),
    v.minLength(1),
    v.maxLength(8),
  ),
});

export const TransportDirection = v.picklist(['send', 'recv']);

// ---- requests and responses ----

export const GetRouterRtpCapabilitiesRequest = Empty;
export const GetRouterRtpCapabilitiesResponse = v.object({ rtpCapabilities: RtpCapabilities });

export const CreateTransportRequest = v.strictObject({
  direction: TransportDirection,
  /** Whether this transport should carry SCTP data channels. */
  sctp: v.optional(v.boolean()),
});
export const CreateTransportResponse = v.object({
  transportId: Id,
  iceParameters: v.looseObject({ usernameFragment: Str(), password: Str(), iceLite: v.optional(v.boolean()) }),
  iceCandidates: v.array(
    v.looseObject({ foundation: Str(), ip: Str(64), port: Int, protocol: Str(8), type: Str(16), priority: Num }),
  ),
  dtlsParameters: DtlsParameters,
  sctpParameters: v.optional(v.looseObject({ port: Int, OS: Int, MIS: Int, maxMessageSize: Int })),
  iceServers: v.optional(v.array(v.looseObject({ urls: v.union([Str(512), v.array(Str(512))]) }))),
});

export const ConnectTransportRequest = v.strictObject({ transportId: Id, dtlsParameters: DtlsParameters });
export const RestartIceRequest = v.strictObject({ transportId: Id });
export const RestartIceResponse = v.object({
  iceParameters: v.looseObject({ usernameFragment: Str(), password: Str() }),
});

export const ProduceRequest = v.strictObject({
  transportId: Id,
  kind: MediaKind,
  rtpParameters: RtpParameters,
  source: MediaSourceSchema,
  paused: v.optional(v.boolean()),
});
export const ProduceResponse = v.object({ producerId: Id });

export const ProducerRequest = v.strictObject({ producerId: Id });

export const ConsumeRequest = v.strictObject({ transportId: Id, producerId: Id });
export const ConsumeResponse = v.object({
  consumerId: Id,
  producerId: Id,
  peerId: Id,
  kind: MediaKind,
  source: MediaSourceSchema,
  rtpParameters: RtpParameters,
  /** Always true: consumers start paused until the client calls resumeConsumer. */
  paused: v.literal(true),
  producerPaused: v.boolean(),
});

export const ConsumerRequest = v.strictObject({ consumerId: Id });
export const SetConsumerPreferredLayersRequest = v.strictObject({
  consumerId: Id,
  spatialLayer: v.pipe(Int, v.minValue(0), v.maxValue(3)),
  temporalLayer: v.optional(v.pipe(Int, v.minValue(0), v.maxValue(3))),
});

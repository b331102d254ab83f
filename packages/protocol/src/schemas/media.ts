import * as v from 'valibot';
import { Empty, Id, MediaKind, MediaSourceSchema } from './common.ts';

// mediasoup's parameter objects. We check their shape and bound their size
// here; mediasoup validates the semantics again in the worker. Unknown keys
// are kept (loose) because they are mediasoup's, but never any `appData`
// from a client: the server builds appData itself.
const Str = (max = 256) => v.pipe(v.string(), v.maxLength(max));
const Num = v.pipe(v.number(), v.finite());
const Int = v.pipe(v.number(), v.integer());

const RtcpFeedback = v.looseObject({ type: Str(64), parameter: v.optional(Str(64)) });
const CodecParameters = v.pipe(
  v.record(Str(64), v.union([Str(512), Num])),
  v.check((p) => Object.keys(p).length <= 32, 'too many codec parameters'),
);

export const RtpCodecCapability = v.looseObject({
  kind: MediaKind,
  mimeType: Str(64),
  preferredPayloadType: v.optional(Int),
  clockRate: Int,
  channels: v.optional(Int),
  parameters: v.optional(CodecParameters),
  rtcpFeedback: v.optional(v.pipe(v.array(RtcpFeedback), v.maxLength(32))),
});

export const RtpHeaderExtension = v.looseObject({
  kind: MediaKind,
  uri: Str(256),
  preferredId: Int,
  preferredEncrypt: v.optional(v.boolean()),
  direction: v.optional(v.picklist(['sendrecv', 'sendonly', 'recvonly', 'inactive'])),
});

export const RtpCapabilities = v.looseObject({
  codecs: v.optional(v.pipe(v.array(RtpCodecCapability), v.maxLength(64))),
  headerExtensions: v.optional(v.pipe(v.array(RtpHeaderExtension), v.maxLength(64))),
});

const RtpCodecParameters = v.looseObject({
  mimeType: Str(64),
  payloadType: Int,
  clockRate: Int,
  channels: v.optional(Int),
  parameters: v.optional(CodecParameters),
  rtcpFeedback: v.optional(v.pipe(v.array(RtcpFeedback), v.maxLength(32))),
});

const RtpEncodingParameters = v.looseObject({
  ssrc: v.optional(Int),
  rid: v.optional(Str(32)),
  codecPayloadType: v.optional(Int),
  rtx: v.optional(v.looseObject({ ssrc: Int })),
  dtx: v.optional(v.boolean()),
  scalabilityMode: v.optional(Str(32)),
  scaleResolutionDownBy: v.optional(Num),
  maxBitrate: v.optional(Num),
  maxFramerate: v.optional(Num),
  active: v.optional(v.boolean()),
});

export const RtpParameters = v.looseObject({
  mid: v.optional(Str(32)),
  codecs: v.pipe(v.array(RtpCodecParameters), v.minLength(1), v.maxLength(16)),
  headerExtensions: v.optional(
    v.pipe(v.array(v.looseObject({ uri: Str(256), id: Int, encrypt: v.optional(v.boolean()) })), v.maxLength(32)),
  ),
  encodings: v.optional(v.pipe(v.array(RtpEncodingParameters), v.maxLength(4))),
  rtcp: v.optional(
    v.looseObject({
      cname: v.optional(Str(256)),
      reducedSize: v.optional(v.boolean()),
      mux: v.optional(v.boolean()),
    }),
  ),
});

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

import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { OPUS_RTP_PARAMETERS, VP8_SIMULCAST_RTP_PARAMETERS } from '../test-fixtures/examples.ts';
import { ProduceRequest } from './media.ts';

type Params = typeof VP8_SIMULCAST_RTP_PARAMETERS;
const produce = (rtpParameters: unknown) => ({ transportId: 't-1', kind: 'video', source: 'camera', rtpParameters });
const withCodec = (patch: Record<string, unknown>): Params => ({
  ...VP8_SIMULCAST_RTP_PARAMETERS,
  codecs: [{ ...VP8_SIMULCAST_RTP_PARAMETERS.codecs[0], ...patch }] as Params['codecs'],
});
const withEncoding = (patch: Record<string, unknown>): Params => ({
  ...VP8_SIMULCAST_RTP_PARAMETERS,
  encodings: [{ ...VP8_SIMULCAST_RTP_PARAMETERS.encodings[0], ...patch }] as Params['encodings'],
});
const withExtension = (id: unknown): Params => ({
  ...VP8_SIMULCAST_RTP_PARAMETERS,
  headerExtensions: [{ uri: 'urn:ietf:params:rtp-hdrext:sdes:mid', id, encrypt: false }] as Params['headerExtensions'],
});

describe('RTP parameter ranges', () => {
  it('accepts what browsers send', () => {
    expect(v.safeParse(ProduceRequest, produce(VP8_SIMULCAST_RTP_PARAMETERS)).success).toBe(true);
    expect(
      v.safeParse(ProduceRequest, { ...produce(OPUS_RTP_PARAMETERS), kind: 'audio', source: 'microphone' }).success,
    ).toBe(true);
    expect(v.safeParse(ProduceRequest, produce(withCodec({ payloadType: 0 }))).success).toBe(true);
    expect(v.safeParse(ProduceRequest, produce(withEncoding({ ssrc: 0xffff_ffff }))).success).toBe(true);
  });

  it.each([
    ['payload type -1', withCodec({ payloadType: -1 })],
    ['payload type 128', withCodec({ payloadType: 128 })],
    ['payload type 2^31', withCodec({ payloadType: 2 ** 31 })],
    ['payload type 72 (RTCP conflict)', withCodec({ payloadType: 72 })],
    ['fractional payload type', withCodec({ payloadType: 96.5 })],
    ['clock rate 0', withCodec({ clockRate: 0 })],
    ['clock rate 10 MHz', withCodec({ clockRate: 10_000_000 })],
    ['mime type without a kind', withCodec({ mimeType: 'VP8' })],
    ['mime type with spaces', withCodec({ mimeType: 'video/V P8' })],
    ['SSRC 0', withEncoding({ ssrc: 0 })],
    ['SSRC 2^32', withEncoding({ ssrc: 2 ** 32 })],
    ['negative SSRC', withEncoding({ ssrc: -5 })],
    ['RTX SSRC 0', withEncoding({ rtx: { ssrc: 0 } })],
    ['rid of 17 characters', withEncoding({ rid: 'r'.repeat(17) })],
    ['rid with a space', withEncoding({ rid: 'r 0' })],
    ['scaleResolutionDownBy 0', withEncoding({ scaleResolutionDownBy: 0 })],
    ['negative max bitrate', withEncoding({ maxBitrate: -1 })],
    ['header extension id 0', withExtension(0)],
    ['header extension id 15', withExtension(15)],
    ['header extension id 255', withExtension(255)],
    ['mid of 17 characters', { ...VP8_SIMULCAST_RTP_PARAMETERS, mid: 'm'.repeat(17) }],
    [
      'duplicate payload types',
      {
        ...VP8_SIMULCAST_RTP_PARAMETERS,
        codecs: [VP8_SIMULCAST_RTP_PARAMETERS.codecs[0], VP8_SIMULCAST_RTP_PARAMETERS.codecs[0]],
      },
    ],
  ])('refuses %s', (_name, rtpParameters) => {
    expect(v.safeParse(ProduceRequest, produce(rtpParameters)).success).toBe(false);
  });
});

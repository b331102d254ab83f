import { createSocket, type Socket } from 'node:dgram';

/** Seconds between the NTP epoch (1900) and the Unix epoch (1970). */
const NTP_UNIX_OFFSET_S = 2_208_988_800;
const RTCP_SR = 200;
const RTCP_RR = 201;

/** One RTCP sender report: at `ntpUnixMs` (sender's clock) the stream's RTP clock read `rtpTimestamp`. */
export interface SenderReport {
  readonly ssrc: number;
  readonly ntpUnixMs: number;
  readonly rtpTimestamp: number;
  readonly packetCount: number;
  readonly octetCount: number;
}

/** One report block of an RTCP receiver report: how the receiver (ffmpeg) saw a stream. */
export interface ReceptionReport {
  readonly reporterSsrc: number;
  readonly sourceSsrc: number;
  /** Fraction lost since the previous report, 0..1. */
  readonly fractionLost: number;
  /** Packets lost since the start of reception (may be negative with duplicates). */
  readonly cumulativeLost: number;
  readonly highestSequence: number;
  readonly jitter: number;
}

export interface RtcpContents {
  readonly senderReports: readonly SenderReport[];
  readonly receptionReports: readonly ReceptionReport[];
}

export function ntpToUnixMs(seconds: number, fraction: number): number {
  return (seconds - NTP_UNIX_OFFSET_S) * 1000 + (fraction * 1000) / 2 ** 32;
}

function readReportBlocks(view: DataView, offset: number, count: number, reporterSsrc: number): ReceptionReport[] {
  const blocks: ReceptionReport[] = [];
  for (let i = 0; i < count; i += 1) {
    const at = offset + i * 24;
    if (at + 24 > view.byteLength) break;
    const lost24 = (view.getUint8(at + 5) << 16) | (view.getUint8(at + 6) << 8) | view.getUint8(at + 7);
    blocks.push({
      reporterSsrc,
      sourceSsrc: view.getUint32(at),
      fractionLost: view.getUint8(at + 4) / 256,
      // Cumulative loss is a signed 24-bit number.
      cumulativeLost: lost24 & 0x800000 ? lost24 - 0x1000000 : lost24,
      highestSequence: view.getUint32(at + 8),
      jitter: view.getUint32(at + 12),
    });
  }
  return blocks;
}

/**
 * Parses a (compound) RTCP datagram for sender reports and report blocks; other
 * packet types (SDES, BYE, feedback) are skipped. Malformed input yields what
 * could be read before the damage: this parses traffic, never trusts it.
 */
export function parseRtcp(datagram: Uint8Array): RtcpContents {
  const view = new DataView(datagram.buffer, datagram.byteOffset, datagram.byteLength);
  const senderReports: SenderReport[] = [];
  const receptionReports: ReceptionReport[] = [];
  let offset = 0;
  while (offset + 4 <= view.byteLength) {
    const first = view.getUint8(offset);
    if (first >> 6 !== 2) break;
    const count = first & 0x1f;
    const type = view.getUint8(offset + 1);
    const length = (view.getUint16(offset + 2) + 1) * 4;
    if (offset + length > view.byteLength) break;
    if (type === RTCP_SR && length >= 28) {
      const ssrc = view.getUint32(offset + 4);
      senderReports.push({
        ssrc,
        ntpUnixMs: ntpToUnixMs(view.getUint32(offset + 8), view.getUint32(offset + 12)),
        rtpTimestamp: view.getUint32(offset + 16),
        packetCount: view.getUint32(offset + 20),
        octetCount: view.getUint32(offset + 24),
      });
      receptionReports.push(...readReportBlocks(view, offset + 28, count, ssrc));
    } else if (type === RTCP_RR && length >= 8) {
      receptionReports.push(...readReportBlocks(view, offset + 8, count, view.getUint32(offset + 4)));
    }
    offset += length;
  }
  return { senderReports, receptionReports };
}

export interface RtcpListenerEvents {
  /** A sender report from mediasoup, with the local wall-clock instant it arrived. */
  onSenderReport(report: SenderReport, receivedUnixMs: number): void;
}

/**
 * A loopback UDP socket that takes the RTCP of one recorded stream: mediasoup's
 * PlainTransport sends its sender reports here (they map the consumer's RTP
 * timestamps to the capture instant on the worker's NTP clock). ffmpeg needs no
 * RTCP to record one stream, so it gets none (but the BYE that ends its file).
 */
export class RtcpListener {
  readonly #socket: Socket;
  #closed = false;

  private constructor(socket: Socket) {
    this.#socket = socket;
  }

  static open(events: RtcpListenerEvents, host = '127.0.0.1'): Promise<RtcpListener> {
    return new Promise((resolve, reject) => {
      const socket = createSocket('udp4');
      socket.once('error', reject);
      socket.on('message', (message: Buffer) => {
        const receivedUnixMs = Date.now();
        const contents = parseRtcp(message);
        for (const report of contents.senderReports) events.onSenderReport(report, receivedUnixMs);
      });
      socket.bind({ port: 0, address: host }, () => {
        socket.off('error', reject);
        // A datagram socket has no peer to fail on; an error here is a local fault worth seeing.
        socket.on('error', (error: Error) => console.error('[recording] RTCP socket error', error.message));
        resolve(new RtcpListener(socket));
      });
    });
  }

  get port(): number {
    return this.#socket.address().port;
  }

  close(): Promise<void> {
    if (this.#closed) return Promise.resolve();
    this.#closed = true;
    return new Promise((resolve) => this.#socket.close(() => resolve()));
  }
}

/**
 * Sends an RTCP BYE to ffmpeg's RTCP port: its RTP demuxer then reports end of
 * stream, and ffmpeg finishes the file (trailer, index) and exits 0 at once,
 * even when no packet is flowing (a SIGINT is only seen between packets).
 * ffmpeg ignores datagrams shorter than an RTP header (12 bytes), hence the
 * two SSRCs.
 */
export function sendRtcpBye(port: number, host = '127.0.0.1'): Promise<void> {
  const bye = Buffer.from([0x82, 203, 0, 2, 0, 0, 0, 0, 0, 0, 0, 0]);
  return new Promise((resolve, reject) => {
    const socket = createSocket('udp4');
    socket.once('error', (error) => {
      socket.close();
      reject(error);
    });
    socket.send(bye, port, host, (error) => {
      socket.close();
      if (error) reject(error);
      else resolve();
    });
  });
}

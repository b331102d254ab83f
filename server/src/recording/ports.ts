import { createSocket } from 'node:dgram';
import { AirError } from '@aircounter/protocol';

/** Two UDP ports ffmpeg binds for one recorded track: RTP on an even port, its RTCP on the next one. */
export interface PortPair {
  readonly rtpPort: number;
  readonly rtcpPort: number;
}

export interface PortLease extends PortPair {
  /** Gives the pair back. Idempotent. */
  release(): void;
}

export interface PortRange {
  /** First port of the range (inclusive). */
  readonly min: number;
  /** Last port of the range (inclusive). */
  readonly max: number;
  /** Address to test availability on. ffmpeg's SDP input binds the wildcard address, so test that. */
  readonly host?: string;
}

/** Resolves whether a UDP port can be bound right now (it is closed again at once). */
export function isUdpPortFree(port: number, host: string): Promise<boolean> {
  return new Promise((resolve, reject) => {
    const socket = createSocket({ type: 'udp4', reuseAddr: false });
    socket.once('error', (error: NodeJS.ErrnoException) => {
      socket.close();
      if (error.code === 'EADDRINUSE' || error.code === 'EACCES') resolve(false);
      else reject(error);
    });
    socket.once('listening', () => socket.close(() => resolve(true)));
    socket.bind({ port, address: host, exclusive: true });
  });
}

/**
 * Hands out RTP/RTCP port pairs for ffmpeg from a dedicated range.
 *
 * Why it is safe under concurrency: a candidate pair is reserved synchronously
 * (before any `await`), so two recordings starting at the same instant can never
 * be handed the same pair; then both ports are test-bound to skip pairs another
 * process holds. The cursor moves round-robin, so a released pair is reused only
 * after the whole range has been cycled (late packets of a stopped stream never
 * land in a new recording). What remains — another process binding the port
 * between the test and ffmpeg's own bind — makes ffmpeg exit at once with
 * "Address already in use"; the track recorder then takes a new pair.
 * Keep this range disjoint from mediasoup's `rtcMinPort..rtcMaxPort`.
 */
export class RtpPortAllocator {
  readonly #evenPorts: number[];
  readonly #host: string;
  readonly #reserved = new Set<number>();
  #cursor = 0;

  constructor(range: PortRange) {
    const first = range.min % 2 === 0 ? range.min : range.min + 1;
    if (!Number.isInteger(range.min) || !Number.isInteger(range.max) || first + 1 > range.max || range.max > 65535) {
      throw new AirError('RECORDING_FAILED', `invalid recording port range ${range.min}-${range.max}`);
    }
    this.#evenPorts = [];
    for (let port = first; port + 1 <= range.max; port += 2) this.#evenPorts.push(port);
    this.#host = range.host ?? '0.0.0.0';
  }

  /** Pairs currently handed out. */
  get inUse(): number {
    return this.#reserved.size;
  }

  get capacity(): number {
    return this.#evenPorts.length;
  }

  async allocate(): Promise<PortLease> {
    for (let attempt = 0; attempt < this.#evenPorts.length; attempt += 1) {
      const rtpPort = this.#evenPorts[this.#cursor];
      this.#cursor = (this.#cursor + 1) % this.#evenPorts.length;
      if (rtpPort === undefined || this.#reserved.has(rtpPort)) continue;
      this.#reserved.add(rtpPort);
      let free: boolean;
      try {
        free = (await isUdpPortFree(rtpPort, this.#host)) && (await isUdpPortFree(rtpPort + 1, this.#host));
      } catch (error: unknown) {
        this.#reserved.delete(rtpPort);
        throw new AirError('RECORDING_FAILED', `cannot test UDP port ${rtpPort}`, { cause: error });
      }
      if (free) return this.#lease(rtpPort);
      this.#reserved.delete(rtpPort);
    }
    throw new AirError(
      'RECORDING_FAILED',
      `no free RTP port pair left in the recording port range (${this.#evenPorts.length} pairs); widen AIR_RECORDING_PORT_MIN/MAX`,
    );
  }

  #lease(rtpPort: number): PortLease {
    let released = false;
    return {
      rtpPort,
      rtcpPort: rtpPort + 1,
      release: () => {
        if (released) return;
        released = true;
        this.#reserved.delete(rtpPort);
      },
    };
  }
}

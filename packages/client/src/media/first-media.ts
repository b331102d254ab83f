import type { Transport } from 'mediasoup-client/types';
import type { JoinPhase } from '../types.ts';

/** Stats polling period: the resolution of the media phases, cheap for a couple of transports. */
export const FIRST_MEDIA_POLL_MS = 40;
/** Stop looking after this long: media that has not flowed by then is a quality problem, not a join phase. */
export const FIRST_MEDIA_GIVE_UP_MS = 30_000;

type Direction = Transport['direction'];
export type StatsTransport = Pick<Transport, 'direction' | 'getStats'>;

const PHASES: Record<Direction, readonly JoinPhase[]> = {
  send: ['firstRtpSent'],
  recv: ['firstRtpReceived', 'firstFrameDecoded'],
};

function positive(value: unknown): boolean {
  return typeof value === 'number' && value > 0;
}

/** The media phases one stats report shows as reached. */
export function phasesInStats(report: RTCStatsReport): JoinPhase[] {
  const reached = new Set<JoinPhase>();
  report.forEach((entry: Record<string, unknown>) => {
    if (entry['type'] === 'outbound-rtp' && positive(entry['packetsSent'])) reached.add('firstRtpSent');
    if (entry['type'] !== 'inbound-rtp') return;
    if (positive(entry['packetsReceived'])) reached.add('firstRtpReceived');
    if (entry['kind'] === 'video' && positive(entry['framesDecoded'])) reached.add('firstFrameDecoded');
  });
  return [...reached];
}

export interface FirstMediaSink {
  has(phase: JoinPhase): boolean;
  mark(phase: JoinPhase): void;
}

/**
 * Finds the first RTP sent, received and the first decoded remote video
 * frame of one connection attempt by polling its transports' stats — the
 * only place a headless SDK can see them without the page's video element.
 * One poll loop per direction, ended by `stop()` or when its phases are in.
 */
export class FirstMediaWatcher {
  readonly #sink: FirstMediaSink;
  readonly #watching = new Set<Direction>();
  #stopped = false;

  constructor(sink: FirstMediaSink) {
    this.#sink = sink;
  }

  watch(transport: StatsTransport): void {
    if (this.#stopped || this.#watching.has(transport.direction)) return;
    this.#watching.add(transport.direction);
    void this.#poll(transport, PHASES[transport.direction]);
  }

  stop(): void {
    this.#stopped = true;
  }

  async #poll(transport: StatsTransport, phases: readonly JoinPhase[]): Promise<void> {
    const deadline = Date.now() + FIRST_MEDIA_GIVE_UP_MS;
    while (!this.#stopped && Date.now() < deadline && phases.some((phase) => !this.#sink.has(phase))) {
      let report: RTCStatsReport;
      try {
        report = await transport.getStats();
      } catch {
        return; // closed transport: this attempt is over
      }
      if (this.#stopped) return;
      for (const phase of phasesInStats(report)) {
        if (phases.includes(phase) && !this.#sink.has(phase)) this.#sink.mark(phase);
      }
      await new Promise((resolve) => setTimeout(resolve, FIRST_MEDIA_POLL_MS));
    }
  }
}

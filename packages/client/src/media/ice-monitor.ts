import type { ConnectionState, Transport } from 'mediasoup-client/types';

/** ICE may recover from `disconnected` by itself; restart only if it has not after this long. */
export const ICE_DISCONNECTED_GRACE_MS = 2_000;

export interface IceMonitorCallbacks {
  /** Asks the server for new ICE parameters and applies them to `transport`. */
  restart(transport: Transport): Promise<void>;
  /** The first transport ran into trouble (the session shows `reconnecting`). */
  troubled(): void;
  /** Every troubled transport is connected again. */
  recovered(): void;
  /** An ICE restart itself failed. */
  restartFailed(error: unknown): void;
}

/**
 * Watches the transports of one connection: `failed` restarts ICE at once,
 * `disconnected` only when it lasts longer than {@link ICE_DISCONNECTED_GRACE_MS}.
 */
export class IceMonitor {
  readonly #callbacks: IceMonitorCallbacks;
  readonly #timers = new Map<string, ReturnType<typeof setTimeout>>();
  readonly #troubled = new Set<string>();
  #stopped = false;

  constructor(callbacks: IceMonitorCallbacks) {
    this.#callbacks = callbacks;
  }

  onState(transport: Transport, state: ConnectionState): void {
    if (this.#stopped) return;
    const pending = this.#timers.get(transport.id);
    if (pending) clearTimeout(pending);
    this.#timers.delete(transport.id);
    if (state === 'connected') {
      if (this.#troubled.delete(transport.id) && this.#troubled.size === 0) this.#callbacks.recovered();
    } else if (state === 'failed') {
      this.#restart(transport);
    } else if (state === 'disconnected') {
      this.#timers.set(
        transport.id,
        setTimeout(() => this.#restart(transport), ICE_DISCONNECTED_GRACE_MS),
      );
    }
  }

  stop(): void {
    this.#stopped = true;
    for (const timer of this.#timers.values()) clearTimeout(timer);
    this.#timers.clear();
    this.#troubled.clear();
  }

  #restart(transport: Transport): void {
    if (this.#stopped || transport.closed) return;
    const first = this.#troubled.size === 0;
    this.#troubled.add(transport.id);
    if (first) this.#callbacks.troubled();
    this.#callbacks.restart(transport).catch((error: unknown) => {
      if (!this.#stopped) this.#callbacks.restartFailed(error);
    });
  }
}

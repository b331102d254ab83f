import { AirError, type ResponseEnvelope } from '@aircounter/protocol';

interface Pending {
  readonly method: string;
  readonly resolve: (data: unknown) => void;
  readonly reject: (error: AirError) => void;
  readonly timer: ReturnType<typeof setTimeout>;
}

/**
 * Matches responses to requests by id. Each request gets a timer: a server
 * that never answers must not leave a promise (and a UI spinner) hanging.
 */
export class RequestTracker {
  readonly #timeoutMs: number;
  readonly #pending = new Map<number, Pending>();
  #nextId = 1;

  constructor(timeoutMs: number) {
    this.#timeoutMs = timeoutMs;
  }

  get size(): number {
    return this.#pending.size;
  }

  /** Registers a request; returns its id and the promise of its response data. */
  create(method: string, timeoutMs: number = this.#timeoutMs): { id: number; response: Promise<unknown> } {
    const id = this.#nextId++;
    const response = new Promise<unknown>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.#pending.delete(id);
        reject(new AirError('TIMEOUT', `${method}: no response within ${timeoutMs} ms`));
      }, timeoutMs);
      this.#pending.set(id, { method, resolve, reject, timer });
    });
    return { id, response };
  }

  /** Settles the request `envelope` answers; false when no request has that id (late or unknown). */
  settle(envelope: ResponseEnvelope): boolean {
    if (envelope.id === null) return false;
    const pending = this.#pending.get(envelope.id);
    if (!pending) return false;
    this.#pending.delete(envelope.id);
    clearTimeout(pending.timer);
    if (envelope.ok) pending.resolve(envelope.data);
    else pending.reject(new AirError(envelope.error.code, `${pending.method}: ${envelope.error.message}`));
    return true;
  }

  /** Fails the request `id` (e.g. it could not be sent). */
  fail(id: number, error: AirError): void {
    const pending = this.#pending.get(id);
    if (!pending) return;
    this.#pending.delete(id);
    clearTimeout(pending.timer);
    pending.reject(error);
  }

  /** Fails every outstanding request, e.g. when the socket closes. */
  failAll(error: AirError): void {
    for (const id of [...this.#pending.keys()]) this.fail(id, error);
  }
}

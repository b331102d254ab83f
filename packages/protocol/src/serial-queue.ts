/**
 * Runs asynchronous jobs one at a time, in the order they were queued. Used
 * wherever work must not interleave: a session's log appends, a recorder's
 * start/stop, a connection's requests, the client session's join/leave.
 *
 * A failed job does not stop the queue: the next job runs once it has
 * settled, and the failure reaches only the caller of that job's `run`.
 * (An audit log or a live session must not wedge because one step failed.)
 * Plain JavaScript, no Node or DOM API: the server and the browser SDK share it.
 */
export class SerialQueue {
  #tail: Promise<void> = Promise.resolve();
  #waiting = 0;
  #outstanding = 0;

  /** Jobs queued that have not started yet (a running job is not counted). */
  get waiting(): number {
    return this.#waiting;
  }

  /** No job is running or waiting. */
  get idle(): boolean {
    return this.#outstanding === 0;
  }

  /** Queues `job`; resolves or rejects with its outcome once every job queued before it has settled and it has run. */
  run<T>(job: () => T | Promise<T>): Promise<T> {
    this.#waiting += 1;
    this.#outstanding += 1;
    const result = this.#tail.then(() => {
      this.#waiting -= 1;
      return job();
    });
    this.#tail = result.then(
      () => this.#settle(),
      () => this.#settle(),
    );
    return result;
  }

  /** Resolves once every job queued before this call has settled (never rejects). */
  drained(): Promise<void> {
    return this.#tail;
  }

  /** Resolves once the queue is empty, including jobs queued while waiting (never rejects). */
  async settled(): Promise<void> {
    while (!this.idle) await this.#tail;
  }

  #settle(): void {
    this.#outstanding -= 1;
  }
}

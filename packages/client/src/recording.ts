import { AirError, type RecordingState, type RecordingStatus } from '@aircounter/protocol';
import type { Signaling } from './signaling/signaling.ts';
import type { DeclineConsentOptions, GiveConsentOptions, Recording, WithdrawConsentOptions } from './types.ts';

/** How long start()/stop() wait for the server to report the target state. */
export const RECORDING_SETTLE_TIMEOUT_MS = 30_000;

const FAILED: readonly RecordingState[] = ['failed', 'aborted'];

/** Coverage entries are small flat records: comparing their JSON is exact. */
function sameCoverage(a: RecordingStatus['coverage'], b: RecordingStatus['coverage']): boolean {
  return JSON.stringify(a ?? []) === JSON.stringify(b ?? []);
}

/**
 * The tracks that are not being recorded right now although the recording is
 * active: what an agent must see at once ("customer not recorded since 00:12").
 */
export function unrecordedTracks(status: RecordingStatus): NonNullable<RecordingStatus['coverage']> {
  if (status.state !== 'active') return [];
  return (status.coverage ?? []).filter((track) => !track.recorded);
}

interface Waiter {
  readonly targets: readonly RecordingState[];
  readonly resolve: (status: RecordingStatus) => void;
  readonly reject: (error: AirError) => void;
  readonly timer: ReturnType<typeof setTimeout>;
}

/**
 * The session's recording: its latest status (from responses and
 * `recordingStatus` notifications) and the calls that change it.
 */
export class RecordingController implements Recording {
  readonly #signaling: Signaling;
  readonly #onChange: (status: RecordingStatus) => void;
  readonly #waiters = new Set<Waiter>();
  #status: RecordingStatus = { state: 'idle', since: 0, consentGiven: false };

  constructor(signaling: Signaling, onChange: (status: RecordingStatus) => void) {
    this.#signaling = signaling;
    this.#onChange = onChange;
  }

  get status(): RecordingStatus {
    return this.#status;
  }

  async start(): Promise<RecordingStatus> {
    this.update(await this.#signaling.request('startRecording', {}));
    return this.#waitFor(['active']);
  }

  async stop(): Promise<RecordingStatus> {
    this.update(await this.#signaling.request('stopRecording', {}));
    return this.#waitFor(['complete']);
  }

  async giveConsent(options: GiveConsentOptions): Promise<RecordingStatus> {
    const status = await this.#signaling.request('giveConsent', { ...options });
    this.update(status);
    return this.#status;
  }

  async declineConsent(options: DeclineConsentOptions): Promise<RecordingStatus> {
    this.update(await this.#signaling.request('declineConsent', { ...options }));
    return this.#status;
  }

  async withdrawConsent(options: WithdrawConsentOptions): Promise<RecordingStatus> {
    this.update(await this.#signaling.request('withdrawConsent', { ...options }));
    return this.#status;
  }

  /**
   * Applies a status from the server. A response and a notification can
   * cross: a status older than the current one (by `since`) is stale.
   */
  update(status: RecordingStatus): void {
    if (status.since < this.#status.since) return;
    const changed =
      status.state !== this.#status.state ||
      status.consentGiven !== this.#status.consentGiven ||
      status.consent !== this.#status.consent ||
      status.recordingId !== this.#status.recordingId ||
      status.since !== this.#status.since ||
      !sameCoverage(status.coverage, this.#status.coverage);
    this.#status = status;
    if (changed) this.#onChange(status);
    for (const waiter of [...this.#waiters]) this.#check(waiter);
  }

  /** Fails everything still waiting (the session ended). */
  dispose(error: AirError): void {
    for (const waiter of [...this.#waiters]) this.#settle(waiter, () => waiter.reject(error));
  }

  #waitFor(targets: readonly RecordingState[]): Promise<RecordingStatus> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.#settle(waiter, () =>
          reject(new AirError('TIMEOUT', `recording did not become ${targets.join('/')} in time`)),
        );
      }, RECORDING_SETTLE_TIMEOUT_MS);
      const waiter: Waiter = { targets, resolve, reject, timer };
      this.#waiters.add(waiter);
      this.#check(waiter);
    });
  }

  #check(waiter: Waiter): void {
    const status = this.#status;
    if (waiter.targets.includes(status.state)) {
      this.#settle(waiter, () => waiter.resolve(status));
    } else if (FAILED.includes(status.state)) {
      const reason = status.reason ? `: ${status.reason}` : '';
      this.#settle(waiter, () => waiter.reject(new AirError('RECORDING_FAILED', `recording ${status.state}${reason}`)));
    }
  }

  #settle(waiter: Waiter, settle: () => void): void {
    if (!this.#waiters.delete(waiter)) return;
    clearTimeout(waiter.timer);
    settle();
  }
}

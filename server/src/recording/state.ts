import { AirError, type RecordingReason, type RecordingState } from '@aircounter/protocol';

/**
 * The recording lifecycle as an explicit state machine (after LiveKit Egress):
 *
 * ```
 * idle ──► starting ──► active ──► ending ──► complete
 *             │            │          ├─────► failed
 *             │            │          └─────► aborted
 *             ├──► failed  ├──► failed
 *             └──► aborted └──► aborted
 * complete | failed | aborted ──► starting   (a new recording, new id)
 * ```
 *
 * After a restart of the server a fresh machine starts at `idle`: a recording
 * the stop interrupted (still wanted in the store) goes `idle ──► starting`
 * by itself, as its next part with a new id, once the participants publish again.
 *
 * - `complete`: stopped on request (agent, or the session ended normally) and every file finalized.
 * - `aborted`: ended by something outside the recording (server shut down, room closed with an error);
 *   whatever was written is finalized and kept. A part aborted by a shutdown (or found after a crash)
 *   is followed by the next part after the restart.
 * - `failed`: the recorder could not record (ffmpeg missing, crashed too often, worker died).
 */
const NEXT: Readonly<Record<RecordingState, readonly RecordingState[]>> = {
  idle: ['starting'],
  starting: ['active', 'failed', 'aborted'],
  active: ['ending', 'failed', 'aborted'],
  ending: ['complete', 'failed', 'aborted'],
  complete: ['starting'],
  failed: ['starting'],
  aborted: ['starting'],
};

export const TERMINAL_STATES: readonly RecordingState[] = ['complete', 'failed', 'aborted'];

export function isTerminal(state: RecordingState): boolean {
  return TERMINAL_STATES.includes(state);
}

/** Whether a recording is in progress (started and not yet finished). */
export function isRunning(state: RecordingState): boolean {
  return state === 'starting' || state === 'active' || state === 'ending';
}

export function canTransition(from: RecordingState, to: RecordingState): boolean {
  return NEXT[from].includes(to);
}

export interface StateChange {
  readonly from: RecordingState;
  readonly to: RecordingState;
  /** Wall-clock ms when `to` was entered. */
  readonly since: number;
  readonly reason?: RecordingReason;
}

/** Holds the current state; refuses transitions the diagram above does not allow. */
export class RecordingStateMachine {
  #state: RecordingState = 'idle';
  #since: number;
  #reason: RecordingReason | undefined;
  readonly #now: () => number;

  constructor(now: () => number = Date.now) {
    this.#now = now;
    this.#since = now();
  }

  get state(): RecordingState {
    return this.#state;
  }

  get since(): number {
    return this.#since;
  }

  get reason(): RecordingReason | undefined {
    return this.#reason;
  }

  transition(to: RecordingState, reason?: RecordingReason): StateChange {
    const from = this.#state;
    if (!canTransition(from, to)) {
      throw new AirError('INTERNAL', `recording cannot go from ${from} to ${to}`);
    }
    this.#state = to;
    this.#since = this.#now();
    this.#reason = reason;
    return reason === undefined ? { from, to, since: this.#since } : { from, to, since: this.#since, reason };
  }
}

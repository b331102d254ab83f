import type { JourneyStepKind } from '../journey/journey-view.ts';

/**
 * What an agent may do on the current step: the server's list, nothing else
 * is offered. `skip` leaves out an optional step, with a reason.
 */
export type PrompterAction = 'done' | 'next' | 'back' | 'attest' | 'override' | 'skip';

/**
 * Bounds of an agent's written reason (attest, override, skip): the journey
 * engine's `Reason` refuses a shorter or longer one, so the form says so
 * before the server has to. Counted after trimming.
 */
export const REASON_MIN_LENGTH = 3;
export const REASON_MAX_LENGTH = 1_000;

/** How the customer's part of the current step stands (shown with `customer.text`). */
export type CustomerProgress = 'none' | 'waiting' | 'done' | 'interrupted';

/** A step in the agent's outline. */
export interface PrompterOutlineStep {
  readonly stepId: string;
  readonly title: string;
  readonly mandatory: boolean;
  readonly status: 'done' | 'current' | 'pending' | 'interrupted' | 'skipped';
}

/** Everything `<air-script-prompter>` shows. */
export interface PrompterView {
  readonly stepId: string;
  readonly kind: JourneyStepKind;
  /** 1-based position and the number of steps. */
  readonly index: number;
  readonly count: number;
  readonly title: string;
  /** What the agent reads aloud (or, for customer steps, what the customer sees). */
  readonly script: string;
  /** BCP 47 language of `title` and `script` when it differs from the element's. */
  readonly lang?: string;
  readonly mandatory: boolean;
  /** What the customer has done on this step, in words (e.g. "Tapped “I understand”"). */
  readonly customer: { readonly progress: CustomerProgress; readonly text: string };
  /** Time still to pass before "Done" may be pressed, ms, as of when the view was given. */
  readonly minimumRemainingMs: number;
  /** The actions the state allows now. */
  readonly allowed: readonly PrompterAction[];
  /** A suitability mismatch to resolve (shown with the override form). */
  readonly suitability?: { readonly customerLevel: string; readonly productLevel: string };
  /** The journey's steps with mandatory markers. */
  readonly outline?: readonly PrompterOutlineStep[];
  /** The recording was interrupted during this step: it must be repeated. */
  readonly interrupted?: boolean;
}

import { STEP_KINDS } from '@aircounter/journeys';
import type { LivenessPort } from '../liveness-check/liveness-check.controller.ts';
import type { QuestionnaireView } from '../risk-questionnaire/questionnaire-view.ts';

/**
 * The view models of the journey elements: plain data the page hands to
 * `<air-journey>`, `<air-script-prompter>` and `<air-risk-questionnaire>`.
 * Every text in them is already in the customer's (or agent's) language; the
 * elements add only their own labels. The server decides what is allowed:
 * an element shows an action only when the view lists it, and reports a
 * press as an `air-journey-action` event, never by changing the view itself.
 */

/** The kinds of step a journey definition has (the journeys package's list, which has no schemas in it). */
export const JOURNEY_STEP_KINDS = STEP_KINDS;
export type JourneyStepKind = (typeof STEP_KINDS)[number];

/**
 * Where the current step stands:
 * `active` — waiting for the customer (or agent);
 * `waiting` — an action was accepted, the server is moving on;
 * `interrupted` — the recording stopped or had a gap: the step will be repeated;
 * `completed` — done (shown until the next step arrives).
 */
export type JourneyStepState = 'active' | 'waiting' | 'interrupted' | 'completed';

/** How a customer may confirm a question. */
export type JourneyConfirmation = 'tap' | 'nod' | 'shake' | 'voice';

/** One accepted answer of a question (or option of a questionnaire item). */
export interface JourneyChoice {
  readonly id: string;
  readonly label: string;
}

/** The customer's current step, as one large card. */
export interface JourneyStepView {
  readonly stepId: string;
  readonly kind: JourneyStepKind;
  /** The step's heading. */
  readonly title: string;
  /** The step's text (consent text, disclosure, question, notice …). Line breaks are kept. */
  readonly text: string;
  /** BCP 47 language of `title` and `text` when it differs from the element's. */
  readonly lang?: string;
  readonly state: JourneyStepState;
  /** 1 for the first try; above 1 when the step is repeated after an interruption. */
  readonly attempt: number;
  /** `question`: the accepted answers, one button each. */
  readonly answers?: readonly JourneyChoice[];
  /** `question`: how the customer may confirm (a nod/shake hint is shown when nod or shake is listed). */
  readonly confirmations?: readonly JourneyConfirmation[];
  /**
   * `question`: a nod or shake check the page opened after `confirm-gesture` (`session.journey.gesturePort(…)`).
   * The card shows the camera check for it (the head moves the server asked for); the answer buttons stay.
   */
  readonly gestureCheck?: {
    readonly gesture: 'nod' | 'shake';
    /** The answer the gesture confirms. */
    readonly answerId: string;
    readonly port: LivenessPort;
  };
  /** `disclosure`: the text is also played as speech; `playing` while it is heard. Offers "Play again". */
  readonly speech?: { readonly playing: boolean };
  /** `questionnaire`: the questions, handed to the embedded `<air-risk-questionnaire>`. */
  readonly questionnaire?: QuestionnaireView;
}

/** How the journey as a whole stands. */
export type JourneyState = 'running' | 'complete' | 'incomplete';

/** Everything `<air-journey>` shows. */
export interface JourneyView {
  readonly journeyId: string;
  readonly state: JourneyState;
  /** 1-based position of `step` among the journey's steps. */
  readonly index: number;
  readonly count: number;
  /** The current step; undefined while the next one is being prepared or after the end. */
  readonly step: JourneyStepView | undefined;
  /** Whether the "talk to a person" action is offered (default true). */
  readonly canTalkToPerson?: boolean;
}

/** Actions without a value. */
export type JourneyPlainAction =
  'accept' | 'decline' | 'acknowledge' | 'play-again' | 'talk-to-person' | 'done' | 'next' | 'back';

/** `air-journey-action`: what was pressed, for which step, with its value. */
export type JourneyActionDetail =
  | { readonly stepId: string; readonly action: JourneyPlainAction; readonly value: undefined }
  /**
   * A question's answer: the id of the chosen answer. After a gesture the server verified, also the gesture and
   * the server's `verification` id (send both with `session.journey.answer`); a tap has neither.
   */
  | {
      readonly stepId: string;
      readonly action: 'answer';
      readonly value: string;
      readonly confirmation?: 'nod' | 'shake';
      readonly verification?: string;
    }
  /** The customer chose to answer by a nod or a shake: the page opens the check (`gestureCheck`). */
  | { readonly stepId: string; readonly action: 'confirm-gesture'; readonly value: 'nod' | 'shake' }
  /** A questionnaire's answers: question id → option id. */
  | { readonly stepId: string; readonly action: 'submit-answers'; readonly value: Readonly<Record<string, string>> }
  /** An agent's attestation, suitability override or skip of an optional step: the reason they wrote. */
  | { readonly stepId: string; readonly action: 'attest' | 'override' | 'skip'; readonly value: string };

export type JourneyActionName = JourneyActionDetail['action'];

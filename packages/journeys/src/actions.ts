import * as v from 'valibot';
import { CustomerConfirmationSchema, Slug } from './definition.ts';

/** A client-chosen id that makes each action unique: a retry or a replay of the same id is refused. */
export const ActionId = v.pipe(v.string(), v.regex(/^[A-Za-z0-9_-]{8,64}$/, '8–64 letters, digits, _ or -'));
/** Shortest and longest reason an agent may give, characters after trimming (a form can say so before sending). */
export const MIN_REASON_CHARS = 3;
export const MAX_REASON_CHARS = 1_000;
/** Why an agent attests, overrides or skips: kept on the evidence chain. */
export const Reason = v.pipe(v.string(), v.trim(), v.minLength(MIN_REASON_CHARS), v.maxLength(MAX_REASON_CHARS));

const target = { actionId: ActionId, stepId: Slug };
/**
 * The id of the server's own verdict on a nod, shake or voice confirmation
 * (`submitGestureConfirmation`, `submitVoiceConfirmation`): the server accepts
 * those confirmations only with a verified, unused verdict for this step and answer.
 */
export const VerificationId = v.pipe(v.string(), v.regex(/^[A-Za-z0-9_-]{8,64}$/, '8–64 letters, digits, _ or -'));
/** Confirmations the server accepts only with its own verdict (a tap is the customer's own act on screen). */
export const VERIFIED_CONFIRMATIONS = ['nod', 'shake', 'voice'] as const;
export type VerifiedConfirmation = (typeof VERIFIED_CONFIRMATIONS)[number];

/**
 * What a participant asks the engine to do, sent over signaling.
 *
 * - `start` (agent): open the next step, or open an interrupted step again.
 * - `complete` (the step's actor): consent, identity, agent-statement, disclosure, document, notice.
 * - `answer` (customer): a question's answer and how it was confirmed (`verification`: the server's verdict
 *   for a nod, shake or voice confirmation; `complete` carries one the same way).
 * - `submit-questionnaire` (customer): one option per question.
 * - `override` (agent): go on despite a suitability mismatch, with a reason.
 * - `attest` (agent): an agent-attestation step, or a question the customer could not confirm.
 * - `skip` (agent): leave out an optional step, with a reason.
 */
export const JourneyAction = v.variant('type', [
  v.strictObject({ type: v.literal('start'), ...target }),
  v.strictObject({
    type: v.literal('complete'),
    ...target,
    confirmation: v.optional(CustomerConfirmationSchema),
    verification: v.optional(VerificationId),
  }),
  v.strictObject({
    type: v.literal('answer'),
    ...target,
    answerId: Slug,
    confirmation: CustomerConfirmationSchema,
    verification: v.optional(VerificationId),
  }),
  v.strictObject({
    type: v.literal('submit-questionnaire'),
    ...target,
    answers: v.pipe(
      v.record(Slug, Slug),
      v.check((answers) => Object.keys(answers).length <= 50, 'at most 50 answers'),
    ),
  }),
  v.strictObject({ type: v.literal('override'), ...target, reason: Reason }),
  v.strictObject({ type: v.literal('attest'), ...target, reason: Reason }),
  v.strictObject({ type: v.literal('skip'), ...target, reason: Reason }),
]);
export type JourneyAction = v.InferOutput<typeof JourneyAction>;
export type JourneyActionType = JourneyAction['type'];

/** What the server itself feeds the engine (never accepted from a client). */
export type SystemInput =
  /** The session stopped being recorded (recording stopped, failed, or a participant is no longer recorded). */
  | { readonly type: 'recording-lost'; readonly reason: string }
  /** The session ended (its evidence is being sealed). */
  | { readonly type: 'end' };

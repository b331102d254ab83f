import * as v from 'valibot';
import { LocalizedText, type JourneyLocale } from './locales.ts';
import { bandsAreOrdered, ProductRiskLevelSchema, RiskBand } from './risk.ts';

/** Most steps one journey may have. */
export const MAX_STEPS = 100;
/** Most answers one question offers, and options one questionnaire question offers. */
export const MAX_CHOICES = 10;
/** Most questions one questionnaire asks. */
export const MAX_QUESTIONNAIRE_QUESTIONS = 50;
/** Longest minimum duration of a step (a step that must last longer is a mistake in the definition). */
export const MAX_MIN_DURATION_MS = 30 * 60_000;

/** An identifier inside a definition: lower-case letters, digits and dashes. */
export const Slug = v.pipe(v.string(), v.regex(/^[a-z0-9][a-z0-9-]{0,63}$/, 'lower-case letters, digits and dashes'));

/** Who acts in a step. Supervisors watch; auditors never join a live session. */
export const JOURNEY_ACTORS = ['customer', 'agent'] as const;
export type JourneyActor = (typeof JOURNEY_ACTORS)[number];

/**
 * How a customer confirms: a tap, a nod or a shake of the head (measured by
 * face landmarks), or the voice (checked by a speech verifier).
 */
export const CUSTOMER_CONFIRMATIONS = ['tap', 'nod', 'shake', 'voice'] as const;
export type CustomerConfirmation = (typeof CUSTOMER_CONFIRMATIONS)[number];
export const CustomerConfirmationSchema = v.picklist(CUSTOMER_CONFIRMATIONS);

const Sha256Hex = v.pipe(v.string(), v.regex(/^[0-9a-f]{64}$/, 'a SHA-256 in lower-case hex'));

/** What every step has, whatever its kind. */
const common = {
  id: Slug,
  title: LocalizedText,
  /** A mandatory step must be completed for the journey to be complete; an optional one may be skipped by the agent. */
  mandatory: v.optional(v.boolean(), true),
  /** Shortest time between the step's start and its completion, ms (e.g. time to read a disclosure). */
  minDurationMs: v.optional(v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(MAX_MIN_DURATION_MS)), 0),
  /** Whether the step may only run while the session is recorded (a gap interrupts it). */
  needsRecording: v.optional(v.boolean(), true),
};

const customerActor = { actor: v.optional(v.picklist(JOURNEY_ACTORS), 'customer') };
const agentActor = { actor: v.optional(v.literal('agent'), 'agent') };

/** The recording consent: its text and the version of that text, both on the evidence chain. */
export const ConsentStep = v.strictObject({
  kind: v.literal('consent'),
  ...common,
  ...customerActor,
  needsRecording: v.optional(v.boolean(), false),
  text: LocalizedText,
  textVersion: v.pipe(v.string(), v.minLength(1), v.maxLength(64)),
});

/** Liveness and face match against the ID photo; completes once the server has accepted them. */
export const IdentityStep = v.strictObject({ kind: v.literal('identity'), ...common, ...customerActor });

/** Teleprompter text the agent reads (shows the staff ID and 执业证, names the institution). */
export const AgentStatementStep = v.strictObject({
  kind: v.literal('agent-statement'),
  ...common,
  ...agentActor,
  text: LocalizedText,
});

/** Risk text shown to the customer, read by the agent or played as server-rendered speech. */
export const DisclosureStep = v.strictObject({
  kind: v.literal('disclosure'),
  ...common,
  ...customerActor,
  text: LocalizedText,
  delivery: v.optional(v.picklist(['agent-reads', 'speech']), 'agent-reads'),
  confirmations: v.optional(v.pipe(v.array(CustomerConfirmationSchema), v.minLength(1)), ['tap']),
});

export const QuestionAnswer = v.strictObject({
  id: Slug,
  label: LocalizedText,
  /** Whether this answer lets the sale go on; another answer is recorded and the question stays open. */
  accepted: v.boolean(),
});

/** A question with the answers offered and the ways the customer may confirm. */
export const QuestionStep = v.strictObject({
  kind: v.literal('question'),
  ...common,
  ...customerActor,
  text: LocalizedText,
  answers: v.pipe(
    v.array(QuestionAnswer),
    v.minLength(1),
    v.maxLength(MAX_CHOICES),
    v.check((answers) => answers.some((a) => a.accepted), 'at least one answer must be accepted'),
    v.check((answers) => unique(answers.map((a) => a.id)), 'answer ids must be unique'),
  ),
  confirmations: v.optional(v.pipe(v.array(CustomerConfirmationSchema), v.minLength(1)), ['tap']),
  /** Whether the agent may attest the answer with a reason when no confirmation works (flagged on the chain). */
  allowAgentAttestation: v.optional(v.boolean(), true),
});

export const QuestionnaireOption = v.strictObject({
  id: Slug,
  label: LocalizedText,
  score: v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(1_000)),
});

export const QuestionnaireQuestion = v.strictObject({
  id: Slug,
  text: LocalizedText,
  options: v.pipe(
    v.array(QuestionnaireOption),
    v.minLength(2),
    v.maxLength(MAX_CHOICES),
    v.check((options) => unique(options.map((o) => o.id)), 'option ids must be unique'),
  ),
});

/**
 * A 理财风险评测: each question's chosen option scores; the total falls in a
 * band (C1–C5); the product's level (R1–R5) is checked against it. A mismatch
 * either blocks the sale or waits for the agent's override with a reason.
 */
export const QuestionnaireStep = v.strictObject({
  kind: v.literal('questionnaire'),
  ...common,
  ...customerActor,
  questions: v.pipe(
    v.array(QuestionnaireQuestion),
    v.minLength(1),
    v.maxLength(MAX_QUESTIONNAIRE_QUESTIONS),
    v.check((questions) => unique(questions.map((q) => q.id)), 'question ids must be unique'),
  ),
  bands: v.pipe(
    v.array(RiskBand),
    v.minLength(1),
    v.maxLength(5),
    v.check((bands) => bandsAreOrdered(bands), 'bands start with C1 at score 0 and ascend in level and score'),
  ),
  productRisk: ProductRiskLevelSchema,
  onMismatch: v.optional(v.picklist(['block', 'agent-override']), 'agent-override'),
});

/**
 * A document's SHA-256 per locale: a bank that writes the document in each
 * language names each version, and a session shows the one of its locale.
 */
export const LocalizedSha256 = v.strictObject({ en: Sha256Hex, 'zh-Hans': Sha256Hex, 'zh-Hant': Sha256Hex });

/**
 * A document shown to the customer, named by its SHA-256 — one for every
 * locale, or one per locale (documents are uploaded to the session separately).
 */
export const DocumentStep = v.strictObject({
  kind: v.literal('document'),
  ...common,
  ...customerActor,
  documentSha256: v.union([Sha256Hex, LocalizedSha256]),
});

/** A notice: 冷静期/犹豫期 (cooling-off period), 回访 (follow-up call), or another. */
export const NoticeStep = v.strictObject({
  kind: v.literal('notice'),
  ...common,
  ...customerActor,
  notice: v.optional(v.picklist(['cooling-off', 'follow-up', 'other']), 'other'),
  text: LocalizedText,
});

/** The agent attests something seen (e.g. the customer copied the risk sentence), with a reason. */
export const AgentAttestationStep = v.strictObject({
  kind: v.literal('agent-attestation'),
  ...common,
  ...agentActor,
  text: LocalizedText,
});

export const JourneyStep = v.variant('kind', [
  ConsentStep,
  IdentityStep,
  AgentStatementStep,
  DisclosureStep,
  QuestionStep,
  QuestionnaireStep,
  DocumentStep,
  NoticeStep,
  AgentAttestationStep,
]);
export type JourneyStep = v.InferOutput<typeof JourneyStep>;
/** A definition as written by the bank (defaults not yet applied). */
export type JourneyStepInput = v.InferInput<typeof JourneyStep>;
export type StepKind = JourneyStep['kind'];
export type StepOfKind<K extends StepKind> = Extract<JourneyStep, { kind: K }>;

/** A journey's identity: `id` names the script, `version` one immutable revision of it. */
export const JourneyRef = v.strictObject({
  id: Slug,
  version: v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(1_000_000)),
});
export type JourneyRef = v.InferOutput<typeof JourneyRef>;

/** A journey definition: an ordered script of steps in three locales. */
export const JourneyDefinition = v.strictObject({
  ...JourneyRef.entries,
  title: LocalizedText,
  steps: v.pipe(
    v.array(JourneyStep),
    v.minLength(1),
    v.maxLength(MAX_STEPS),
    v.check((steps) => unique(steps.map((s) => s.id)), 'step ids must be unique'),
  ),
});
export type JourneyDefinition = v.InferOutput<typeof JourneyDefinition>;
export type JourneyDefinitionInput = v.InferInput<typeof JourneyDefinition>;

/** The SHA-256 of the document a `document` step shows in a session of this locale. */
export function documentSha256For(step: StepOfKind<'document'>, locale: JourneyLocale): string {
  return typeof step.documentSha256 === 'string' ? step.documentSha256 : step.documentSha256[locale];
}

/** Validates a definition and applies the defaults; throws a valibot `ValiError` on bad input. */
export function parseJourneyDefinition(input: unknown): JourneyDefinition {
  return v.parse(JourneyDefinition, input);
}

function unique(values: readonly string[]): boolean {
  return new Set(values).size === values.length;
}

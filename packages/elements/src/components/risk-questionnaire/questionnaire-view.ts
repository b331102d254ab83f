import type { JourneyChoice } from '../journey/journey-view.ts';

/** The risk levels of a 理财 risk assessment, from most cautious to most aggressive. */
export const RISK_LEVELS = ['C1', 'C2', 'C3', 'C4', 'C5'] as const;
export type RiskLevel = (typeof RISK_LEVELS)[number];

/** A product's risk levels (R1 lowest, R5 highest): a customer of level Cn may buy up to Rn. */
export const PRODUCT_RISK_LEVELS = ['R1', 'R2', 'R3', 'R4', 'R5'] as const;
export type ProductRiskLevel = (typeof PRODUCT_RISK_LEVELS)[number];

/** One scored question (the scores stay on the server). */
export interface QuestionnaireQuestion {
  readonly id: string;
  readonly text: string;
  readonly options: readonly JourneyChoice[];
}

/** The server's result, shown after the answers were submitted. */
export interface QuestionnaireResult {
  readonly level: RiskLevel;
  /** When the product was checked against the level: its own level and whether it suits. */
  readonly product?: { readonly level: ProductRiskLevel; readonly suitable: boolean };
}

/** Everything `<air-risk-questionnaire>` shows. */
export interface QuestionnaireView {
  /** The journey step the answers belong to (the `stepId` of the action event). */
  readonly stepId: string;
  readonly title: string;
  /** BCP 47 language of the texts when it differs from the element's. */
  readonly lang?: string;
  readonly questions: readonly QuestionnaireQuestion[];
  /** `answering` (the customer works through it), `submitted` (waiting for the result), `result`. */
  readonly state: 'answering' | 'submitted' | 'result';
  readonly result?: QuestionnaireResult;
}

import * as v from 'valibot';

/**
 * Customer risk levels of a 理财风险评测 (C1 conservative … C5 aggressive) and
 * product risk levels (R1 … R5). A customer may buy a product whose level is
 * at most their own: C3 may buy R1–R3.
 */
export const CUSTOMER_RISK_LEVELS = ['C1', 'C2', 'C3', 'C4', 'C5'] as const;
export type CustomerRiskLevel = (typeof CUSTOMER_RISK_LEVELS)[number];
export const PRODUCT_RISK_LEVELS = ['R1', 'R2', 'R3', 'R4', 'R5'] as const;
export type ProductRiskLevel = (typeof PRODUCT_RISK_LEVELS)[number];

export const CustomerRiskLevelSchema = v.picklist(CUSTOMER_RISK_LEVELS);
export const ProductRiskLevelSchema = v.picklist(PRODUCT_RISK_LEVELS);

/** A band: a total score of at least `minScore` gives `level` (the highest band reached wins). */
export const RiskBand = v.strictObject({
  level: CustomerRiskLevelSchema,
  minScore: v.pipe(v.number(), v.integer(), v.minValue(0)),
});
export type RiskBand = v.InferOutput<typeof RiskBand>;

/**
 * The level a total score falls in. Bands are validated by the definition
 * schema (C1 at 0, ascending levels and scores), so a level always exists.
 */
export function riskLevelForScore(bands: readonly RiskBand[], score: number): CustomerRiskLevel {
  let level: CustomerRiskLevel = 'C1';
  for (const band of bands) if (score >= band.minScore) level = band.level;
  return level;
}

/** Whether a customer of `customer` level may buy a product of `product` level. */
export function isSuitable(customer: CustomerRiskLevel, product: ProductRiskLevel): boolean {
  return CUSTOMER_RISK_LEVELS.indexOf(customer) >= PRODUCT_RISK_LEVELS.indexOf(product);
}

/** Bands that start at 0 with C1 and ascend strictly in level and score. */
export function bandsAreOrdered(bands: readonly RiskBand[]): boolean {
  if (bands[0]?.level !== 'C1' || bands[0].minScore !== 0) return false;
  for (let i = 1; i < bands.length; i++) {
    const previous = bands[i - 1];
    const band = bands[i];
    if (previous === undefined || band === undefined) return false;
    if (CUSTOMER_RISK_LEVELS.indexOf(band.level) <= CUSTOMER_RISK_LEVELS.indexOf(previous.level)) return false;
    if (band.minScore <= previous.minScore) return false;
  }
  return true;
}

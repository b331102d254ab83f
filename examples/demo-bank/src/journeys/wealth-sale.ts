import type { JourneyDefinitionInput, LocalizedText } from '@aircounter/journeys';
import { WEALTH_SALE } from '@aircounter/journeys/examples/wealth-sale';

/**
 * The SHA-256 of the product terms (产品说明书) in each language, as
 * documents/product-terms.ts writes them (its bytes depend on the text
 * alone). The bank back end uploads the file of the session's language; the
 * document step completes once the customer confirmed reading that one.
 * wealth-sale.test.ts fails when the file changes: then bump `version`.
 */
export const PRODUCT_TERMS_SHA256 = {
  en: '94950948bab7555172d21f856c414662267ccdfc4722473e5ba8368526fc607e',
  'zh-Hans': '8f8b1017c66175c8421c2815be90a3201d06f10e2e573c5773808b9242448ba9',
  'zh-Hant': '7ed896437a3266af39f757344a469a174ec0cb933e9f563b31ed287f9426213d',
} as const;

const PRODUCT_TERMS_TITLE: LocalizedText = { en: 'Product terms', 'zh-Hans': '产品说明书', 'zh-Hant': '產品說明書' };

/**
 * The demo bank's 双录 script: the journeys package's example wealth-product
 * sale (R4 fund; `@aircounter/journeys/examples/wealth-sale`) with every one
 * of its steps and texts — consent, the agent's introduction, the identity
 * check (optional here), the risk disclosure, the risk assessment (a mismatch
 * waits for the agent's override), a confirmation question, the product terms
 * to read, the cooling-off notice (optional) and the agent's attestation.
 *
 * The identity check is optional because the demo's ID photo is: without
 * one there is nothing to match a face against, and a mandatory step the
 * session cannot pass would leave the journey incomplete. The agent runs it
 * (the customer's liveness check beside the script completes it) or skips it
 * with a reason, which the evidence keeps.
 *
 * The example's document is replaced by the demo's own product terms
 * (documents/product-terms.ts). Version 1 left out the identity check and the
 * document.
 *
 * Definitions are immutable per version: a change here or in the example
 * fails wealth-sale.test.ts; then bump `version`.
 */
export const DEMO_WEALTH_SALE: JourneyDefinitionInput = {
  ...WEALTH_SALE,
  version: 2,
  steps: WEALTH_SALE.steps.map((step) => {
    if (step.kind === 'identity') return { ...step, mandatory: false };
    if (step.kind === 'document') {
      return {
        kind: 'document',
        id: 'product-terms',
        title: PRODUCT_TERMS_TITLE,
        documentSha256: PRODUCT_TERMS_SHA256,
      };
    }
    return step;
  }),
};

import type { JourneyDefinitionInput, LocalizedText } from '@aircounter/journeys';

function t(en: string, hans: string, hant: string): LocalizedText {
  return { en, 'zh-Hans': hans, 'zh-Hant': hant };
}

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

/**
 * The demo bank's 双录 script: a wealth-product sale (R4 fund) — consent, the
 * agent's introduction, the identity check (optional), the risk disclosure,
 * the risk assessment (a mismatch waits for the agent's override), a
 * confirmation question, the product terms to read, the cooling-off notice
 * (optional) and the agent's attestation.
 *
 * The identity check is optional because the demo's ID photo is: without
 * one there is nothing to match a face against, and a mandatory step the
 * session cannot pass would leave the journey incomplete. The agent runs it
 * (the customer's liveness check beside the script completes it) or skips it
 * with a reason, which the evidence keeps.
 *
 * Provenance: the texts are those of the journeys package's own example
 * (packages/journeys/src/test-fixtures/wealth-sale.ts), written for this
 * project, with every one of its steps; its document is replaced by the
 * demo's own product terms (documents/product-terms.ts), also written for
 * this project. Version 1 left out the identity check and the document.
 *
 * Definitions are immutable per version: change a text, bump `version`.
 */
export const DEMO_WEALTH_SALE: JourneyDefinitionInput = {
  id: 'wealth-sale',
  version: 2,
  title: t('Wealth product sale', '理财产品销售', '理財產品銷售'),
  steps: [
    {
      kind: 'consent',
      id: 'consent',
      title: t('Recording consent', '录音录像授权', '錄音錄影授權'),
      text: t(
        'I agree that this session is recorded as evidence of the sale.',
        '本人同意本次销售过程全程录音录像并留存为证据。',
        '本人同意本次銷售過程全程錄音錄影並留存為證據。',
      ),
      textVersion: '2026-01',
    },
    {
      kind: 'agent-statement',
      id: 'introduction',
      title: t('Introduction', '开场介绍', '開場介紹'),
      text: t(
        'I am a licensed wealth adviser of Example Bank; here are my staff ID and licence.',
        '我是示例银行的持证理财经理，现向您出示工号和执业证。',
        '我是示例銀行的持證理財經理，現向您出示工號和執業證。',
      ),
    },
    { kind: 'identity', id: 'identity', title: t('Identity check', '身份核验', '身份核驗'), mandatory: false },
    {
      kind: 'disclosure',
      id: 'risk-disclosure',
      title: t('Risk disclosure', '风险揭示', '風險揭示'),
      text: t(
        'This product may lose principal. Past performance does not guarantee future returns.',
        '本产品不保本，可能损失本金。过往业绩不代表未来收益。',
        '本產品不保本，可能損失本金。過往業績不代表未來收益。',
      ),
      minDurationMs: 5_000,
      confirmations: ['tap', 'nod', 'voice'],
    },
    {
      kind: 'questionnaire',
      id: 'risk-assessment',
      title: t('Risk assessment', '风险评测', '風險評測'),
      questions: [
        {
          id: 'horizon',
          text: t('How long can you invest?', '您的投资期限是？', '您的投資期限是？'),
          options: [
            { id: 'short', label: t('Under 1 year', '1年以内', '1年以內'), score: 0 },
            { id: 'medium', label: t('1 to 3 years', '1至3年', '1至3年'), score: 10 },
            { id: 'long', label: t('Over 3 years', '3年以上', '3年以上'), score: 20 },
          ],
        },
        {
          id: 'loss',
          text: t('What loss can you bear?', '您能承受的最大亏损是？', '您能承受的最大虧損是？'),
          options: [
            { id: 'none', label: t('None', '不能亏损', '不能虧損'), score: 0 },
            { id: 'some', label: t('Up to 10%', '10%以内', '10%以內'), score: 10 },
            { id: 'much', label: t('Over 10%', '10%以上', '10%以上'), score: 25 },
          ],
        },
      ],
      bands: [
        { level: 'C1', minScore: 0 },
        { level: 'C2', minScore: 10 },
        { level: 'C3', minScore: 20 },
        { level: 'C4', minScore: 30 },
        { level: 'C5', minScore: 40 },
      ],
      productRisk: 'R4',
      onMismatch: 'agent-override',
    },
    {
      kind: 'question',
      id: 'understood',
      title: t('Confirmation', '确认', '確認'),
      text: t(
        'Have you understood the risks of this product?',
        '您是否已了解本产品的风险？',
        '您是否已了解本產品的風險？',
      ),
      answers: [
        { id: 'yes', label: t('Yes', '是', '是'), accepted: true },
        { id: 'no', label: t('No', '否', '否'), accepted: false },
      ],
      confirmations: ['tap', 'nod', 'voice'],
    },
    {
      kind: 'document',
      id: 'product-terms',
      title: t('Product terms', '产品说明书', '產品說明書'),
      documentSha256: PRODUCT_TERMS_SHA256,
    },
    {
      kind: 'notice',
      id: 'cooling-off',
      title: t('Cooling-off period', '冷静期', '冷靜期'),
      notice: 'cooling-off',
      text: t(
        'You may cancel within 24 hours of purchase at no cost.',
        '购买后24小时内为冷静期，您可无条件撤销。',
        '購買後24小時內為冷靜期，您可無條件撤銷。',
      ),
      mandatory: false,
    },
    {
      kind: 'agent-attestation',
      id: 'handwritten-sentence',
      title: t('Risk sentence copied', '抄录风险语句', '抄錄風險語句'),
      text: t(
        'The customer copied the risk sentence by hand.',
        '客户已亲笔抄录风险提示语句。',
        '客戶已親筆抄錄風險提示語句。',
      ),
    },
  ],
};

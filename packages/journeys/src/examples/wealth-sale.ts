import type { JourneyDefinitionInput } from '../definition.ts';
import type { LocalizedText } from '../locales.ts';

function t(en: string, hans: string, hant: string): LocalizedText {
  return { en, 'zh-Hans': hans, 'zh-Hant': hant };
}

/**
 * A wealth-product sale (R4 fund) as a bank would script it: consent, the
 * agent's introduction, identity, risk disclosure, a questionnaire whose
 * mismatch the agent must resolve, a confirmation question, the product
 * document, the cooling-off notice and the agent's attestation.
 *
 * A starting point for a bank's own script, published as
 * `@aircounter/journeys/examples/wealth-sale`. Its document step names a
 * placeholder SHA-256: a bank names the files of its own product document.
 */
export const WEALTH_SALE: JourneyDefinitionInput = {
  id: 'wealth-sale',
  version: 1,
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
    { kind: 'identity', id: 'identity', title: t('Identity check', '身份核验', '身份核驗') },
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
      id: 'contract',
      title: t('Product contract', '产品合同', '產品合同'),
      documentSha256: '9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08',
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

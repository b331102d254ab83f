import type { Language } from '../shared/page-settings.ts';

/**
 * The demo's sample product terms (产品说明书) of the fund its 双录 script
 * sells, written for this project (no third-party text) in the three
 * languages the demo speaks. Marked as a demonstration on every page: it
 * offers nothing.
 */
export interface ProductTermsText {
  readonly title: string;
  readonly demoNotice: string;
  readonly number: string;
  /** Page one: the key facts, then what the fund invests in. */
  readonly facts: readonly (readonly [label: string, value: string])[];
  readonly strategyTitle: string;
  readonly strategy: readonly string[];
  /** Page two: the risks, the fees and the cooling-off period, then the reader's acknowledgement. */
  readonly risksTitle: string;
  readonly risks: readonly string[];
  readonly acknowledgement: string;
  /** `{page}` and `{pages}` are filled in. */
  readonly pageOf: string;
}

export const PRODUCT_TERMS_TEXT: Readonly<Record<Language, ProductTermsText>> = {
  'zh-Hans': {
    title: '示例成长混合型基金 产品说明书',
    demoNotice: '演示文件：仅用于展示双录流程，不构成任何产品的要约或推介。',
    number: '产品代码：DEMO-FUND-0001',
    facts: [
      ['产品名称', '示例成长混合型基金'],
      ['产品类型', '混合型证券投资基金'],
      ['风险等级', 'R4（中高风险）'],
      ['适合投资者', '风险评测为 C4 及以上的投资者'],
      ['起购金额', '人民币 1,000 元'],
      ['申购费率', '1.2%'],
      ['管理费率', '每年 1.5%'],
      ['托管费率', '每年 0.25%'],
    ],
    strategyTitle: '投资范围与策略',
    strategy: [
      '本基金主要投资于境内上市的股票、债券及货币市场工具，股票资产占基金资产的比例为 50% 至 90%。',
      '本基金以中长期资本增值为目标，基金经理根据宏观经济与市场情况调整资产配置，不承诺任何收益。',
    ],
    risksTitle: '主要风险与重要提示',
    risks: [
      '一、本产品不保本，投资者可能损失部分或全部本金。',
      '二、市场风险：证券价格受经济、政策等因素影响而波动，基金净值随之变化。',
      '三、流动性风险：市场剧烈波动时，基金可能延期支付赎回款项。',
      '四、管理风险：基金经理的判断可能影响收益水平。',
      '五、过往业绩不代表未来表现，基金管理人不保证本基金一定盈利。',
      '六、冷静期：购买后 24 小时内为冷静期，投资者可无条件撤销并全额退还款项。',
    ],
    acknowledgement: '投资者确认：本人已逐页阅读本说明书，理解本产品的风险等级及主要风险，并在视频双录过程中确认。',
    pageOf: '第 {page} 页，共 {pages} 页',
  },
  'zh-Hant': {
    title: '示例成長混合型基金 產品說明書',
    demoNotice: '演示文件：僅用於展示雙錄流程，不構成任何產品的要約或推介。',
    number: '產品代碼：DEMO-FUND-0001',
    facts: [
      ['產品名稱', '示例成長混合型基金'],
      ['產品類型', '混合型證券投資基金'],
      ['風險等級', 'R4（中高風險）'],
      ['適合投資者', '風險評測為 C4 及以上的投資者'],
      ['起購金額', '人民幣 1,000 元'],
      ['申購費率', '1.2%'],
      ['管理費率', '每年 1.5%'],
      ['託管費率', '每年 0.25%'],
    ],
    strategyTitle: '投資範圍與策略',
    strategy: [
      '本基金主要投資於境內上市的股票、債券及貨幣市場工具，股票資產佔基金資產的比例為 50% 至 90%。',
      '本基金以中長期資本增值為目標，基金經理根據宏觀經濟與市場情況調整資產配置，不承諾任何收益。',
    ],
    risksTitle: '主要風險與重要提示',
    risks: [
      '一、本產品不保本，投資者可能損失部分或全部本金。',
      '二、市場風險：證券價格受經濟、政策等因素影響而波動，基金淨值隨之變化。',
      '三、流動性風險：市場劇烈波動時，基金可能延期支付贖回款項。',
      '四、管理風險：基金經理的判斷可能影響收益水平。',
      '五、過往業績不代表未來表現，基金管理人不保證本基金一定盈利。',
      '六、冷靜期：購買後 24 小時內為冷靜期，投資者可無條件撤銷並全額退還款項。',
    ],
    acknowledgement: '投資者確認：本人已逐頁閱讀本說明書，理解本產品的風險等級及主要風險，並在視頻雙錄過程中確認。',
    pageOf: '第 {page} 頁，共 {pages} 頁',
  },
  en: {
    title: 'Example Growth Mixed Fund: product terms',
    demoNotice: 'Demonstration document: it shows the recorded sale and offers no product.',
    number: 'Product code DEMO-FUND-0001',
    facts: [
      ['Product', 'Example Growth Mixed Fund'],
      ['Type', 'mixed securities fund'],
      ['Risk level', 'R4 (medium to high)'],
      ['Suitable for', 'investors assessed C4 or above'],
      ['Minimum', 'CNY 1,000'],
      ['Purchase fee', '1.2%'],
      ['Management fee', '1.5% a year'],
      ['Custody fee', '0.25% a year'],
    ],
    strategyTitle: 'What the fund invests in',
    strategy: [
      'The fund invests mainly in shares and bonds listed in the mainland and in money-market instruments; shares make up 50% to 90% of its assets.',
      'It aims at capital growth over the medium to long term. The manager adjusts the mix to the economy and the markets and promises no return.',
    ],
    risksTitle: 'Main risks and important notes',
    risks: [
      '1. The fund does not protect the principal: you may lose part or all of what you invest.',
      '2. Market risk: prices move with the economy and with policy, and the fund’s value moves with them.',
      '3. Liquidity risk: in turbulent markets the fund may pay redemptions late.',
      '4. Management risk: the manager’s judgement affects the returns.',
      '5. Past performance does not predict future returns; the manager does not promise a profit.',
      '6. Cooling-off: within 24 hours of buying you may cancel without giving a reason and get your money back in full.',
    ],
    acknowledgement:
      'Investor’s acknowledgement: I have read every page of these terms, understand the fund’s risk level and main risks, and confirm it in the recorded session.',
    pageOf: 'Page {page} of {pages}',
  },
};

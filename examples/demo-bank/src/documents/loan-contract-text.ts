import type { Language } from '../shared/page-settings.ts';

/**
 * The demo's sample loan contract, written for this project (no third-party
 * text) in the three languages the demo speaks. Marked as a demonstration on
 * every page: it binds no one.
 */
export interface LoanContractText {
  readonly title: string;
  readonly demoNotice: string;
  readonly number: string;
  /** Page one: the parties and the terms, then the clauses. */
  readonly terms: readonly (readonly [label: string, value: string])[];
  readonly clauses: readonly string[];
  /** Page two: the borrower's statement above the signature field. */
  readonly statement: readonly string[];
  readonly signatureLabel: string;
  readonly dateLabel: string;
  /** `{page}` and `{pages}` are filled in. */
  readonly pageOf: string;
}

export const LOAN_CONTRACT_TEXT: Readonly<Record<Language, LoanContractText>> = {
  'zh-Hans': {
    title: '个人消费贷款合同',
    demoNotice: '演示文件：仅用于展示远程面签流程，不具有法律效力。',
    number: '合同编号：DEMO-LOAN-0001',
    terms: [
      ['贷款人', '示例银行股份有限公司'],
      ['借款人', '见本合同签署页'],
      ['贷款金额', '人民币 200,000.00 元'],
      ['贷款期限', '36 个月'],
      ['年利率', '3.85%（固定利率）'],
      ['还款方式', '按月等额本息'],
      ['贷款用途', '家庭装修'],
    ],
    clauses: [
      '第一条 贷款人在本合同生效后，将贷款发放至借款人名下的结算账户。',
      '第二条 借款人应按约定用途使用贷款，不得用于购房、投资或其他违规用途。',
      '第三条 借款人应于每月还款日前存足当期应还款项，逾期部分按约定计收罚息。',
      '第四条 借款人可申请提前还款，提前还款的金额与方式以贷款人届时的规定为准。',
      '第五条 借款人承诺所提供的资料真实、完整、有效，如有变化应及时通知贷款人。',
      '第六条 本合同通过视频面签方式签署，签署过程全程录音录像，并作为签约证据保存。',
      '第七条 贷款人依法处理借款人的个人信息，仅用于本合同的订立与履行。',
      '第八条 因本合同发生的争议，双方协商解决；协商不成的，向贷款人所在地法院起诉。',
    ],
    statement: [
      '借款人声明：本人已逐页阅读本合同全部条款，贷款人已就利率、还款方式、',
      '违约责任等重要内容作出说明，本人理解并同意，自愿在视频面签过程中亲笔签名。',
    ],
    signatureLabel: '借款人签名：',
    dateLabel: '签署日期：以视频面签记录为准',
    pageOf: '第 {page} 页，共 {pages} 页',
  },
  'zh-Hant': {
    title: '個人消費貸款合同',
    demoNotice: '演示文件：僅用於展示遠程面簽流程，不具有法律效力。',
    number: '合同編號：DEMO-LOAN-0001',
    terms: [
      ['貸款人', '示例銀行股份有限公司'],
      ['借款人', '見本合同簽署頁'],
      ['貸款金額', '人民幣 200,000.00 元'],
      ['貸款期限', '36 個月'],
      ['年利率', '3.85%（固定利率）'],
      ['還款方式', '按月等額本息'],
      ['貸款用途', '家庭裝修'],
    ],
    clauses: [
      '第一條 貸款人在本合同生效後，將貸款發放至借款人名下的結算帳戶。',
      '第二條 借款人應按約定用途使用貸款，不得用於購房、投資或其他違規用途。',
      '第三條 借款人應於每月還款日前存足當期應還款項，逾期部分按約定計收罰息。',
      '第四條 借款人可申請提前還款，提前還款的金額與方式以貸款人屆時的規定為準。',
      '第五條 借款人承諾所提供的資料真實、完整、有效，如有變化應及時通知貸款人。',
      '第六條 本合同通過視頻面簽方式簽署，簽署過程全程錄音錄像，並作為簽約證據保存。',
      '第七條 貸款人依法處理借款人的個人資料，僅用於本合同的訂立與履行。',
      '第八條 因本合同發生的爭議，雙方協商解決；協商不成的，向貸款人所在地法院起訴。',
    ],
    statement: [
      '借款人聲明：本人已逐頁閱讀本合同全部條款，貸款人已就利率、還款方式、',
      '違約責任等重要內容作出說明，本人理解並同意，自願在視頻面簽過程中親筆簽名。',
    ],
    signatureLabel: '借款人簽名：',
    dateLabel: '簽署日期：以視頻面簽記錄為準',
    pageOf: '第 {page} 頁，共 {pages} 頁',
  },
  en: {
    title: 'Personal loan agreement',
    demoNotice: 'Demonstration document: it shows the remote signing flow and has no legal effect.',
    number: 'Agreement no. DEMO-LOAN-0001',
    terms: [
      ['Lender', 'Example Bank Co., Ltd.'],
      ['Borrower', 'see the signature page'],
      ['Amount', 'CNY 200,000.00'],
      ['Term', '36 months'],
      ['Interest rate', '3.85% a year (fixed)'],
      ['Repayment', 'equal monthly instalments'],
      ['Purpose', 'home renovation'],
    ],
    clauses: [
      '1. Once this agreement takes effect, the lender pays the loan into the borrower’s account.',
      '2. The borrower uses the loan for the agreed purpose only, not to buy property or to invest.',
      '3. The borrower keeps each monthly instalment in the account by its due date; late amounts bear a penalty.',
      '4. The borrower may ask to repay early, in the amounts and ways the lender then allows.',
      '5. The borrower confirms the information given is true and complete, and reports any change.',
      '6. This agreement is signed on video; the signing is recorded in sound and image and kept as evidence.',
      '7. The lender processes the borrower’s personal data lawfully and only to make and perform this agreement.',
      '8. Disputes are settled by agreement, failing which in the courts where the lender is established.',
    ],
    statement: [
      'The borrower declares having read every page of this agreement, having had the interest rate,',
      'the repayment and the consequences of default explained, and signs by hand on video of their own free will.',
    ],
    signatureLabel: 'Borrower’s signature:',
    dateLabel: 'Date of signing: as in the video signing record',
    pageOf: 'Page {page} of {pages}',
  },
};

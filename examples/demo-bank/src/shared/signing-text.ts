import type { Language } from './page-settings.ts';

/**
 * The strings of the loan signing (面签) on the customer page and the agent
 * console (the air-* elements bring theirs). English defines the keys;
 * `{name}` marks a value filled in by `fill` (fill-text.ts).
 */
const en = {
  customerTitle: 'Your loan contract',
  customerIntro:
    'Read every page with your advisor and compare the short code with the one your advisor reads out. Then confirm below and sign.',
  loading: 'Loading the contract…',
  loadFailed: 'The contract could not be loaded: {reason}',
  signTitle: 'Your signature',
  signIntro: 'Sign in the box with your finger or a stylus, as you usually sign. The camera records the signing.',
  waitRecording: 'You can sign once the recording runs; your advisor starts it.',
  received: 'Signature received (attempt {attempt}). Your advisor is checking it.',
  redo: 'Your advisor asks you to sign again: {reason}',
  signed: 'The contract is signed. Thank you.',
  refused: 'Not accepted: {reason}',
  agentTitle: 'Loan contract (面签)',
  follow: 'The customer follows my page',
  followHint: 'Turn the pages here; the customer sees the same page.',
  signedPdf: 'Signed PDF ready (SHA-256 {sha}…); it is in the evidence package.',
  noCertificate: 'Attested. No signed PDF: the server has no signing certificate.',
  readIntro:
    'Read every page with your advisor and compare the short code with the one your advisor reads out. Then confirm with “I have read and agree”. Nothing to sign here.',
  readDone: 'Thank you: you confirmed having read it.',
  agentReadTitle: 'Document to read: {title}',
  agentReadHint: 'The customer reads it and confirms; it takes no signature.',
} as const;

export type SigningTextKey = keyof typeof en;
export type SigningText = Readonly<Record<SigningTextKey, string>>;

export const SIGNING_TEXT: Readonly<Record<Language, SigningText>> = {
  en,
  'zh-Hans': {
    customerTitle: '您的贷款合同',
    customerIntro: '请与客户经理一起逐页阅读，并核对屏幕上的短码与客户经理念出的是否一致。然后在下方确认并签名。',
    loading: '正在加载合同…',
    loadFailed: '合同无法加载：{reason}',
    signTitle: '您的签名',
    signIntro: '请用手指或触控笔在框内按平时的习惯签名。签名过程由摄像头录制。',
    waitRecording: '录像开始后即可签名，录像由客户经理开启。',
    received: '已收到您的签名（第 {attempt} 次）。客户经理正在核对。',
    redo: '客户经理请您重新签名：{reason}',
    signed: '合同已签署，谢谢。',
    refused: '未被接受：{reason}',
    agentTitle: '贷款合同（面签）',
    follow: '客户跟随我的页面',
    followHint: '在此翻页，客户看到同一页。',
    signedPdf: '已生成签署后的 PDF（SHA-256 {sha}…），已存入证据包。',
    noCertificate: '已确认。未生成签署 PDF：服务器未配置签名证书。',
    readIntro:
      '请与客户经理一起逐页阅读，并核对屏幕上的短码与客户经理念出的是否一致。然后点击“我已阅读并同意”确认。此文件无需签名。',
    readDone: '谢谢，您已确认阅读。',
    agentReadTitle: '供阅读的文件：{title}',
    agentReadHint: '客户阅读后确认即可，无需签名。',
  },
  'zh-Hant': {
    customerTitle: '您的貸款合同',
    customerIntro: '請與客戶經理一起逐頁閱讀，並核對螢幕上的短碼與客戶經理念出的是否一致。然後在下方確認並簽名。',
    loading: '正在載入合同…',
    loadFailed: '合同無法載入：{reason}',
    signTitle: '您的簽名',
    signIntro: '請用手指或觸控筆在框內依平時的習慣簽名。簽名過程由攝影機錄製。',
    waitRecording: '錄影開始後即可簽名，錄影由客戶經理開啟。',
    received: '已收到您的簽名（第 {attempt} 次）。客戶經理正在核對。',
    redo: '客戶經理請您重新簽名：{reason}',
    signed: '合同已簽署，謝謝。',
    refused: '未被接受：{reason}',
    agentTitle: '貸款合同（面簽）',
    follow: '客戶跟隨我的頁面',
    followHint: '在此翻頁，客戶看到同一頁。',
    signedPdf: '已產生簽署後的 PDF（SHA-256 {sha}…），已存入證據包。',
    noCertificate: '已確認。未產生簽署 PDF：伺服器未設定簽名憑證。',
    readIntro:
      '請與客戶經理一起逐頁閱讀，並核對螢幕上的短碼與客戶經理念出的是否一致。然後點擊「我已閱讀並同意」確認。此文件無需簽名。',
    readDone: '謝謝，您已確認閱讀。',
    agentReadTitle: '供閱讀的文件：{title}',
    agentReadHint: '客戶閱讀後確認即可，無需簽名。',
  },
};

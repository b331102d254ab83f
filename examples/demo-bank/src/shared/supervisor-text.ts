import type { Language } from './page-settings.ts';

/**
 * The supervisor page's own strings (the authorization desk and the call
 * bring theirs). English defines the keys; `{name}` marks a value filled in
 * by `fill` (fill-text.ts).
 */
const en = {
  title: 'Demo bank — authorization desk',
  settings: 'Display settings',
  language: 'Language',
  largeText: 'Large text',
  opening: 'Opening the desk…',
  notAuthorizer: 'Your account may not decide authorizations. Log in as a supervisor.',
  deskFailed: 'Could not open the desk (the bank answered {status}).',
  deskUnreachable: 'Could not reach the bank to open the desk. Check the connection and try again.',
  tryAgain: 'Try again',
  callTitle: 'Call (joined with a supervisor link)',
} as const;

export type SupervisorTextKey = keyof typeof en;

export const SUPERVISOR_TEXT: Readonly<Record<Language, Readonly<Record<SupervisorTextKey, string>>>> = {
  en,
  'zh-Hans': {
    title: '演示银行 — 授权工作台',
    settings: '显示设置',
    language: '语言',
    largeText: '大字',
    opening: '正在打开授权工作台…',
    notAuthorizer: '您的账号无授权审批权限。请以主管身份登录。',
    deskFailed: '无法打开授权工作台（银行返回 {status}）。',
    deskUnreachable: '无法连接银行以打开授权工作台。请检查网络后重试。',
    tryAgain: '重试',
    callTitle: '通话（通过主管链接加入）',
  },
  'zh-Hant': {
    title: '示範銀行 — 授權工作台',
    settings: '顯示設定',
    language: '語言',
    largeText: '大字',
    opening: '正在開啟授權工作台…',
    notAuthorizer: '您的帳號無授權審批權限。請以主管身分登入。',
    deskFailed: '無法開啟授權工作台（銀行回覆 {status}）。',
    deskUnreachable: '無法連線銀行以開啟授權工作台。請檢查網路後重試。',
    tryAgain: '重試',
    callTitle: '通話（透過主管連結加入）',
  },
};

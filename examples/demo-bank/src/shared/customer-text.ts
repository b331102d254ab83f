import type { Language } from './page-settings.ts';

/** The customer page's own strings (the air-* elements bring theirs). English defines the keys. */
const en = {
  title: 'Demo bank — your video appointment',
  settings: 'Display settings',
  language: 'Language',
  largeText: 'Large text (长辈版)',
  needsLink: 'This page needs a join link from the bank.',
  connecting: 'Connecting to your appointment…',
  joinFailed: 'We could not connect you to the appointment. Please try again.',
  tryAgain: 'Try again',
  identityCheck: 'Identity check',
  identityIntro: "Follow the instructions on screen. The bank's server checks the result again; your agent sees it.",
} as const;

export type CustomerTextKey = keyof typeof en;

export const CUSTOMER_TEXT: Readonly<Record<Language, Readonly<Record<CustomerTextKey, string>>>> = {
  en,
  'zh-Hans': {
    title: '演示银行 — 您的视频办理',
    settings: '显示设置',
    language: '语言',
    largeText: '长辈版（大字）',
    needsLink: '此页面需要银行发送的加入链接。',
    connecting: '正在连接您的视频办理…',
    joinFailed: '无法为您连接视频办理。请重试。',
    tryAgain: '重试',
    identityCheck: '身份核验',
    identityIntro: '请按屏幕上的提示操作。银行服务器会再次核对结果，您的客户经理可以看到。',
  },
  'zh-Hant': {
    title: '示範銀行 — 您的視訊辦理',
    settings: '顯示設定',
    language: '語言',
    largeText: '長輩版（大字）',
    needsLink: '此頁面需要銀行傳送的加入連結。',
    connecting: '正在連線您的視訊辦理…',
    joinFailed: '無法為您連線視訊辦理。請重試。',
    tryAgain: '重試',
    identityCheck: '身分核驗',
    identityIntro: '請依照螢幕上的提示操作。銀行伺服器會再次核對結果，您的客戶經理可以看到。',
  },
};

/** The names of the languages, each in its own language (and marked with its `lang`). */
export const LANGUAGE_NAMES: Readonly<Record<Language, string>> = {
  'zh-Hans': '简体中文',
  'zh-Hant': '繁體中文',
  en: 'English',
};

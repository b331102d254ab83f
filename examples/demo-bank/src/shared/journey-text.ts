import type { Language } from './page-settings.ts';

/**
 * The demo's own strings around the scripted journey (双录); the journey
 * elements bring theirs, typed errors included. English defines the keys;
 * `{name}` marks a value filled in by `fill` (fill-text.ts).
 */
const en = {
  scriptTitle: 'Script (双录)',
  answerNotAccepted: 'Answered “{answer}”, which does not let the sale go on: the question stays open.',
  needsRecording: 'Start the recording: the next step is only possible while the session is recorded.',
  complete: 'Every step of the script is done.',
  blocked: 'The sale is blocked: the product does not suit the customer’s risk assessment.',
  endedComplete: 'The session ended with every mandatory step done.',
  endedIncomplete: 'The session ended before every mandatory step was done.',
  refused: 'Not done: {reason}',
} as const;

export type JourneyTextKey = keyof typeof en;
export type JourneyText = Readonly<Record<JourneyTextKey, string>>;

export const JOURNEY_TEXT: Readonly<Record<Language, JourneyText>> = {
  en,
  'zh-Hans': {
    scriptTitle: '话术（双录）',
    answerNotAccepted: '客户回答“{answer}”，无法继续办理：该问题仍待回答。',
    needsRecording: '请先开始录制：下一步只能在全程录制时进行。',
    complete: '话术的所有步骤均已完成。',
    blocked: '销售已终止：产品与客户的风险评测结果不匹配。',
    endedComplete: '会话已结束，所有必选步骤均已完成。',
    endedIncomplete: '会话结束时仍有必选步骤未完成。',
    refused: '未完成：{reason}',
  },
  'zh-Hant': {
    scriptTitle: '話術（雙錄）',
    answerNotAccepted: '客戶回答「{answer}」，無法繼續辦理：該問題仍待回答。',
    needsRecording: '請先開始錄製：下一步只能在全程錄製時進行。',
    complete: '話術的所有步驟均已完成。',
    blocked: '銷售已終止：產品與客戶的風險評測結果不相符。',
    endedComplete: '會話已結束，所有必選步驟均已完成。',
    endedIncomplete: '會話結束時仍有必選步驟未完成。',
    refused: '未完成：{reason}',
  },
};

import type { Language } from './page-settings.ts';

/**
 * The agent console's own strings (the air-* elements bring theirs, typed
 * errors included). English defines the keys; `{name}` marks a value filled in
 * by `fill` (fill-text.ts).
 */
const en = {
  title: 'Demo bank — agent console',
  settings: 'Display settings',
  language: 'Language',
  largeText: 'Large text',
  needsLink: 'This console needs an agent join link.',
  connecting: 'Connecting…',
  joinFailed: 'Could not join the session: {reason}',
  tryAgain: 'Try again',
  recordingTitle: 'Recording (双录)',
  endSession: 'End session for everyone',
  endNeedsLogin: 'Log in as an agent (staff login) to end the session.',
  endFailed: 'Could not end the session (the bank answered {status}).',
  endUnreachable: 'Could not reach the bank to end the session. Check the connection and try again.',
  identityTitle: 'Identity check (server-verified)',
  noResult: 'No result yet.',
  result: 'Result',
  passed: 'PASSED',
  failed: 'FAILED',
  liveness: 'Liveness',
  livenessPassed: 'passed',
  livenessFailed: 'failed ({reasons})',
  faceMatch: 'Face match',
  faceMatched: 'match (distance {distance}, threshold {threshold})',
  faceNotMatched: 'no match (distance {distance}, threshold {threshold})',
  noIdPhoto: 'no ID photo',
  signedBy: 'Signed by',
  belowMinimum:
    "The customer's camera is recorded at {size} only, below the bank's minimum: the face may not be identifiable. Ask the customer to check their camera, light and connection.",
  authorizationTitle: 'Large withdrawal needs approval',
  authorizationHint:
    'A cash withdrawal needs an authorizer’s approval, from ¥50,000 a supervisor’s (level 2). They see the request and a still of the customer, and may join the call.',
} as const;

export type AgentTextKey = keyof typeof en;

export const AGENT_TEXT: Readonly<Record<Language, Readonly<Record<AgentTextKey, string>>>> = {
  en,
  'zh-Hans': {
    title: '演示银行 — 客户经理工作台',
    settings: '显示设置',
    language: '语言',
    largeText: '大字',
    needsLink: '此工作台需要客户经理的加入链接。',
    connecting: '正在连接…',
    joinFailed: '无法加入会话：{reason}',
    tryAgain: '重试',
    recordingTitle: '录制（双录）',
    endSession: '为所有人结束会话',
    endNeedsLogin: '请先以客户经理身份登录（员工登录），才能结束会话。',
    endFailed: '无法结束会话（银行返回 {status}）。',
    endUnreachable: '无法连接银行以结束会话。请检查网络后重试。',
    identityTitle: '身份核验（服务器已核对）',
    noResult: '暂无结果。',
    result: '结果',
    passed: '通过',
    failed: '未通过',
    liveness: '活体检测',
    livenessPassed: '通过',
    livenessFailed: '未通过（{reasons}）',
    faceMatch: '人脸比对',
    faceMatched: '一致（距离 {distance}，阈值 {threshold}）',
    faceNotMatched: '不一致（距离 {distance}，阈值 {threshold}）',
    noIdPhoto: '无证件照',
    signedBy: '签名密钥',
    belowMinimum:
      '客户摄像头仅以 {size} 录制，低于银行要求的最低清晰度，人脸可能无法辨认。请提醒客户检查摄像头、光线和网络。',
    authorizationTitle: '大额取款需授权',
    authorizationHint:
      '现金取款需授权人审批，5 万元及以上需主管（二级）审批。审批人可查看申请和客户截图，并可加入通话。',
  },
  'zh-Hant': {
    title: '示範銀行 — 客戶經理工作台',
    settings: '顯示設定',
    language: '語言',
    largeText: '大字',
    needsLink: '此工作台需要客戶經理的加入連結。',
    connecting: '正在連線…',
    joinFailed: '無法加入會話：{reason}',
    tryAgain: '重試',
    recordingTitle: '錄製（雙錄）',
    endSession: '為所有人結束會話',
    endNeedsLogin: '請先以客戶經理身分登入（員工登入），才能結束會話。',
    endFailed: '無法結束會話（銀行回覆 {status}）。',
    endUnreachable: '無法連線銀行以結束會話。請檢查網路後重試。',
    identityTitle: '身分核驗（伺服器已核對）',
    noResult: '尚無結果。',
    result: '結果',
    passed: '通過',
    failed: '未通過',
    liveness: '活體檢測',
    livenessPassed: '通過',
    livenessFailed: '未通過（{reasons}）',
    faceMatch: '人臉比對',
    faceMatched: '一致（距離 {distance}，閾值 {threshold}）',
    faceNotMatched: '不一致（距離 {distance}，閾值 {threshold}）',
    noIdPhoto: '無證件照',
    signedBy: '簽章金鑰',
    belowMinimum:
      '客戶攝影機僅以 {size} 錄製，低於銀行要求的最低清晰度，人臉可能無法辨認。請提醒客戶檢查攝影機、光線和網路。',
    authorizationTitle: '大額提款需授權',
    authorizationHint:
      '現金提款需授權人審批，5 萬元及以上需主管（二級）審批。審批人可查看申請和客戶截圖，並可加入通話。',
  },
};

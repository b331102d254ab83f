import type { Translation } from './en.ts';

/** 繁體中文 */
const zhHant: Translation = {
  'common.you': '您',
  'common.connectionQuality': '網路：{quality}',
  'quality.good': '良好',
  'quality.fair': '普通',
  'quality.poor': '較差',
  'quality.lost': '已中斷',
  'quality.unknown': '偵測中',
  'role.customer': '客戶',
  'role.agent': '客服專員',
  'role.supervisor': '主管',
  'role.auditor': '稽核員',
  'state.idle': '未連線',
  'state.connecting': '正在連線…',
  'state.connected': '已連線',
  'state.reconnecting': '連線中斷，正在重新連線…',
  'state.ended': '通話已結束',
  'state.error': '通話無法繼續',

  'videoSession.label': '視訊通話',
  'videoSession.participants': '參與者',
  'videoSession.waiting': '正在等待對方加入…',
  'videoSession.localVideo': '您的攝影機畫面',
  'videoSession.remoteVideo': '{name}的視訊',
  'videoSession.controls': '通話控制',
  'videoSession.muteMicrophone': '麥克風靜音',
  'videoSession.muteCamera': '關閉攝影機',
  'videoSession.hangUp': '掛斷',
  'videoSession.microphoneMuted': '{name}已將麥克風靜音',
  'videoSession.participantJoined': '{name}已加入',
  'videoSession.participantLeft': '{name}已離開',
  'videoSession.errorPrefix': '錯誤：{message}',
};
export default zhHant;

import type { Translation } from './en.ts';

/** 简体中文 */
const zhHans: Translation = {
  'common.you': '您',
  'common.connectionQuality': '网络：{quality}',
  'quality.good': '良好',
  'quality.fair': '一般',
  'quality.poor': '较差',
  'quality.lost': '已中断',
  'quality.unknown': '检测中',
  'role.customer': '客户',
  'role.agent': '客服专员',
  'role.supervisor': '主管',
  'role.auditor': '审计员',
  'state.idle': '未连接',
  'state.connecting': '正在连接…',
  'state.connected': '已连接',
  'state.reconnecting': '连接中断，正在重新连接…',
  'state.ended': '通话已结束',
  'state.error': '通话无法继续',

  'videoSession.label': '视频通话',
  'videoSession.participants': '参与者',
  'videoSession.waiting': '正在等待对方加入…',
  'videoSession.localVideo': '您的摄像头画面',
  'videoSession.remoteVideo': '{name}的视频',
  'videoSession.controls': '通话控制',
  'videoSession.muteMicrophone': '麦克风静音',
  'videoSession.muteCamera': '关闭摄像头',
  'videoSession.hangUp': '挂断',
  'videoSession.microphoneMuted': '{name}已将麦克风静音',
  'videoSession.participantJoined': '{name}已加入',
  'videoSession.participantLeft': '{name}已离开',
  'videoSession.errorPrefix': '错误：{message}',
};
export default zhHans;

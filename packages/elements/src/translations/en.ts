/**
 * English strings, the reference locale: its keys define {@link Translation},
 * so a key missing from another locale fails the type check.
 *
 * Keys are grouped by component (`videoSession.*`, `liveness.*` …); a new
 * component adds its block here and in every other locale. Placeholders are
 * written `{name}` and filled by `term(key, { name })`.
 */
const en = {
  'common.you': 'You',
  'common.connectionQuality': 'Connection: {quality}',
  'quality.good': 'good',
  'quality.fair': 'fair',
  'quality.poor': 'poor',
  'quality.lost': 'lost',
  'quality.unknown': 'measuring',
  'role.customer': 'Customer',
  'role.agent': 'Agent',
  'role.supervisor': 'Supervisor',
  'role.auditor': 'Auditor',
  'state.idle': 'Not connected',
  'state.connecting': 'Connecting…',
  'state.connected': 'Connected',
  'state.reconnecting': 'Connection lost. Reconnecting…',
  'state.ended': 'The call has ended',
  'state.error': 'The call could not continue',

  'videoSession.label': 'Video call',
  'videoSession.participants': 'Participants',
  'videoSession.waiting': 'Waiting for the other participant to join…',
  'videoSession.localVideo': 'Your camera',
  'videoSession.remoteVideo': 'Video of {name}',
  'videoSession.controls': 'Call controls',
  'videoSession.muteMicrophone': 'Mute microphone',
  'videoSession.muteCamera': 'Turn camera off',
  'videoSession.hangUp': 'Hang up',
  'videoSession.microphoneMuted': '{name} muted their microphone',
  'videoSession.participantJoined': '{name} joined',
  'videoSession.participantLeft': '{name} left',
  'videoSession.errorPrefix': 'Error: {message}',
} as const satisfies Record<string, string>;

export type TermKey = keyof typeof en;
/** A complete set of strings for one locale. */
export type Translation = Readonly<Record<TermKey, string>>;

const translation: Translation = en;
export default translation;

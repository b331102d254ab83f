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
  'liveness.label': 'Liveness check',
  'liveness.intro': 'We will ask you to make a few simple movements in front of your camera. It takes about a minute.',
  'liveness.start': 'Start the check',
  'liveness.cancel': 'Cancel',
  'liveness.retry': 'Try again',
  'liveness.loading': 'Preparing the camera…',
  'liveness.camera': 'Your camera',
  'liveness.step': 'Step {current} of {total}',
  'liveness.submitting': 'Checking…',
  'liveness.passed': 'Thank you. The check is complete.',
  'liveness.failed': 'The check did not succeed.',
  'liveness.failedTimeout': 'We did not see the movement in time.',
  'liveness.cancelled': 'The check was cancelled.',
  'liveness.unsupported': 'This browser cannot run the check. Please use a recent browser with a camera.',
  'liveness.cameraUnavailable': 'The camera is not available. Please allow camera access and try again.',
  'liveness.error': 'Something went wrong: {message}',
  'liveness.hold': 'Good. Hold still…',
  'liveness.guide.noFace': 'Place your face inside the oval',
  'liveness.guide.multipleFaces': 'Only one person should be in view',
  'liveness.guide.moveCloser': 'Move closer to the camera',
  'liveness.guide.moveBack': 'Move back a little',
  'liveness.guide.centerFace': 'Move your face to the middle of the oval',
  'liveness.guide.tooDark': 'It is too dark. Please find more light',
  'liveness.guide.tooBright': 'There is too much light behind or on you',
  'liveness.guide.blurry': 'Hold still, the picture is blurred',
  'liveness.guide.faceCamera': 'Look straight at the camera',
  'liveness.do.turnLeft': 'Slowly turn your head to your left',
  'liveness.do.turnRight': 'Slowly turn your head to your right',
  'liveness.do.lookUp': 'Look up',
  'liveness.do.lookDown': 'Look down',
  'liveness.do.blink': 'Blink your eyes',
  'liveness.do.openMouth': 'Open your mouth wide',
  'liveness.do.nod': 'Nod your head: down, then back up',
} as const satisfies Record<string, string>;

export type TermKey = keyof typeof en;
/** A complete set of strings for one locale. */
export type Translation = Readonly<Record<TermKey, string>>;

const translation: Translation = en;
export default translation;

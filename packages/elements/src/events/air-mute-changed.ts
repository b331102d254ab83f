/** The user muted or unmuted their camera or microphone. */
export interface AirMuteChangedDetail {
  readonly source: 'camera' | 'microphone';
  readonly muted: boolean;
}

export type AirMuteChangedEvent = CustomEvent<AirMuteChangedDetail>;

declare global {
  interface GlobalEventHandlersEventMap {
    'air-mute-changed': AirMuteChangedEvent;
  }
}

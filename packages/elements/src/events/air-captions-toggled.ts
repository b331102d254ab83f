/** The customer turned captions on or off in `<air-captions>` (remembered on this device). */
export interface AirCaptionsToggledDetail {
  readonly on: boolean;
}

export type AirCaptionsToggledEvent = CustomEvent<AirCaptionsToggledDetail>;

declare global {
  interface GlobalEventHandlersEventMap {
    'air-captions-toggled': AirCaptionsToggledEvent;
  }
}

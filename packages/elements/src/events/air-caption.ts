import type { LiveCaptionEvent } from '@aircounter/evidence/replay';

/**
 * An element shows (or stops showing) a text the customer should be able to
 * read as a caption: `<air-journey>` a step's title and text, in the language
 * it is shown in; `<air-liveness-check>` the instruction of the current
 * challenge. The page hands it to `<air-captions>` (`captions.add(detail)`).
 */
export type AirCaptionDetail = LiveCaptionEvent;

export type AirCaptionEvent = CustomEvent<AirCaptionDetail>;

declare global {
  interface GlobalEventHandlersEventMap {
    'air-caption': AirCaptionEvent;
  }
}

import type { JourneyActionDetail } from '../components/journey/journey-view.ts';

/**
 * A person pressed a journey action (`<air-journey>`, `<air-script-prompter>`,
 * `<air-risk-questionnaire>`). The page sends it to the server; the element
 * waits for the next view, which says what happened.
 */
export type AirJourneyActionDetail = JourneyActionDetail;

export type AirJourneyActionEvent = CustomEvent<AirJourneyActionDetail>;

declare global {
  interface GlobalEventHandlersEventMap {
    'air-journey-action': AirJourneyActionEvent;
  }
}

import { define } from '../base/define.ts';
import { AirJourney } from '../components/journey/journey.component.ts';
import { AirLivenessCheck } from '../components/liveness-check/liveness-check.component.ts';
import { AirRiskQuestionnaire } from '../components/risk-questionnaire/risk-questionnaire.component.ts';

// A questionnaire step embeds <air-risk-questionnaire>.
define('air-risk-questionnaire', AirRiskQuestionnaire);
// A nod or shake embeds <air-liveness-check> for the head moves the server asks for (vision loads only then).
define('air-liveness-check', AirLivenessCheck);
define('air-journey', AirJourney);

declare global {
  interface HTMLElementTagNameMap {
    'air-journey': AirJourney;
  }
}

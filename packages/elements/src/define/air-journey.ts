import { define } from '../base/define.ts';
import { AirJourney } from '../components/journey/journey.component.ts';
import { AirRiskQuestionnaire } from '../components/risk-questionnaire/risk-questionnaire.component.ts';

// A questionnaire step embeds <air-risk-questionnaire>.
define('air-risk-questionnaire', AirRiskQuestionnaire);
define('air-journey', AirJourney);

declare global {
  interface HTMLElementTagNameMap {
    'air-journey': AirJourney;
  }
}

import { define } from '../base/define.ts';
import { AirRiskQuestionnaire } from '../components/risk-questionnaire/risk-questionnaire.component.ts';

define('air-risk-questionnaire', AirRiskQuestionnaire);

declare global {
  interface HTMLElementTagNameMap {
    'air-risk-questionnaire': AirRiskQuestionnaire;
  }
}

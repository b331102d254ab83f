import '@aircounter/elements/define/air-risk-questionnaire.js';
import { AirRiskQuestionnaire as AirRiskQuestionnaireElement } from '@aircounter/elements';
import { wrap } from '../wrap.ts';

/** `<air-risk-questionnaire>` as a React component (see docs/components/air-risk-questionnaire.md). */
export const AirRiskQuestionnaire = /* @__PURE__ */ wrap('air-risk-questionnaire', AirRiskQuestionnaireElement);

// View models for the journey element tests: a wealth-product sale as the
// lead's mapping of the client's journey state would hand them over.
import type { JourneyStepView, JourneyView } from '../../src/components/journey/journey-view.ts';
import type { PrompterView } from '../../src/components/script-prompter/prompter-view.ts';
import type { QuestionnaireView } from '../../src/components/risk-questionnaire/questionnaire-view.ts';

export function questionnaireView(overrides: Partial<QuestionnaireView> = {}): QuestionnaireView {
  return {
    stepId: 'risk',
    title: 'Risk assessment',
    state: 'answering',
    questions: [
      {
        id: 'age',
        text: 'How old are you?',
        options: [
          { id: 'under-30', label: 'Under 30' },
          { id: '30-60', label: '30 to 60' },
          { id: 'over-60', label: 'Over 60' },
        ],
      },
      {
        id: 'loss',
        text: 'How much of your investment could you accept to lose?',
        options: [
          { id: 'none', label: 'Nothing' },
          { id: 'some', label: 'Up to 10 %' },
          { id: 'much', label: 'More than 10 %' },
        ],
      },
    ],
    ...overrides,
  };
}

const STEPS: Readonly<Record<JourneyStepView['kind'], JourneyStepView>> = {
  consent: {
    stepId: 'consent',
    kind: 'consent',
    title: 'Recording consent',
    text: 'This appointment is recorded on video and audio, as the regulator requires.',
    state: 'active',
    attempt: 1,
  },
  identity: {
    stepId: 'identity',
    kind: 'identity',
    title: 'Identity check',
    text: 'We check that it is really you.',
    state: 'active',
    attempt: 1,
  },
  'agent-statement': {
    stepId: 'agent-intro',
    kind: 'agent-statement',
    title: 'Your advisor introduces themselves',
    text: 'I am Li Wei of Example Bank; this is my staff card and my licence.',
    state: 'active',
    attempt: 1,
  },
  disclosure: {
    stepId: 'risk-disclosure',
    kind: 'disclosure',
    title: 'Risk disclosure',
    text: 'This product is not a deposit.\nIts value can fall, and you may lose part of what you invest.',
    state: 'active',
    attempt: 1,
    speech: { playing: false },
  },
  question: {
    stepId: 'understood',
    kind: 'question',
    title: 'Did you understand the risks?',
    text: 'Please answer yes or no.',
    state: 'active',
    attempt: 1,
    answers: [
      { id: 'yes', label: 'Yes' },
      { id: 'no', label: 'No' },
    ],
    confirmations: ['tap', 'nod', 'shake'],
  },
  questionnaire: {
    stepId: 'risk',
    kind: 'questionnaire',
    title: 'Risk assessment',
    text: '',
    state: 'active',
    attempt: 1,
    questionnaire: questionnaireView(),
  },
  document: {
    stepId: 'contract',
    kind: 'document',
    title: 'Product contract',
    text: 'Please read the contract.',
    state: 'active',
    attempt: 1,
  },
  notice: {
    stepId: 'cooling-off',
    kind: 'notice',
    title: 'Cooling-off period',
    text: 'You may cancel within 24 hours after paying, at no cost.',
    state: 'active',
    attempt: 1,
  },
  'agent-attestation': {
    stepId: 'agent-attests',
    kind: 'agent-attestation',
    title: 'Your advisor confirms your signature',
    text: 'The advisor confirms that you signed in front of the camera.',
    state: 'active',
    attempt: 1,
  },
};

export const STEP_KINDS = Object.keys(STEPS) as JourneyStepView['kind'][];

export function stepView(kind: JourneyStepView['kind'], overrides: Partial<JourneyStepView> = {}): JourneyStepView {
  return { ...STEPS[kind], ...overrides };
}

export function journeyView(step: JourneyStepView | undefined, overrides: Partial<JourneyView> = {}): JourneyView {
  return { journeyId: 'wealth-sale', state: 'running', index: 3, count: 9, step, ...overrides };
}

export function prompterView(overrides: Partial<PrompterView> = {}): PrompterView {
  return {
    stepId: 'risk-disclosure',
    kind: 'disclosure',
    index: 4,
    count: 9,
    title: 'Risk disclosure',
    script: 'Please read to the customer:\nThis product is not a deposit. Its value can fall.',
    mandatory: true,
    customer: { progress: 'waiting', text: '' },
    minimumRemainingMs: 0,
    allowed: ['done', 'back'],
    outline: [
      { stepId: 'consent', title: 'Recording consent', mandatory: true, status: 'done' },
      { stepId: 'risk-disclosure', title: 'Risk disclosure', mandatory: true, status: 'current' },
      { stepId: 'newsletter', title: 'Newsletter', mandatory: false, status: 'pending' },
    ],
    ...overrides,
  };
}

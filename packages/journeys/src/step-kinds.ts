/**
 * The kinds of step a journey definition has. A module of its own, free of schemas, so that browser code (the
 * journey elements) can name the kinds without bundling the definition's validators; `definition.ts` checks that
 * every kind here has its step schema and the test of the shipped example that every kind is used.
 */
export const STEP_KINDS = [
  'consent',
  'identity',
  'agent-statement',
  'disclosure',
  'question',
  'questionnaire',
  'document',
  'notice',
  'agent-attestation',
] as const;

import type { JourneyStep } from './definition.ts';
import type { JourneyLocale } from './locales.ts';

/**
 * The exact text a step shows in one locale, as one string: what the elements
 * display and what the server hashes into `journey.step.started`
 * (`textSha256` = SHA-256 of its UTF-8 bytes). Lines are joined with `\n`:
 * the title first, then the kind's text, then each offered answer or option.
 * A document step shows the title only; the document is named by its own hash.
 */
export function stepText(step: JourneyStep, locale: JourneyLocale): string {
  const lines = [step.title[locale]];
  switch (step.kind) {
    case 'consent':
    case 'agent-statement':
    case 'disclosure':
    case 'notice':
    case 'agent-attestation':
      lines.push(step.text[locale]);
      break;
    case 'question':
      lines.push(step.text[locale], ...step.answers.map((answer) => answer.label[locale]));
      break;
    case 'questionnaire':
      for (const question of step.questions) {
        lines.push(question.text[locale], ...question.options.map((option) => option.label[locale]));
      }
      break;
    case 'identity':
    case 'document':
      break;
  }
  return lines.join('\n');
}

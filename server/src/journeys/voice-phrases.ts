import type { JourneyLocale, JourneyStep } from '@aircounter/journeys';

/** What a customer says to confirm a disclosure, per locale (matched after normalization, docs/speech.md). */
const DISCLOSURE_PHRASES: Readonly<Record<JourneyLocale, readonly string[]>> = {
  en: ['I understand', 'I confirm'],
  'zh-Hans': ['我已了解', '我确认', '明白'],
  'zh-Hant': ['我已了解', '我確認', '明白'],
};

/**
 * The phrases a spoken confirmation must contain: a question's answer label as shown in the session's locale
 * (so "是" confirms the answer labelled "是", never another answer), or a disclosure's confirmation phrases.
 */
export function voicePhrases(step: JourneyStep, answerId: string | undefined, locale: JourneyLocale): string[] {
  if (step.kind === 'question') {
    const answer = step.answers.find((a) => a.id === answerId);
    return answer === undefined ? [] : [answer.label[locale]];
  }
  return [...DISCLOSURE_PHRASES[locale]];
}

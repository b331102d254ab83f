import { createHash } from 'node:crypto';
import type { AnyEvidenceEvent } from '@aircounter/evidence';
import { stepText, type JourneyDefinition, type JourneyEngineEvent, type JourneyLocale } from '@aircounter/journeys';

/**
 * The evidence entry of one engine event (docs/journeys.md, "Evidence"). A
 * started step carries the SHA-256 of the exact text shown in the session's
 * locale (`stepText`), so an auditor can prove what the customer saw.
 */
export function evidenceEventOf(
  event: JourneyEngineEvent,
  definition: JourneyDefinition,
  locale: JourneyLocale,
): AnyEvidenceEvent {
  switch (event.type) {
    case 'step.started': {
      const { type: _type, ...data } = event;
      const step = definition.steps[event.index];
      const textSha256 = step === undefined ? undefined : sha256Hex(stepText(step, locale));
      return { type: 'journey.step.started', data: { ...data, ...(textSha256 === undefined ? {} : { textSha256 }) } };
    }
    case 'step.completed': {
      const { type: _type, ...data } = event;
      return { type: 'journey.step.completed', data };
    }
    case 'step.answered': {
      const { type: _type, ...data } = event;
      return { type: 'journey.step.answered', data };
    }
    case 'step.awaiting-override': {
      const { type: _type, ...data } = event;
      return { type: 'journey.step.awaiting-override', data };
    }
    case 'step.interrupted': {
      const { type: _type, ...data } = event;
      return { type: 'journey.step.interrupted', data };
    }
    case 'step.skipped': {
      const { type: _type, ...data } = event;
      return { type: 'journey.step.skipped', data };
    }
    case 'journey.blocked': {
      const { type: _type, ...data } = event;
      return { type: 'journey.blocked', data };
    }
    case 'journey.completed':
      return { type: 'journey.completed', data: { stepCount: definition.steps.length } };
    case 'journey.ended': {
      const { type: _type, ...data } = event;
      return { type: 'journey.ended', data };
    }
  }
}

export function sha256Hex(text: string | Uint8Array): string {
  return createHash('sha256').update(text).digest('hex');
}

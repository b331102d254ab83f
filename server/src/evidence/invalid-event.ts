import { checkEventData, isEventType } from '@aircounter/evidence';
import { AirError } from '@aircounter/protocol';

/**
 * An event whose type is not in `EVENTS` or whose data does not match its
 * type's schema (@aircounter/evidence). Always a bug in the code that wrote
 * it, never something a participant did: nothing of it enters the log.
 */
export class InvalidEvidenceEventError extends AirError {
  readonly eventType: string;
  /** What is wrong, e.g. `data.peerId: Invalid type: Expected string but received undefined`. */
  readonly problem: string;

  constructor(eventType: string, problem: string) {
    super('INTERNAL', `evidence event ${eventType} refused: ${problem}`);
    this.name = 'InvalidEvidenceEventError';
    this.eventType = eventType;
    this.problem = problem;
  }
}

/** What is wrong with an event before it is written; undefined when it is one of `EVENTS` with matching data. */
export function eventProblem(event: { readonly type: string; readonly data?: unknown }): string | undefined {
  if (!isEventType(event.type)) return 'not an event type of EVENTS (@aircounter/evidence)';
  return checkEventData(event.type, event.data ?? {});
}

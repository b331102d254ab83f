import { JourneyAction, JourneyDefinition, JourneyEngineEvent, JourneyState, Slug } from '@aircounter/journeys';
import * as v from 'valibot';
import { Empty } from './common.ts';

/** `journeyState`: the session's journey definition (defaults applied) and where it stands. */
export const JourneyStateRequest = Empty;
export const JourneyStateResponse = v.object({ definition: JourneyDefinition, state: JourneyState });

/** `journeyAction`: one action on one step; the answer is the state after it (a refusal is an error). */
export const JourneyActionRequest = JourneyAction;
export const JourneyActionResponse = v.object({ state: JourneyState });

/**
 * `replayDisclosure`: plays the open disclosure step's speech once more ("please say that again"). Answers when
 * playback started; bounded by the server's repeat limit (RATE_LIMITED), SPEECH_BUSY while speech still plays.
 */
export const ReplayDisclosureRequest = v.strictObject({ stepId: Slug });
export const ReplayDisclosureResponse = v.object({ durationMs: v.number() });

/**
 * `journeyChanged` (to every participant): the state after a change and what
 * happened, in order. `mediaTimeMs` is the recording's media time of the
 * change when the session is being recorded.
 */
export const JourneyChanged = v.object({
  state: JourneyState,
  events: v.array(JourneyEngineEvent),
  mediaTimeMs: v.optional(v.number()),
});

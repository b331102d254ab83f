import { createHash } from 'node:crypto';
import { checkEventData } from '@aircounter/evidence';
import { parseJourneyDefinition, stepText, type JourneyEngineEvent } from '@aircounter/journeys';
import type { RecordingStatus, TrackCoverage } from '@aircounter/protocol';
import { describe, expect, it } from 'vitest';
import { WEALTH_SALE } from '../../packages/journeys/src/test-fixtures/wealth-sale.ts';
import { evidenceEventOf } from '../src/journeys/evidence-events.ts';
import { isFullyRecorded, notRecordedReason } from '../src/journeys/recording-coverage.ts';

// The journey service's pure parts: when a session counts as recorded for a
// step, and how each engine event becomes an evidence entry that the
// evidence table accepts.

const DEFINITION = parseJourneyDefinition(WEALTH_SALE);

function track(peerId: string, role: 'customer' | 'agent', source: TrackCoverage['source'], recorded: boolean) {
  return {
    peerId,
    role,
    source,
    recorded,
    since: 1,
    sinceMediaTimeMs: 0,
    ...(recorded ? {} : { cause: 'network' as const }),
  };
}

function status(state: RecordingStatus['state'], coverage: TrackCoverage[] = []): RecordingStatus {
  return { state, since: 1, consentGiven: true, coverage };
}

describe('recorded for a journey step', () => {
  it.each([
    [
      'active, every camera and microphone recorded',
      status('active', [track('c', 'customer', 'camera', true), track('a', 'agent', 'microphone', true)]),
      true,
      'not-recorded',
    ],
    [
      'active, a screen share not recorded',
      status('active', [track('a', 'agent', 'camera', true), track('a', 'agent', 'screen', false)]),
      true,
      'not-recorded',
    ],
    [
      'active, the customer camera stalled',
      status('active', [track('c', 'customer', 'camera', false)]),
      false,
      'customer-camera-not-recorded: network',
    ],
    ['starting', status('starting'), false, 'recording-starting'],
    ['ending', status('ending'), false, 'recording-ending'],
    ['idle', status('idle'), false, 'recording-idle'],
  ] as const)('%s → %s', (_name, current, recorded, reason) => {
    expect(isFullyRecorded(current)).toBe(recorded);
    expect(notRecordedReason(current)).toBe(reason);
  });
});

describe('engine events as evidence entries', () => {
  const risk = { score: 0, level: 'C1', productRisk: 'R4', suitable: false } as const;
  const events: JourneyEngineEvent[] = [
    { type: 'step.started', stepId: 'understood', index: 5, kind: 'question', attempt: 1 },
    {
      type: 'step.completed',
      stepId: 'understood',
      index: 5,
      kind: 'question',
      by: 'customer',
      confirmation: 'nod',
      answerId: 'yes',
    },
    {
      type: 'step.answered',
      stepId: 'understood',
      index: 5,
      kind: 'question',
      answerId: 'no',
      accepted: false,
      confirmation: 'tap',
    },
    { type: 'step.awaiting-override', stepId: 'risk-assessment', index: 4, kind: 'questionnaire', risk },
    { type: 'step.interrupted', stepId: 'identity', index: 2, kind: 'identity', reason: 'recording-ending' },
    { type: 'step.skipped', stepId: 'cooling-off', index: 7, kind: 'notice', by: 'agent', reason: 'explained' },
    { type: 'journey.blocked', stepId: 'risk-assessment', index: 4, kind: 'questionnaire', risk },
    { type: 'journey.completed' },
    { type: 'journey.ended', complete: false, missing: ['contract'], interrupted: ['identity'] },
  ];

  it.each(events.map((event) => [event.type, event] as const))('%s matches its evidence schema', (_type, event) => {
    const entry = evidenceEventOf(event, DEFINITION, 'zh-Hans');
    expect(entry.type).toBe(
      event.type === 'journey.blocked' || event.type === 'journey.completed' || event.type === 'journey.ended'
        ? event.type
        : `journey.${event.type}`,
    );
    expect(checkEventData(entry.type, entry.data)).toBeUndefined();
  });

  it('a started step carries the SHA-256 of the exact text shown in the session locale', () => {
    const entry = evidenceEventOf(events[0] as JourneyEngineEvent, DEFINITION, 'zh-Hant');
    const step = DEFINITION.steps[5];
    if (step === undefined) throw new Error('fixture changed');
    const expected = createHash('sha256').update(stepText(step, 'zh-Hant')).digest('hex');
    expect(entry.data).toEqual({ stepId: 'understood', index: 5, kind: 'question', attempt: 1, textSha256: expected });
  });

  it('journey.completed counts the definition’s steps', () => {
    expect(evidenceEventOf({ type: 'journey.completed' }, DEFINITION, 'en').data).toEqual({ stepCount: 9 });
  });
});

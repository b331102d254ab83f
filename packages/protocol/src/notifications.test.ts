import { describe, expect, it } from 'vitest';
import { AirError } from './errors.ts';
import { NOTIFICATIONS, type NotificationName } from './schemas/notifications.ts';
import { NOTIFICATION_EXAMPLES } from './test-fixtures/examples.ts';
import { parseNotification } from './validate.ts';

const NAMES = Object.keys(NOTIFICATIONS) as NotificationName[];

/** One payload per notification that the client must refuse. */
const BAD_NOTIFICATIONS: Record<NotificationName, unknown> = {
  peerJoined: { peer: { peerId: 'a', role: 'banker', displayName: '', producers: [] } },
  peerReconnected: { peerId: '' },
  peerLeft: { peerId: 'a', reason: 'vanished' },
  producerAdded: { peerId: 'a', producerId: 'p', kind: 'video', source: 'camera' },
  producerClosed: { peerId: 'a' },
  producerPaused: { producerId: 'p' },
  producerResumed: { peerId: 'a', producerId: 5 },
  consumerClosed: {},
  consumerPaused: { consumerId: '' },
  consumerResumed: { consumerId: 'c c' },
  consumerScore: { consumerId: 'c', score: '10', producerScore: 9 },
  consumerLayersChanged: { consumerId: 'c', spatialLayer: 1 },
  recordingStatus: { state: 'paused', since: 1, consentGiven: true },
  livenessDecided: { peerId: 'a', decision: { passed: true } },
  sessionEnded: { reason: 'ended', code: 'NOT_A_CODE' },
  journeyChanged: { state: { status: 'finished' }, events: [] },
  authorizationUpdated: { requestId: 'az-1', status: 'maybe' },
  documentAdded: { document: { documentId: 'd', shortCode: '3f9a21c7' } },
  documentPageLed: { documentId: 'd', page: 0 },
  signatureStroke: { documentId: 'd', peerId: 'c', stroke: [], canvas: { width: 600, height: 200 } },
  signatureSubmitted: { documentId: 'd', peerId: 'c', attempt: '1', mediaTimeMs: null },
  signatureRedoRequested: { documentId: 'd' },
  signatureAttested: { documentId: 'd', attempt: 1 },
};

describe('NOTIFICATIONS', () => {
  it('has an example and a refusal case for every notification', () => {
    expect(Object.keys(NOTIFICATION_EXAMPLES).sort()).toEqual([...NAMES].sort());
    expect(Object.keys(BAD_NOTIFICATIONS).sort()).toEqual([...NAMES].sort());
  });

  it.each(NAMES)('%s accepts its example', (name) => {
    expect(parseNotification(name, NOTIFICATION_EXAMPLES[name])).toEqual(NOTIFICATION_EXAMPLES[name]);
  });

  it.each(NAMES)('%s refuses a malformed payload with INVALID_PARAMS', (name) => {
    expect(() => parseNotification(name, BAD_NOTIFICATIONS[name])).toThrow(
      expect.objectContaining({ code: 'INVALID_PARAMS' }),
    );
    expect(() => parseNotification(name, null)).toThrow(AirError);
  });

  it('lets sessionEnded omit the code', () => {
    expect(parseNotification('sessionEnded', { reason: 'ended' })).toEqual({ reason: 'ended' });
  });
});

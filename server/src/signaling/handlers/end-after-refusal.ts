import type { HandlerContext } from '../context.ts';

/**
 * With AIR_RECORDING_CONSENT_DECLINE=end a declined or withdrawn consent ends
 * the session for everyone. It ends on the next turn of the event loop, so the
 * customer's answer is sent before `sessionEnded` and the close.
 */
export function endAfterRefusal(
  context: HandlerContext,
  sessionId: string,
  reason: 'consent-declined' | 'consent-withdrawn',
): void {
  if (context.config.recording.consentDecline !== 'end') return;
  setImmediate(() => {
    context.services.sessions.end(sessionId, reason).then(
      (ended) => {
        if (ended) context.log.info('session ended by consent', { reason });
      },
      (error: unknown) => {
        // Already forgotten (retention), or the store is unavailable.
        context.log.warn('could not end the session after a consent refusal', { error, reason });
      },
    );
  });
}

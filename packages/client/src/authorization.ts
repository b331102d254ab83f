import type { AuthorizationView, RequestData, ResponseData } from '@aircounter/protocol';
import type { Signaling } from './signaling/signaling.ts';

export type AuthorizationRequestInput = RequestData<'requestAuthorization'>;
export type StillTaken = ResponseData<'takeStill'>;
export type { AuthorizationView };

/**
 * Agent: remote authorization inside the session. Deciding happens at the
 * authorizer desk; the page follows a request through the session's
 * `authorizationUpdated` event.
 */
export interface Authorization {
  /** The server takes a still of a participant's live camera and keeps it in the evidence (an attachment). */
  takeStill(peerId: string): Promise<StillTaken>;
  /** Raises a request; the bank's rules decide who may approve it and by when. */
  request(input: AuthorizationRequestInput): Promise<AuthorizationView>;
  /** Withdraws one's own pending request. */
  cancel(requestId: string): Promise<AuthorizationView>;
}

export function createAuthorization(signaling: Signaling): Authorization {
  return {
    takeStill: (peerId) => signaling.request('takeStill', { peerId }),
    request: (input) => signaling.request('requestAuthorization', input),
    cancel: (requestId) => signaling.request('cancelAuthorization', { requestId }),
  };
}

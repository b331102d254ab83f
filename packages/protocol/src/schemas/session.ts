import * as v from 'valibot';
import { DisplayName, Empty, Id, PeerInfo, RoleSchema } from './common.ts';
import { IceServers, IceTransportPolicySchema } from './ice.ts';
import { RtpCapabilities } from './media.ts';
import { RecordingStatus } from './recording.ts';

export const JoinRequest = v.strictObject({
  /** The device's receive capabilities (mediasoup-client `device.rtpCapabilities`). */
  rtpCapabilities: RtpCapabilities,
  /**
   * Shown to other participants only when the join token carries no name: the
   * name the bank put in the token wins, so a page cannot pose as someone else.
   */
  displayName: v.optional(DisplayName),
});
export const JoinResponse = v.object({
  sessionId: Id,
  self: v.object({ peerId: Id, role: RoleSchema, displayName: DisplayName }),
  peers: v.array(PeerInfo),
  recording: RecordingStatus,
  /** STUN/TURN servers for this participant's transports (TURN credentials expire: a rejoin brings fresh ones). */
  iceServers: v.optional(IceServers),
  /** `relay` when the server requires media to go through TURN. */
  iceTransportPolicy: v.optional(IceTransportPolicySchema),
});

export const LeaveRequest = Empty;

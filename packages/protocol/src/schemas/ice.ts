import * as v from 'valibot';

// ICE servers the server hands each participant in its `join` answer: STUN
// and TURN URLs, with short-lived TURN credentials (the TURN REST scheme of
// coturn's `use-auth-secret`), and whether media must go through TURN.

/** Most ICE servers one answer lists, and URLs per server. */
export const MAX_ICE_SERVERS = 8;
export const MAX_ICE_SERVER_URLS = 8;

const IceUrl = v.pipe(
  v.string(),
  v.maxLength(512),
  v.regex(/^(stun|stuns|turn|turns):[^\s]+$/, 'expected a stun:, stuns:, turn: or turns: URL'),
);

/** One entry of `RTCConfiguration.iceServers`. */
export const IceServer = v.object({
  urls: v.pipe(v.array(IceUrl), v.minLength(1), v.maxLength(MAX_ICE_SERVER_URLS)),
  /** TURN only: `<expiry unix seconds>:<peer id>`. */
  username: v.optional(v.pipe(v.string(), v.maxLength(512))),
  /** TURN only: base64 HMAC-SHA1 of the username with the TURN server's shared secret. */
  credential: v.optional(v.pipe(v.string(), v.maxLength(512))),
});
export type IceServer = v.InferOutput<typeof IceServer>;

/** `all`: direct paths and TURN; `relay`: only through TURN (for networks that must not see the server directly). */
export const ICE_TRANSPORT_POLICIES = ['all', 'relay'] as const;
export type IceTransportPolicy = (typeof ICE_TRANSPORT_POLICIES)[number];

export const IceServers = v.pipe(v.array(IceServer), v.maxLength(MAX_ICE_SERVERS));
export const IceTransportPolicySchema = v.picklist(ICE_TRANSPORT_POLICIES);

/**
 * Who takes part in a session. The role is carried in the join token that the
 * bank's back end issues; a page never chooses its own role. `server` is the
 * server itself while it plays speech into the call (a disclosure read aloud, a
 * bank's recording): it appears in the room like a participant so that every
 * client receives and the recorder records its audio, but no token ever
 * carries it (the server issues join tokens for customer, agent and supervisor only).
 */
export const ROLES = ['customer', 'agent', 'supervisor', 'auditor', 'server'] as const;
export type Role = (typeof ROLES)[number];

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}

/** Media sources a participant may publish, by role (least privilege). */
export const MEDIA_SOURCES = ['camera', 'microphone', 'screen', 'speech'] as const;
export type MediaSource = (typeof MEDIA_SOURCES)[number];

export const SOURCES_BY_ROLE: Readonly<Record<Role, readonly MediaSource[]>> = {
  customer: ['camera', 'microphone'],
  agent: ['camera', 'microphone', 'screen'],
  supervisor: ['camera', 'microphone'],
  // Auditors review evidence over REST; they never join a live session.
  auditor: [],
  // The server's own audio (rendered speech, a bank's recording); no client publishes it.
  server: ['speech'],
};

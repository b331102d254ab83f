import * as v from 'valibot';
import { MAX_DISPLAY_NAME_LENGTH, MAX_ID_LENGTH } from '../limits.ts';
import { MEDIA_SOURCES, ROLES } from '../roles.ts';
import { sanitizeText } from '../sanitize.ts';

/** Opaque identifiers (session, peer, transport, producer, consumer ids). */
export const Id = v.pipe(
  v.string(),
  v.minLength(1),
  v.maxLength(MAX_ID_LENGTH),
  v.regex(/^[A-Za-z0-9._:@-]+$/, 'ids use letters, digits and . _ : @ -'),
);
/**
 * Free text a person chose that others will read (see {@link sanitizeText}):
 * at most `max` characters once sanitized. Raw input may carry a few times
 * that in characters that will be stripped, no more.
 */
export function FreeText(max: number, options: { minLength?: number } = {}) {
  return v.pipe(
    v.string(),
    v.maxLength(max * 4),
    v.transform(sanitizeText),
    v.minLength(options.minLength ?? 0),
    v.maxLength(max),
  );
}

/** A participant's name as everyone else sees it: sanitized, at most {@link MAX_DISPLAY_NAME_LENGTH}. */
export const DisplayName = FreeText(MAX_DISPLAY_NAME_LENGTH);
export const RoleSchema = v.picklist(ROLES);
export const MediaSourceSchema = v.picklist(MEDIA_SOURCES);
export const MediaKind = v.picklist(['audio', 'video']);
/**
 * `{}` and nothing else. Not `v.strictObject({})`: valibot's object schemas
 * take arrays for objects, and an empty one has no key to refuse.
 */
export const Empty = v.custom<Record<string, never>>(
  (input) => typeof input === 'object' && input !== null && !Array.isArray(input) && Object.keys(input).length === 0,
  'expected an empty object',
);

export const PeerInfo = v.object({
  peerId: Id,
  role: RoleSchema,
  displayName: DisplayName,
  producers: v.array(v.object({ producerId: Id, kind: MediaKind, source: MediaSourceSchema, paused: v.boolean() })),
});
export type PeerInfo = v.InferOutput<typeof PeerInfo>;

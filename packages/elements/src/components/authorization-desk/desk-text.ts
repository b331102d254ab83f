import type { LocalizeController } from '../../base/localize.ts';
import type { TermKey } from '../../translations/en.ts';

/** A reason an authorizer may give, with the text shown for it. */
export interface DeskReasonCode {
  readonly code: string;
  readonly label: string;
}

/** The reason codes offered when the page sets none, each with a localized label. */
export const DEFAULT_REASON_CODES = [
  'verified-in-call',
  'documents-consistent',
  'identity-doubt',
  'amount-unjustified',
  'other',
] as const;

export function defaultReasonCodes(localize: LocalizeController): DeskReasonCode[] {
  return DEFAULT_REASON_CODES.map((code) => ({ code, label: localize.term(`authorizationDesk.reasonCode.${code}`) }));
}

/** The evidence artifact kinds an attachment may be (docs/authorization.md), each with its own words. */
const KINDS = [
  'still',
  'id-image',
  'document',
  'signed-document',
  'signature-strokes',
  'signature-image',
  'speech',
  'journey-definition',
  'authorization-decision',
] as const;
type Kind = (typeof KINDS)[number];
const isKind = (kind: string): kind is Kind => (KINDS as readonly string[]).includes(kind);

/** An attachment's kind in words ("Picture taken from the live video"); an unknown kind is named as it is. */
export function kindText(localize: LocalizeController, kind: string): string {
  const key: TermKey = isKind(kind) ? `authorizationDesk.kind.${kind}` : 'authorizationDesk.kind.other';
  return localize.term(key, { kind });
}

/** A date and time in the page's locale. */
export function timeText(localize: LocalizeController, iso: string): string {
  const time = Date.parse(iso);
  if (Number.isNaN(time)) return iso;
  return new Intl.DateTimeFormat(localize.locale, { dateStyle: 'medium', timeStyle: 'medium' }).format(time);
}

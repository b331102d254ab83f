import type { AuthorizationView } from '@aircounter/client';
import type { LocalizeController } from '../../base/localize.ts';
import type { TermKey } from '../../translations/en.ts';

/** Minor units per major unit: the currencies a branch uses here (CNY, HKD, USD, EUR…) have two decimals. */
const MINOR_UNITS = 100;

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

/** The amount in its currency, in the page's locale (amounts travel in minor units). */
export function amountText(localize: LocalizeController, view: AuthorizationView): string {
  try {
    return new Intl.NumberFormat(localize.locale, { style: 'currency', currency: view.currency }).format(
      view.amount / MINOR_UNITS,
    );
  } catch {
    // A currency code Intl does not know still shows: the number and the code.
    return `${(view.amount / MINOR_UNITS).toFixed(2)} ${view.currency}`;
  }
}

/** A date and time in the page's locale. */
export function timeText(localize: LocalizeController, iso: string): string {
  const time = Date.parse(iso);
  if (Number.isNaN(time)) return iso;
  return new Intl.DateTimeFormat(localize.locale, { dateStyle: 'medium', timeStyle: 'medium' }).format(time);
}

import type { LocalizeController } from './localize.ts';

// Amounts travel in minor units (fen, cents), as the server's authorization
// rules hold them; people type and read major units.

/** Minor units per major unit: the currencies a branch uses here (CNY, HKD, USD, EUR…) have two decimals. */
const MINOR_UNITS = 100;

/** An amount typed by a person ("80000", "80000.5", "80,000.50") in minor units; undefined when it is not one. */
export function toMinorUnits(text: string): number | undefined {
  const cleaned = text.replaceAll(',', '').trim();
  if (!/^\d{1,13}(\.\d{1,2})?$/.test(cleaned)) return undefined;
  const [whole = '0', fraction = ''] = cleaned.split('.');
  return Number(whole) * MINOR_UNITS + Number(fraction.padEnd(2, '0'));
}

/** An amount in minor units, in its currency and the element's locale ("¥80,000.00"). */
export function amountText(localize: LocalizeController, amount: number, currency: string): string {
  try {
    return new Intl.NumberFormat(localize.locale, { style: 'currency', currency }).format(amount / MINOR_UNITS);
  } catch {
    // A currency code Intl does not know still shows: the number and the code.
    return `${(amount / MINOR_UNITS).toFixed(2)} ${currency}`;
  }
}

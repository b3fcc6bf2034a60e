import { Decimal } from '../../model/decimal.js';

/**
 * Swedish presentation of exact numbers, written as `Intl.NumberFormat('sv-SE')` writes them
 * (group separator U+00A0 no-break space, decimal comma, minus sign U+2212, `kr` after a no-break
 * space), but from the decimal itself: no float on the way, and the same text whatever ICU the
 * Node.js build carries. test/report-format.test.ts holds it against Intl.
 */
export const NBSP = '\u00a0';
export const MINUS = '\u2212';

const MONTHS = ['januari', 'februari', 'mars', 'april', 'maj', 'juni', 'juli', 'augusti', 'september', 'oktober', 'november', 'december'];

function group(digits: string): string {
  return digits.replace(/\B(?=(\d{3})+(?!\d))/g, NBSP);
}

/** A number with between `min` and `max` decimals, rounded half away from zero (money is already exact to öre). */
export function svNumber(x: Decimal, max = 2, min = max): string {
  const r = x.toDecimalPlaces(max, Decimal.ROUND_HALF_UP);
  let [int = '0', frac = ''] = r.abs().toFixed(max).split('.');
  while (frac.length > min && frac.endsWith('0')) frac = frac.slice(0, -1);
  const sign = r.isNegative() && !r.isZero() ? MINUS : '';
  return `${sign}${group(int)}${frac ? `,${frac}` : ''}`;
}

/** Money: `1 206 754,84 kr`, `−17 663,33 kr`. */
export function svKronor(x: Decimal): string {
  return `${svNumber(x, 2)}${NBSP}kr`;
}

/** Money with its sign always shown (a change): `+1 234,00 kr`, `−50,00 kr`, `±0,00 kr`. */
export function svChange(x: Decimal): string {
  if (x.isZero()) return `±${svKronor(x)}`;
  return x.isNegative() ? svKronor(x) : `+${svKronor(x)}`;
}

/** A change of a quantity with its sign always shown: `+34`, `−12`, `±0`. */
export function svQuantityChange(x: Decimal, max = 0): string {
  if (x.isZero()) return '±0';
  return x.isNegative() ? svQuantity(x, max) : `+${svQuantity(x, max)}`;
}

/** A quantity with at most `max` decimals: `1 200`, `1 206,5`. */
export function svQuantity(x: Decimal, max = 1): string {
  return svNumber(x, max, 0);
}

/** A share as a percentage: `12,3 %`. */
export function svPercent(share: Decimal, max = 1): string {
  return `${svNumber(share.times(100), max, 0)}${NBSP}%`;
}

/** `2026-04` → `april 2026`. */
export function svMonth(month: string): string {
  return `${MONTHS[Number(month.slice(5, 7)) - 1]} ${month.slice(0, 4)}`;
}

/** `2026-01` … `2026-03` → `januari–mars 2026` (one month: `januari 2026`). */
export function svMonthRange(from: string, to: string): string {
  if (from === to) return svMonth(from);
  return `${MONTHS[Number(from.slice(5, 7)) - 1]}–${svMonth(to)}`;
}

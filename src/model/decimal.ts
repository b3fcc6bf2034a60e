import { Decimal } from 'decimal.js';

/**
 * The one place where precision and rounding are configured.
 *
 * Rounding rule (written down once, applied once):
 *   Every money component is computed exactly (no floats, no intermediate rounding) and
 *   rounded once, to whole öre, half away from zero (ROUND_HALF_UP in decimal.js), by
 *   `roundMoney`. Monthly amounts are the differences of the rounded running totals of the
 *   year, so the months of a year add up exactly to the rounded year amount (öresutjämning).
 *   Sums and net payments are sums of already rounded components and need no rounding.
 */
Decimal.set({ precision: 50, rounding: Decimal.ROUND_HALF_UP });

export { Decimal };

export const ZERO = new Decimal(0);
export const ONE = new Decimal(1);
export const TWELVE = new Decimal(12);

/** Round a money amount to öre. The only rounding of money in the project. */
export function roundMoney(x: Decimal): Decimal {
  return x.toDecimalPlaces(2, Decimal.ROUND_HALF_UP);
}

/** Machine form of money: fixed two-decimal string with a decimal point. */
export function formatMoney(x: Decimal): string {
  return roundMoney(x).toFixed(2);
}

/** Machine form of a quantity (visits, patients, FTE-months): exact, at most `dp` decimals shown. */
export function formatQuantity(x: Decimal, dp = 2): string {
  const r = x.toDecimalPlaces(dp, Decimal.ROUND_HALF_UP);
  return r.isInteger() ? r.toFixed(0) : r.toString();
}

/**
 * Machine form of a share or ratio: truncated toward zero to `dp` decimals, never rounded up,
 * so a share below a tier boundary never prints as the boundary (0.24995 → 0.2499, not 0.25).
 * Shares are compared with `≥ boundary`, and truncation keeps every printed value on the
 * same side of a boundary with `dp` decimals as the exact value.
 */
export function formatShare(x: Decimal, dp = 4): string {
  return x.toDecimalPlaces(dp, Decimal.ROUND_DOWN).toString();
}

export function sum(xs: Iterable<Decimal>): Decimal {
  let acc = ZERO;
  for (const x of xs) acc = acc.plus(x);
  return acc;
}

export function maxZero(x: Decimal): Decimal {
  return x.isNegative() ? ZERO : x;
}

/** Parse a plain decimal literal ("684880", "0.2", "-1.5"). Returns null if it is not one. */
export function parseDecimalLiteral(text: string): Decimal | null {
  if (!/^[+-]?(\d+(\.\d*)?|\.\d+)$/.test(text)) return null;
  return new Decimal(text);
}

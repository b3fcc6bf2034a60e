import type { Clinic, ContractPeriod, Period } from './types.js';

export function monthKey(year: number, month: number): string {
  return `${year}-${String(month).padStart(2, '0')}`;
}

export function monthsOf(p: Period): string[] {
  const out: string[] = [];
  for (let m = p.fromMonth; m <= p.toMonth; m++) out.push(monthKey(p.year, m));
  return out;
}

/** Payment month: the month after the activity month (utbetalning månaden efter). */
export function paymentMonth(activityMonth: string): string {
  const y = Number(activityMonth.slice(0, 4));
  const m = Number(activityMonth.slice(5, 7));
  return m === 12 ? monthKey(y + 1, 1) : monthKey(y, m + 1);
}

export function isWholeYear(p: Period): boolean {
  return p.fromMonth === 1 && p.toMonth === 12;
}

const digit = (s: string, i: number): number => s.charCodeAt(i) - 48;

/** Whether a YYYY-MM month is in the period (runs once per row: no allocation). */
export function inPeriod(p: Period, month: string): boolean {
  const y = digit(month, 0) * 1000 + digit(month, 1) * 100 + digit(month, 2) * 10 + digit(month, 3);
  const m = digit(month, 5) * 10 + digit(month, 6);
  return y === p.year && m >= p.fromMonth && m <= p.toMonth;
}

/** The contract period in force on a date, if any. */
export function contractOn(clinic: Clinic, date: string): ContractPeriod | undefined {
  for (const c of clinic.periods) if (c.validFrom <= date && (c.validTo === null || date <= c.validTo)) return c;
  return undefined;
}

/**
 * The contract period that governs a month: the one in force on the month's first day.
 * Requirements and fixed amounts are per FTE-month, so a clinic joining on 1 July counts from
 * July, and one joining on 15 July from August. [assumed, see README "FTE-months"]
 */
export function contractForMonth(clinic: Clinic, month: string): ContractPeriod | undefined {
  return contractOn(clinic, `${month}-01`);
}

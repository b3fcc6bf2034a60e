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

export function inPeriod(p: Period, month: string): boolean {
  const y = Number(month.slice(0, 4));
  const m = Number(month.slice(5, 7));
  return y === p.year && m >= p.fromMonth && m <= p.toMonth;
}

/** The contract period in force on a date, if any. */
export function contractOn(clinic: Clinic, date: string): ContractPeriod | undefined {
  return clinic.periods.find((c) => c.validFrom <= date && (c.validTo === null || date <= c.validTo));
}

/**
 * The contract period that governs a month: the one in force on the month's first day.
 * Requirements and fixed amounts are per FTE-month, so a clinic joining on 1 July counts from
 * July, and one joining on 15 July from August. [assumed, see README "FTE-months"]
 */
export function contractForMonth(clinic: Clinic, month: string): ContractPeriod | undefined {
  return contractOn(clinic, `${month}-01`);
}

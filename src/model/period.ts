import { daysInMonth as daysOf } from './calendar.js';
import { Decimal } from './decimal.js';
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

/** Days of a YYYY-MM month. */
function daysInMonth(month: string): number {
  return daysOf(Number(month.slice(0, 4)), Number(month.slice(5, 7)));
}

/**
 * FTE of a month averaged over its days (physio.month_fte_policy by_days): Σ FTE of each day /
 * days of the month. The quotient is exact to the precision of decimal.ts (50 digits), not a
 * finite decimal when the days do not divide it. [assumed policy, README "FTE-months"]
 */
export function fteByDays(clinic: Clinic, month: string): Decimal {
  const days = daysInMonth(month);
  let total = new Decimal(0);
  for (let d = 1; d <= days; d++) total = total.plus(contractOn(clinic, `${month}-${String(d).padStart(2, '0')}`)?.fte ?? 0);
  return total.dividedBy(days);
}

/**
 * Contract periods that start or end on another day than a month's first or last: the month's
 * FTE then depends on physio.month_fte_policy, and the analyst is told which clinic (issue 8).
 */
export function midMonthChanges(clinic: Clinic, year: number): { date: string; what: 'starts' | 'ends' }[] {
  const out: { date: string; what: 'starts' | 'ends' }[] = [];
  const y = String(year);
  for (const c of clinic.periods) {
    if (c.validFrom.startsWith(y) && !c.validFrom.endsWith('-01')) out.push({ date: c.validFrom, what: 'starts' });
    if (c.validTo?.startsWith(y) && Number(c.validTo.slice(8)) !== daysInMonth(c.validTo.slice(0, 7))) out.push({ date: c.validTo, what: 'ends' });
  }
  return out.sort((a, b) => a.date.localeCompare(b.date));
}

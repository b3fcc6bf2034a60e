import type { Decimal } from './decimal.js';
import type { Sex } from '../rules/ruleset.js';

/** Ages above this count as this age (a weight table's open last band covers them). */
export const MAX_AGE = 120;
const SLOTS = MAX_AGE + 1;

/**
 * Sex and age in whole years on a date from a 12-digit person key (YYYYMMDDNNNN). A
 * samordningsnummer has day + 60; the second-to-last digit is odd for a man, even for a woman.
 */
const digits = (s: string, at: number, n: number): number => {
  let v = 0;
  for (let i = at; i < at + n; i++) v = v * 10 + s.charCodeAt(i) - 48;
  return v;
};

export function sexAndAge(key: string, onDate: string): { sex: Sex; age: number } {
  const by = digits(key, 0, 4);
  const bm = digits(key, 4, 2);
  let bd = digits(key, 6, 2);
  if (bd > 60) bd -= 60;
  const y = digits(onDate, 0, 4);
  const m = digits(onDate, 5, 2);
  const d = digits(onDate, 8, 2);
  let age = y - by - (m < bm || (m === bm && d < bd) ? 1 : 0);
  if (age < 0) age = 0;
  const sex: Sex = (key.charCodeAt(10) - 48) % 2 === 1 ? 'male' : 'female';
  return { sex, age: Math.min(age, MAX_AGE) };
}

/** One unit's listing in one snapshot: counts by sex and age, nothing about persons. */
export class SnapshotCounts {
  readonly counts = new Uint32Array(2 * SLOTS);
  total = 0;
  constructor(readonly snapshotDate: string) {}
  add(sex: Sex, age: number): void {
    this.counts[(sex === 'male' ? SLOTS : 0) + age]!++;
    this.total++;
  }
  count(sex: Sex, age: number): number {
    return this.counts[(sex === 'male' ? SLOTS : 0) + age]!;
  }
}

/** A unit's listings by activity month (the month whose last day is the snapshot date). */
export type ListingTally = Map<string, SnapshotCounts>;

/** A CNI index of a unit and its validity (from SCB via the Region). */
export interface CniPeriod {
  validFrom: string;
  validTo: string | null;
  cni: Decimal;
  /** persons received by the municipality (kommunmottagna), when the table has them */
  kommunmottagna: Decimal | null;
  line: number;
}

export interface DrugCost {
  month: string;
  group: string;
  amount: Decimal;
}

export interface Adjustment {
  paymentMonth: string;
  code: string;
  amount: Decimal;
  vat: boolean;
  note: string;
}

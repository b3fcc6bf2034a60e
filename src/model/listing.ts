import type { Decimal } from './decimal.js';
import type { Sex } from '../rules/ruleset.js';

/** Ages above this count as this age (a weight table's open last band covers them). */
export const MAX_AGE = 120;
const SLOTS = MAX_AGE + 1;

/**
 * Age in whole years on y-m-d (0 before birth, at most MAX_AGE) of a 12-digit person key
 * (YYYYMMDDNNNN) read as a number; a samordningsnummer has day + 60.
 */
export function ageOn(key: number, y: number, m: number, d: number): number {
  const by = Math.floor(key / 1e8);
  const bm = Math.floor(key / 1e6) % 100;
  let bd = Math.floor(key / 1e4) % 100;
  if (bd > 60) bd -= 60;
  let age = y - by - (m < bm || (m === bm && d < bd) ? 1 : 0);
  if (age < 0) age = 0;
  return Math.min(age, MAX_AGE);
}

/** Sex of a person key read as a number: its second-to-last digit is odd for a man, even for a woman. */
export function sexOf(key: number): Sex {
  return Math.floor(key / 10) % 2 === 1 ? 'male' : 'female';
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

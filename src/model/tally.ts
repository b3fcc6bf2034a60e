import { CONTACT_TYPES, type ContactType } from '../rules/catalog.js';
import { type Decimal, ZERO } from './decimal.js';
import { CompactNumberSet, slotsFor } from './number-set.js';

/** Per-month counters of one clinic. Counts are of rows; weights are applied at calculation. */
export interface MonthTally {
  /** counted contacts per contact type */
  counted: Record<ContactType, number>;
  /** counted contacts per type whose main diagnosis is in a focus group */
  focus: Record<ContactType, number>;
  /** patient fees collected (advance on the compensation): how many rows had each fee */
  feeCounts: Map<Decimal, number>;
}

/** A ClinicTally's content handed between threads (plain data, the persons' table transferable). */
export interface TallyParts {
  months: { month: string; counted: Record<ContactType, number>; focus: Record<ContactType, number>; fees: [string, number][] }[];
  persons: Float64Array;
  reserve: string[];
}

function zeroCounts(): Record<ContactType, number> {
  return Object.fromEntries(CONTACT_TYPES.map((t) => [t, 0])) as Record<ContactType, number>;
}

/**
 * What the calculation needs of one clinic's rows. Memory grows with months and distinct
 * patients, never with rows: this is what keeps `calc` streaming.
 */
export class ClinicTally {
  readonly months = new Map<string, MonthTally>();
  /** distinct persons with a counted contact; 12-digit keys as numbers in a compact set */
  private readonly persons: CompactNumberSet;
  private readonly reserveIds = new Set<string>();
  /** @param expectedPersons how many persons the clinic may have (only a first size of the set: it grows as needed) */
  constructor(
    readonly clinicId: string,
    expectedPersons = 0,
  ) {
    this.persons = new CompactNumberSet(slotsFor(expectedPersons, 1 << 10, 1 << 15));
  }

  month(m: string): MonthTally {
    let t = this.months.get(m);
    if (!t) {
      t = { counted: zeroCounts(), focus: zeroCounts(), feeCounts: new Map() };
      this.months.set(m, t);
    }
    return t;
  }

  /** Fees are counted per amount (the same Decimal object for the same fee text) and summed once. */
  addFee(month: MonthTally | string, fee: Decimal): void {
    if (fee.isZero()) return;
    const t = typeof month === 'string' ? this.month(month) : month;
    t.feeCounts.set(fee, (t.feeCounts.get(fee) ?? 0) + 1);
  }

  /** Patient fees collected in a month: Σ fee × rows, exact. */
  feesOf(month: string): Decimal {
    const t = this.months.get(month);
    if (!t) return ZERO;
    let total = ZERO;
    for (const [fee, n] of t.feeCounts) total = total.plus(fee.times(n));
    return total;
  }

  /** @param month the contact's month, or this clinic's tally of it (from `month()`, faster) */
  addCounted(month: MonthTally | string, type: ContactType, patientKey: string, inFocus: boolean): void {
    if (patientKey.startsWith('R:')) {
      this.addCountedRow(month, type, inFocus);
      this.reserveIds.add(patientKey);
    } else this.addCountedPerson(month, type, Number(patientKey), inFocus);
  }

  /** The same for a personnummer or samordningsnummer given as its 12-digit number (a reader's fast path). */
  addCountedPerson(month: MonthTally | string, type: ContactType, person: number, inFocus: boolean): void {
    this.addCountedRow(month, type, inFocus);
    this.persons.add(person);
  }

  private addCountedRow(month: MonthTally | string, type: ContactType, inFocus: boolean): void {
    const t = typeof month === 'string' ? this.month(month) : month;
    t.counted[type]++;
    if (inFocus) t.focus[type]++;
  }

  /**
   * What this tally holds, to hand to another thread and join to the same clinic's tally there
   * (`join`): counts per month, fees by their text, the persons' table. The tally must not be
   * used after.
   */
  release(): TallyParts {
    return {
      months: [...this.months].map(([m, t]) => ({
        month: m,
        counted: t.counted,
        focus: t.focus,
        fees: [...t.feeCounts].map(([fee, n]) => [fee.toString(), n]),
      })),
      persons: this.persons.release(),
      reserve: [...this.reserveIds],
    };
  }

  /**
   * Adds the rows of another part of the input (a released tally of the same clinic): the same
   * as if this tally had read them. `feeOf` gives the amount of a fee's text.
   */
  join(parts: TallyParts, feeOf: (text: string) => Decimal): void {
    for (const p of parts.months) {
      const t = this.month(p.month);
      for (const ty of CONTACT_TYPES) {
        t.counted[ty] += p.counted[ty];
        t.focus[ty] += p.focus[ty];
      }
      for (const [text, n] of p.fees) {
        const fee = feeOf(text);
        t.feeCounts.set(fee, (t.feeCounts.get(fee) ?? 0) + n);
      }
    }
    this.persons.addAll(parts.persons);
    for (const r of parts.reserve) this.reserveIds.add(r);
  }

  uniquePatients(): number {
    return this.persons.size + this.reserveIds.size;
  }
  uniqueReserve(): number {
    return this.reserveIds.size;
  }

  /** counted contacts per type over the given months */
  countedOver(months: readonly string[], which: 'counted' | 'focus' = 'counted'): Record<ContactType, number> {
    const out = zeroCounts();
    for (const m of months) {
      const t = this.months.get(m);
      if (!t) continue;
      for (const ty of CONTACT_TYPES) out[ty] += t[which][ty];
    }
    return out;
  }
}

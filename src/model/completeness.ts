import { midMonthChanges, monthKey } from './period.js';
import type { Clinic, Period } from './types.js';

/**
 * Completeness of a run's input (fullständighet): which contracted clinic-months have rows, which
 * do not, and what else was not read. A result that rests on incomplete input is named as such
 * and never looks final (issue 8). Pure: the caller counts rows and lists files.
 */

/** An analyst's statement that a contracted clinic-month really had no activity (kvittens). */
export interface Acknowledgement {
  clinicId: string;
  /** YYYY-MM */
  month: string;
  reason: string;
  /** where it was given: --ack or FILE:LINE */
  origin: string;
}

export interface SkippedFile {
  file: string;
  reason: string;
}

export type CellStatus =
  | 'ok' // contracted, rows present
  | 'missing' // contracted, in the period, no rows, not acknowledged
  | 'acknowledged' // contracted, in the period, no rows, acknowledged
  | 'no_contract' // no contract in the month (rows, if any, are excluded as no_contract)
  | 'outside_period' // a month of the year outside the period
  | 'unknown_clinic'; // completeness.csv only: a clinic id of the exports the register lacks

export interface Cell {
  clinicId: string;
  clinicName: string;
  month: string;
  contracted: boolean;
  rows: number;
  status: CellStatus;
  /** the acknowledgement's reason, for acknowledged cells */
  reason: string;
}

export interface CompletenessFacts {
  period: Period;
  /** the physiotherapy clinics of the register */
  clinics: readonly Clinic[];
  /** readable rows per clinic id and month (index 1..12), register or not */
  rowsByClinic: ReadonlyMap<string, readonly number[]>;
  /** months (1..12) with at least one readable row */
  monthsFound: ReadonlySet<number>;
  files: readonly { file: string; rowsRead: number; rejected: number }[];
  skippedFiles: readonly SkippedFile[];
  acknowledgements: readonly Acknowledgement[];
  /** ids of every clinic in the register (any vårdval): those are not unknown */
  registerIds: ReadonlySet<string>;
  /** physio.month_fte_policy in force, named with each mid-month contract change */
  monthFtePolicy: string;
}

export interface Completeness {
  cells: Cell[];
  /** contracted clinic-months of the period without rows and without acknowledgement */
  missing: Cell[];
  acknowledged: Cell[];
  /** acknowledgements that name a clinic-month that has rows or no contract: not needed */
  unusedAcknowledgements: Acknowledgement[];
  /** contracted in the period, not a single row in it */
  clinicsWithoutRows: string[];
  /** clinic ids in the exports that the register does not know, with their row counts */
  unknownClinics: { clinicId: string; rows: number }[];
  skippedFiles: SkippedFile[];
  /** files with rows of which every one was rejected */
  rejectedFiles: { file: string; rows: number }[];
  monthsBeforeFirst: string[];
  monthsAfterLast: string[];
  /** contracts starting or ending mid-month in the year: the month's FTE follows the policy */
  midMonthChanges: { clinicId: string; date: string; what: 'starts' | 'ends'; policy: string }[];
  /** clinics whose deductions and fees rest on incomplete input */
  incompleteClinics: Set<string>;
  /** nothing that changes money is missing (acknowledged gaps are fine) */
  complete: boolean;
}

/** Whether any day of the month lies in one of the clinic's contract periods. */
function contractedInMonth(clinic: Clinic, year: number, month: number): boolean {
  const first = `${monthKey(year, month)}-01`;
  const last = `${monthKey(year, month)}-31`;
  return clinic.periods.some((p) => p.validFrom <= last && (p.validTo === null || p.validTo >= first));
}

export function assessCompleteness(f: CompletenessFacts): Completeness {
  const { period } = f;
  const year = period.year;
  const ackOf = new Map(f.acknowledgements.map((a) => [`${a.clinicId}|${a.month}`, a]));
  const used = new Set<Acknowledgement>();
  const cells: Cell[] = [];
  const clinicsWithoutRows: string[] = [];
  for (const clinic of f.clinics) {
    const rows = f.rowsByClinic.get(clinic.id) ?? [];
    let contractedInPeriod = false;
    let rowsInPeriod = 0;
    for (let m = 1; m <= 12; m++) {
      const month = monthKey(year, m);
      const n = rows[m] ?? 0;
      const contracted = contractedInMonth(clinic, year, m);
      const inPeriod = m >= period.fromMonth && m <= period.toMonth;
      let status: CellStatus;
      let reason = '';
      if (!inPeriod) status = 'outside_period';
      else if (!contracted) status = 'no_contract';
      else if (n > 0) status = 'ok';
      else {
        const ack = ackOf.get(`${clinic.id}|${month}`);
        if (ack) {
          used.add(ack);
          status = 'acknowledged';
          reason = ack.reason;
        } else status = 'missing';
      }
      if (inPeriod && contracted) {
        contractedInPeriod = true;
        rowsInPeriod += n;
      }
      cells.push({ clinicId: clinic.id, clinicName: clinic.name, month, contracted, rows: n, status, reason });
    }
    if (contractedInPeriod && rowsInPeriod === 0) clinicsWithoutRows.push(clinic.id);
  }
  const unknownClinics = [...f.rowsByClinic]
    .filter(([id]) => !f.registerIds.has(id))
    .map(([clinicId, rows]) => ({ clinicId, rows: rows.reduce((s, n) => s + (n ?? 0), 0) }))
    .sort((a, b) => a.clinicId.localeCompare(b.clinicId));
  const rejectedFiles = f.files.filter((x) => x.rowsRead > 0 && x.rejected === x.rowsRead).map((x) => ({ file: x.file, rows: x.rowsRead }));
  const found = [...f.monthsFound].sort((a, b) => a - b);
  const firstFound = found[0] ?? 13;
  const lastFound = found[found.length - 1] ?? 0;
  const monthsBeforeFirst: string[] = [];
  const monthsAfterLast: string[] = [];
  for (let m = 1; m <= 12; m++) {
    if (found.length > 0 && m < firstFound) monthsBeforeFirst.push(monthKey(year, m));
    if (found.length > 0 && m > lastFound) monthsAfterLast.push(monthKey(year, m));
  }
  const missing = cells.filter((c) => c.status === 'missing');
  const incompleteClinics = new Set(missing.map((c) => c.clinicId));
  // which clinics a wholly rejected file held cannot be known: every clinic's result rests on it
  if (rejectedFiles.length > 0) for (const c of f.clinics) incompleteClinics.add(c.id);
  return {
    cells,
    missing,
    acknowledged: cells.filter((c) => c.status === 'acknowledged'),
    unusedAcknowledgements: f.acknowledgements.filter((a) => !used.has(a)),
    clinicsWithoutRows,
    unknownClinics,
    skippedFiles: [...f.skippedFiles],
    rejectedFiles,
    monthsBeforeFirst,
    monthsAfterLast,
    midMonthChanges: f.clinics.flatMap((c) => midMonthChanges(c, year).map((x) => ({ clinicId: c.id, ...x, policy: f.monthFtePolicy }))),
    incompleteClinics,
    complete: missing.length === 0 && rejectedFiles.length === 0,
  };
}

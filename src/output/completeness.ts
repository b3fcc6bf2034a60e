import type { Cell, CellStatus, Completeness } from '../model/completeness.js';
import type { Column } from './csv.js';
import type { CompletenessJson } from './json-schemas.js';

/** completeness.csv: one row per physiotherapy clinic of the register and month of the year. */
export const COMPLETENESS_COLUMNS: readonly Column<Cell>[] = [
  { name: 'clinic_id', kind: 'text', get: (c) => c.clinicId },
  { name: 'clinic_name', kind: 'text', get: (c) => c.clinicName },
  { name: 'month', kind: 'text', get: (c) => c.month },
  { name: 'contracted', kind: 'text', get: (c) => (c.contracted ? 'yes' : 'no') },
  { name: 'rows', kind: 'number', get: (c) => String(c.rows) },
  { name: 'status', kind: 'text', get: (c) => c.status },
  { name: 'reason', kind: 'text', get: (c) => c.reason },
];

/** Rows of completeness.csv: the register's clinic-months, then clinic ids the register lacks. */
export function completenessLines(c: Completeness): Cell[] {
  return [
    ...c.cells,
    ...c.unknownClinics.map((u) => ({
      clinicId: u.clinicId,
      clinicName: '',
      month: '*',
      contracted: false,
      rows: u.rows,
      status: 'unknown_clinic' as const,
      reason: 'not in the clinic register: rows excluded as unknown_clinic',
    })),
  ];
}

/** "2026-02 … 2026-11: A, B; 2026-07: C": clinics grouped by the months they miss, runs of months joined. */
function byClinic(cells: readonly Cell[]): string {
  const months = new Map<string, string[]>();
  for (const c of cells) months.set(c.clinicId, [...(months.get(c.clinicId) ?? []), c.month]);
  const groups = new Map<string, string[]>();
  for (const [id, ms] of months) {
    const key = ms.length > 2 && consecutive(ms) ? `${ms[0]} … ${ms[ms.length - 1]}` : ms.join(', ');
    groups.set(key, [...(groups.get(key) ?? []), id]);
  }
  return [...groups].map(([ms, ids]) => `\n    ${ms}: ${ids.join(', ')}`).join('');
}

function consecutive(ms: readonly string[]): boolean {
  return ms.every((m, i) => i === 0 || Number(m.slice(5)) === Number(ms[i - 1]!.slice(5)) + 1);
}

/** Something that changes money, or that an analyst must see: the block is printed even with -q. */
export function changesMoney(c: Completeness): boolean {
  return !c.complete || c.unknownClinics.length > 0;
}

/**
 * The completeness block for stderr: every gap of the input in one place. Empty when there is
 * nothing to say.
 */
export function renderCompleteness(c: Completeness, context: { wholeYear: boolean; csv: boolean }): string {
  const lines: string[] = [];
  if (c.missing.length > 0) {
    lines.push(`  contracted clinic-months without a single row (${c.missing.length}):${byClinic(c.missing)}`);
    if (c.clinicsWithoutRows.length > 0) lines.push(`  contracted clinics without a row in the period: ${c.clinicsWithoutRows.join(', ')}`);
  }
  for (const f of c.rejectedFiles) lines.push(`  every row of ${f.file} was rejected (${f.rows} rows, see rejects.csv): which clinics it held is unknown`);
  for (const u of c.unknownClinics)
    lines.push(
      `  clinic ${u.clinicId} is in the exports (${u.rows} row${u.rows === 1 ? '' : 's'}) but not in the clinic register: its rows are excluded as unknown_clinic`,
    );
  for (const f of c.skippedFiles) lines.push(`  not read: ${f.file}: ${f.reason}`);
  if (c.monthsBeforeFirst.length > 0) lines.push(`  months before the first month found in the exports: ${c.monthsBeforeFirst.join(', ')}`);
  if (c.monthsAfterLast.length > 0) lines.push(`  months after the last month found in the exports: ${c.monthsAfterLast.join(', ')}`);
  for (const m of c.midMonthChanges)
    lines.push(
      `  contract of ${m.clinicId} ${m.what} mid-month on ${m.date}: the FTE of ${m.date.slice(0, 7)} is ${m.policy === 'by_days' ? 'averaged over its days' : 'the FTE on the 1st'} (physio.month_fte_policy ${m.policy})`,
    );
  for (const a of c.acknowledged) lines.push(`  acknowledged: ${a.clinicId} ${a.month} without rows: ${a.reason}`);
  for (const a of c.unusedAcknowledgements)
    lines.push(`  acknowledgement not needed (${a.origin}): ${a.clinicId} ${a.month} has rows or no contract in the period`);
  if (lines.length === 0) return '';
  const n = c.incompleteClinics.size;
  const head = c.complete
    ? 'Completeness: the input is complete for every contracted clinic-month of the period'
    : `Completeness: the input is INCOMPLETE for ${n} clinic${n === 1 ? '' : 's'}: ` +
      (context.wholeYear ? 'their deductions are not final and not paid' : 'their fees and counts rest on missing rows') +
      ' (acknowledge a month that really had no activity with --ack CLINIC:YYYY-MM:REASON or --ack-file FILE)';
  return `${[head, ...lines, ...(context.csv ? ['  (per clinic and month: completeness.csv)'] : [])].join('\n')}\n`;
}

/** The `completeness` key of `calc --format json` and `payout --format json`. */
export function completenessJson(c: Completeness): CompletenessJson {
  return {
    complete: c.complete,
    incomplete_clinics: [...c.incompleteClinics].sort(),
    missing_clinic_months: c.missing.map((m) => ({ clinic_id: m.clinicId, month: m.month })),
    acknowledged: c.acknowledged.map((m) => ({ clinic_id: m.clinicId, month: m.month, reason: m.reason })),
    unused_acknowledgements: c.unusedAcknowledgements.map((a) => ({ clinic_id: a.clinicId, month: a.month, origin: a.origin })),
    clinics_without_rows: c.clinicsWithoutRows,
    unknown_clinics: c.unknownClinics.map((u) => ({ clinic_id: u.clinicId, rows: u.rows })),
    files_not_read: c.skippedFiles.map((f) => ({ file: f.file, reason: f.reason })),
    files_all_rejected: c.rejectedFiles.map((f) => ({ file: f.file, rows: f.rows })),
    months_before_first: c.monthsBeforeFirst,
    months_after_last: c.monthsAfterLast,
    mid_month_contract_changes: c.midMonthChanges.map((m) => ({ clinic_id: m.clinicId, date: m.date, change: m.what, policy: m.policy })),
    // a cell of the model is never unknown_clinic (completeness.csv adds those rows)
    rows_by_clinic_month: c.cells.map((x) => ({
      clinic_id: x.clinicId,
      month: x.month,
      rows: x.rows,
      status: x.status as Exclude<CellStatus, 'unknown_clinic'>,
    })),
  };
}

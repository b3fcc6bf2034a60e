import { maskPatientIds } from '../input/patient-id.js';
import { relative } from 'node:path';
import { CONTACT_TYPES } from '../rules/catalog.js';
import { assumedAmong } from '../rules/load.js';
import type { RuleSet } from '../rules/ruleset.js';
import { formatMoney, formatQuantity, formatShare, sum, type Decimal } from '../model/decimal.js';
import { monthKey } from '../model/period.js';
import type { ClinicResult, PaymentRow } from '../model/physio.js';
import type { CalcResult, FileAccounting, RejectRecord } from '../app/run-calc.js';
import type { Column } from './csv.js';
import { completenessJson } from './completeness.js';

const money = (d: Decimal): string => formatMoney(d);
const qty = (d: Decimal): string => formatQuantity(d, 2);

/** Assumed parameters behind a set of figures of one clinic. */
function assumedFor(rules: RuleSet, r: ClinicResult, figures: readonly string[]): string[] {
  return assumedAmong(rules, figures.flatMap((f) => r.dependsOn[f] ?? []));
}

const PAYMENT_FIGURES = ['fixed_compensation', 'specialist_compensation', 'additional_assignment_compensation', 'sal', 'vat_compensation', 'patient_fees', 'net_payment'];
const DEDUCTION_FIGURES = ['visits_counted', 'visits_required', 'visit_deduction', 'unique_patients', 'unique_patients_required', 'unique_patient_deduction', 'total_deduction'];

export interface PaymentLine {
  r: ClinicResult;
  p: PaymentRow;
  assumed: string;
}

/** payment-basis.csv (utbetalningsunderlag): one row per clinic and activity month. */
export const PAYMENT_COLUMNS: readonly Column<PaymentLine>[] = [
  { name: 'clinic_id', kind: 'text', get: (l) => l.r.clinic.id },
  { name: 'clinic_name', kind: 'text', get: (l) => l.r.clinic.name },
  { name: 'regi', kind: 'text', get: (l) => l.r.clinic.regi },
  { name: 'activity_month', kind: 'text', get: (l) => l.p.activityMonth },
  { name: 'payment_month', kind: 'text', get: (l) => l.p.paymentMonth },
  { name: 'fte', kind: 'number', get: (l) => qty(l.p.fte) },
  { name: 'fixed_compensation', kind: 'number', get: (l) => money(l.p.fixedCompensation) },
  { name: 'specialist_compensation', kind: 'number', get: (l) => money(l.p.specialistCompensation) },
  { name: 'additional_assignment_compensation', kind: 'number', get: (l) => money(l.p.additionalAssignmentCompensation) },
  { name: 'sal', kind: 'number', get: (l) => money(l.p.sal) },
  { name: 'vat_compensation', kind: 'number', get: (l) => money(l.p.vatCompensation) },
  { name: 'patient_fees', kind: 'number', get: (l) => money(l.p.patientFees) },
  { name: 'deductions', kind: 'number', get: (l) => money(l.p.deductions) },
  { name: 'net_payment', kind: 'number', get: (l) => money(l.p.netPayment) },
  { name: 'assumed_parameters', kind: 'text', get: (l) => l.assumed },
];

export function paymentLines(result: CalcResult): PaymentLine[] {
  return result.clinics.flatMap((r) => {
    const figures = r.deduction.status === 'final' ? [...PAYMENT_FIGURES, 'total_deduction'] : PAYMENT_FIGURES;
    const assumed = assumedFor(result.rules, r, figures).join(' ');
    return r.payments.map((p) => ({ r, p, assumed }));
  });
}

export interface DeductionLine {
  r: ClinicResult;
  assumed: string;
}

/** deductions.csv (avdragsrapport): one row per clinic for the period. */
export const DEDUCTION_COLUMNS: readonly Column<DeductionLine>[] = [
  { name: 'clinic_id', kind: 'text', get: (l) => l.r.clinic.id },
  { name: 'clinic_name', kind: 'text', get: (l) => l.r.clinic.name },
  { name: 'regi', kind: 'text', get: (l) => l.r.clinic.regi },
  { name: 'fte_months', kind: 'number', get: (l) => qty(l.r.deduction.fteMonths) },
  { name: 'visits_required', kind: 'number', get: (l) => qty(l.r.deduction.visitsRequired) },
  { name: 'visits_counted', kind: 'number', get: (l) => qty(l.r.deduction.visitsCounted) },
  { name: 'visits_shortfall', kind: 'number', get: (l) => qty(l.r.deduction.visitsShortfall) },
  { name: 'visit_deduction_rate', kind: 'number', get: (l) => money(l.r.deduction.visitDeductionRate) },
  { name: 'visit_deduction', kind: 'number', get: (l) => money(l.r.deduction.visitDeduction) },
  { name: 'unique_patients_required', kind: 'number', get: (l) => qty(l.r.deduction.uniquePatientsRequired) },
  { name: 'unique_patients', kind: 'number', get: (l) => String(l.r.deduction.uniquePatients) },
  { name: 'unique_patients_shortfall', kind: 'number', get: (l) => qty(l.r.deduction.uniquePatientsShortfall) },
  { name: 'unique_patient_deduction_rate', kind: 'number', get: (l) => money(l.r.deduction.uniquePatientDeductionRate) },
  { name: 'unique_patient_deduction', kind: 'number', get: (l) => money(l.r.deduction.uniquePatientDeduction) },
  { name: 'total_deduction', kind: 'number', get: (l) => money(l.r.deduction.totalDeduction) },
  { name: 'status', kind: 'text', get: (l) => l.r.deduction.status },
  { name: 'assumed_parameters', kind: 'text', get: (l) => l.assumed },
];

/**
 * Columns of payment-basis.csv and deductions.csv that hold money (fixed two-decimal strings);
 * the others are quantities or text. `vardval check` applies --tolerance to these only.
 */
export const MONEY_COLUMNS: ReadonlySet<string> = new Set([
  'fixed_compensation', 'specialist_compensation', 'additional_assignment_compensation', 'sal', 'vat_compensation', 'patient_fees',
  'deductions', 'net_payment', 'visit_deduction_rate', 'visit_deduction', 'unique_patient_deduction_rate', 'unique_patient_deduction', 'total_deduction',
]);

export function deductionLines(result: CalcResult): DeductionLine[] {
  return result.clinics.map((r) => ({ r, assumed: assumedFor(result.rules, r, DEDUCTION_FIGURES).join(' ') }));
}

export interface AccountingLine {
  file: string;
  profile: string;
  encoding: string;
  category: 'read' | 'counted' | 'excluded' | 'rejected' | 'reserve_ids';
  reason: string;
  rows: number;
}

/** accounting.csv: rows read = counted + excluded + rejected, per file and for all files ('*'). */
export const ACCOUNTING_COLUMNS: readonly Column<AccountingLine>[] = [
  { name: 'file', kind: 'text', get: (l) => l.file },
  { name: 'profile', kind: 'text', get: (l) => l.profile },
  { name: 'encoding', kind: 'text', get: (l) => l.encoding },
  { name: 'category', kind: 'text', get: (l) => l.category },
  { name: 'reason', kind: 'text', get: (l) => l.reason },
  { name: 'rows', kind: 'number', get: (l) => String(l.rows) },
];

function accountingOf(a: Omit<FileAccounting, 'file' | 'profile' | 'encoding'>, file: string, profile: string, encoding: string): AccountingLine[] {
  const line = (category: AccountingLine['category'], reason: string, rows: number): AccountingLine => ({ file, profile, encoding, category, reason, rows });
  return [
    line('read', '', a.rowsRead),
    line('counted', '', a.counted),
    ...Object.entries(a.excluded).sort(([x], [y]) => x.localeCompare(y)).map(([k, v]) => line('excluded', k, v)),
    ...Object.entries(a.rejected).sort(([x], [y]) => x.localeCompare(y)).map(([k, v]) => line('rejected', k, v)),
    line('reserve_ids', '', a.reserveIds),
  ];
}

export function accountingLines(result: CalcResult): AccountingLine[] {
  return [...result.files.flatMap((f) => accountingOf(f, f.file, f.profile, f.encoding)), ...accountingOf(result.total, '*', '', '')];
}

export const REJECT_COLUMNS: readonly Column<RejectRecord>[] = [
  { name: 'file', kind: 'text', get: (r) => r.file },
  { name: 'line', kind: 'number', get: (r) => String(r.line) },
  { name: 'column', kind: 'text', get: (r) => r.column },
  { name: 'reason', kind: 'text', get: (r) => r.reason },
  { name: 'message', kind: 'text', get: (r) => r.message },
  { name: 'raw', kind: 'text', get: (r) => r.raw },
];

export function identityHolds(a: CalcResult['total']): boolean {
  const ex = Object.values(a.excluded).reduce((s, n) => s + n, 0);
  const rj = Object.values(a.rejected).reduce((s, n) => s + n, 0);
  return a.rowsRead === a.counted + ex + rj;
}

export function displayPath(file: string): string {
  const rel = relative(process.cwd(), file);
  return maskPatientIds(rel.startsWith('..') ? file : rel);
}

/** Assumed parameters the whole result depends on. */
export function assumedInPlay(result: CalcResult): string[] {
  return assumedAmong(result.rules, result.clinics.flatMap((r) => Object.values(r.dependsOn).flat()));
}

export function totals(result: CalcResult): Record<string, string> {
  const pay = result.clinics.flatMap((r) => r.payments);
  const s = (f: (p: PaymentRow) => Decimal): string => money(sum(pay.map(f)));
  return {
    fixed_compensation: s((p) => p.fixedCompensation),
    specialist_compensation: s((p) => p.specialistCompensation),
    additional_assignment_compensation: s((p) => p.additionalAssignmentCompensation),
    sal: s((p) => p.sal),
    vat_compensation: s((p) => p.vatCompensation),
    patient_fees: s((p) => p.patientFees),
    deductions: s((p) => p.deductions),
    net_payment: s((p) => p.netPayment),
    total_deduction: money(sum(result.clinics.map((r) => r.deduction.totalDeduction))),
  };
}

function sortedCounts(rec: Partial<Record<string, number>>): Record<string, number> {
  return Object.fromEntries(Object.entries(rec).sort(([a], [b]) => a.localeCompare(b))) as Record<string, number>;
}

function row<R>(columns: readonly Column<R>[], r: R, skip: readonly string[] = []): Record<string, string | number> {
  const out: Record<string, string | number> = {};
  for (const c of columns) if (!skip.includes(c.name)) out[c.name] = c.get(r);
  return out;
}

/** The whole result as a JSON document (`--format json`). Field names equal the CSV columns. */
export function resultJson(result: CalcResult, tool: { name: string; version: string }): unknown {
  const { rules, period } = result;
  return {
    tool,
    year: rules.year,
    rules: {
      id: rules.id,
      title: rules.title,
      document: rules.document,
      file: displayPath(rules.file),
      sha256: rules.sha256,
      overrides: rules.overrides.map((o) => ({ name: o.name, value: o.raw, previous: o.previous, origin: o.origin.kind, file: o.origin.file ? displayPath(o.origin.file) : null, source: o.source })),
      scenarios: rules.scenarios.map((s) => ({ ...s, file: displayPath(s.file) })),
      assumed_parameters: assumedInPlay(result),
    },
    period: { from: monthKey(period.year, period.fromMonth), to: monthKey(period.year, period.toMonth), whole_year: period.fromMonth === 1 && period.toMonth === 12, months_without_data: result.monthsWithoutData },
    clinics: result.clinics.map((r) => ({
      ...row(DEDUCTION_COLUMNS, { r, assumed: '' }, ['assumed_parameters']),
      municipality: r.clinic.municipality,
      counted_by_type: Object.fromEntries(CONTACT_TYPES.map((t) => [t, r.deduction.countedByType[t]])),
      focus_share: r.deduction.focusShare === null ? null : formatShare(r.deduction.focusShare),
      payments: r.payments.map((p) => row(PAYMENT_COLUMNS, { r, p, assumed: '' }, ['clinic_id', 'clinic_name', 'regi', 'assumed_parameters'])),
      assumed_parameters: Object.fromEntries(Object.entries(r.dependsOn).sort(([a], [b]) => a.localeCompare(b)).map(([f, names]) => [f, assumedAmong(rules, names)])),
    })),
    totals: totals(result),
    completeness: completenessJson(result.completeness),
    accounting: {
      rows_read: result.total.rowsRead,
      counted: result.total.counted,
      excluded: sortedCounts(result.total.excluded),
      rejected: sortedCounts(result.total.rejected),
      reserve_ids: result.total.reserveIds,
      identity_holds: identityHolds(result.total),
      files: result.files.map((f) => ({ file: f.file, profile: f.profile, encoding: f.encoding, rows_read: f.rowsRead, counted: f.counted, excluded: sortedCounts(f.excluded), rejected: sortedCounts(f.rejected), reserve_ids: f.reserveIds })),
    },
  };
}

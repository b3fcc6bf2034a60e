import { maskPatientIds } from '../input/patient-id.js';
import { relative } from 'node:path';
import { assumedAmong } from '../rules/load.js';
import type { RuleSet } from '../rules/ruleset.js';
import { Decimal, ZERO, formatMoney, formatQuantity, sum } from '../model/decimal.js';
import { figuresOf, type FigureSpec, type Model, type MonthAmounts, type PaymentLineItem, type UnitResult } from '../model/model.js';
import { MODELS, modelFor, monthFigures } from '../model/registry.js';
import type { CalcResult, FileAccounting, RejectRecord } from '../app/run-calc.js';
import type { Column } from './csv.js';
import { completenessJson } from './completeness.js';
import { periodJson, rulesJson } from './json-header.js';
import type { CalcResultJson, ToolJson } from './json-schemas.js';

/**
 * The view model of a run: the rows and columns that every renderer (CSV, JSON, the summary,
 * payout, check, explain) shows, derived once from the models' figure registries.
 */

/** A figure's value in its machine form: money to öre, quantities exact to two decimals. */
export function formatFigure(kind: FigureSpec['kind'], d: Decimal): string {
  return kind === 'money' ? formatMoney(d) : formatQuantity(d, 2);
}

/** Assumed parameters behind a set of figures of one unit. */
function assumedFor(rules: RuleSet, u: UnitResult, figures: readonly string[]): string[] {
  return assumedAmong(
    rules,
    figures.flatMap((f) => u.dependsOn[f] ?? []),
  );
}

const modelOf = (u: UnitResult): Model => modelFor(u.vardval)!;

export interface PaymentLine {
  r: UnitResult;
  p: MonthAmounts;
  assumed: string;
}

const monthCell =
  (f: FigureSpec) =>
  (l: PaymentLine): string => {
    const v = l.p.values[f.name];
    return v === undefined ? '' : formatFigure(f.kind, v);
  };

/**
 * payment-basis.csv (utbetalningsunderlag): one row per unit and activity month, for every
 * vårdval. Columns: the unit, the months, the first model's figures and assumed_parameters;
 * then `vardval` and the figures later models add (appended, so a baseline written before them
 * is still checked column for column). A figure that is not its model's is empty.
 */
export const PAYMENT_COLUMNS: readonly Column<PaymentLine>[] = (() => {
  const first = new Set(figuresOf(MODELS[0]!, 'month').map((f) => f.name));
  const all = monthFigures();
  const cols: Column<PaymentLine>[] = [
    { name: 'clinic_id', kind: 'text', get: (l) => l.r.clinic.id },
    { name: 'clinic_name', kind: 'text', get: (l) => l.r.clinic.name },
    { name: 'regi', kind: 'text', get: (l) => l.r.clinic.regi },
    { name: 'activity_month', kind: 'text', get: (l) => l.p.activityMonth },
    { name: 'payment_month', kind: 'text', get: (l) => l.p.paymentMonth },
    ...all.filter((f) => first.has(f.name)).map((f): Column<PaymentLine> => ({ name: f.name, kind: 'number', get: monthCell(f) })),
    { name: 'assumed_parameters', kind: 'text', get: (l) => l.assumed },
  ];
  if (MODELS.length > 1)
    cols.push(
      { name: 'vardval', kind: 'text', get: (l) => l.r.vardval },
      ...all.filter((f) => !first.has(f.name)).map((f): Column<PaymentLine> => ({ name: f.name, kind: 'number', get: monthCell(f) })),
    );
  return cols;
})();

/** The figures behind a unit's monthly amounts (for its assumed_parameters). */
function paymentFigures(u: UnitResult): string[] {
  return [...figuresOf(modelOf(u), 'month').map((f) => f.name), ...u.lines.flatMap((l) => l.figures)];
}

export function paymentLines(result: CalcResult): PaymentLine[] {
  return result.clinics.flatMap((r) => {
    const assumed = assumedFor(result.rules, r, paymentFigures(r)).join(' ');
    return r.months.map((p) => ({ r, p, assumed }));
  });
}

/** A row of payment-lines.csv: one component of a unit's month. */
export interface ComponentLine {
  r: UnitResult;
  l: PaymentLineItem;
  assumed: string;
}

const exact = (d: Decimal | null): string => (d === null ? '' : d.toDecimalPlaces(6, Decimal.ROUND_HALF_UP).toString());

/**
 * payment-lines.csv (one payment basis for both vårdval): one line per unit, activity month and
 * component, with its basis, rate and amount as it enters the net payment (subtracted
 * components negative), so finance can book every krona from one file and see where it comes from.
 */
export const PAYMENT_LINE_COLUMNS: readonly Column<ComponentLine>[] = [
  { name: 'clinic_id', kind: 'text', get: (x) => x.r.clinic.id },
  { name: 'clinic_name', kind: 'text', get: (x) => x.r.clinic.name },
  { name: 'vardval', kind: 'text', get: (x) => x.r.vardval },
  { name: 'regi', kind: 'text', get: (x) => x.r.clinic.regi },
  { name: 'activity_month', kind: 'text', get: (x) => x.l.activityMonth },
  { name: 'payment_month', kind: 'text', get: (x) => x.l.paymentMonth },
  { name: 'component', kind: 'text', get: (x) => x.l.component },
  { name: 'code', kind: 'text', get: (x) => x.l.code },
  { name: 'basis', kind: 'number', get: (x) => exact(x.l.basis) },
  { name: 'basis_unit', kind: 'text', get: (x) => x.l.basisUnit },
  { name: 'rate', kind: 'number', get: (x) => exact(x.l.rate) },
  { name: 'rate_unit', kind: 'text', get: (x) => x.l.rateUnit },
  { name: 'amount', kind: 'number', get: (x) => formatMoney(x.l.amount) },
  { name: 'assumed_parameters', kind: 'text', get: (x) => x.assumed },
];

export function componentLines(result: CalcResult): ComponentLine[] {
  return result.clinics.flatMap((r) => r.lines.map((l) => ({ r, l, assumed: assumedFor(result.rules, r, l.figures).join(' ') })));
}

export interface DeductionLine {
  r: UnitResult;
  assumed: string;
}

/** The figures of a model's period report, in column order. */
function reportFigures(m: Model): FigureSpec[] {
  return figuresOf(m, 'period').filter((f) => f.report);
}

/** A model's period report (deductions.csv for physiotherapy): one row per unit for the period. */
function periodReportColumns(m: Model): Column<DeductionLine>[] {
  return [
    { name: 'clinic_id', kind: 'text', get: (l) => l.r.clinic.id },
    { name: 'clinic_name', kind: 'text', get: (l) => l.r.clinic.name },
    { name: 'regi', kind: 'text', get: (l) => l.r.clinic.regi },
    ...reportFigures(m).map((f): Column<DeductionLine> => ({ name: f.name, kind: 'number', get: (l) => formatFigure(f.kind, l.r.period[f.name] ?? ZERO) })),
    { name: 'status', kind: 'text', get: (l) => l.r.status },
    { name: 'assumed_parameters', kind: 'text', get: (l) => l.assumed },
  ];
}

/** The models with a period report, each with its file name. */
const PERIOD_REPORTS: readonly { model: Model; file: string; columns: Column<DeductionLine>[] }[] = MODELS.filter((m) => m.periodReport).map((m) => ({
  model: m,
  file: m.periodReport!.file,
  columns: periodReportColumns(m),
}));

/** deductions.csv (avdragsrapport): one row per physiotherapy clinic for the period. */
export const DEDUCTION_COLUMNS: readonly Column<DeductionLine>[] = PERIOD_REPORTS[0]!.columns;

/**
 * Columns of payment-basis.csv and the period reports that hold money (fixed two-decimal
 * strings); the others are quantities or text. `vardval check` applies --tolerance to these only.
 */
export const MONEY_COLUMNS: ReadonlySet<string> = new Set(MODELS.flatMap((m) => m.figures.filter((f) => f.kind === 'money').map((f) => f.name)));

function periodReportLines(result: CalcResult, m: Model): DeductionLine[] {
  const figures = reportFigures(m).map((f) => f.name);
  return result.clinics.filter((r) => r.vardval === m.vardval).map((r) => ({ r, assumed: assumedFor(result.rules, r, figures).join(' ') }));
}

export function deductionLines(result: CalcResult): DeductionLine[] {
  return periodReportLines(result, PERIOD_REPORTS[0]!.model);
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
    ...Object.entries(a.excluded)
      .sort(([x], [y]) => x.localeCompare(y))
      .map(([k, v]) => line('excluded', k, v)),
    ...Object.entries(a.rejected)
      .sort(([x], [y]) => x.localeCompare(y))
      .map(([k, v]) => line('rejected', k, v)),
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
  return assumedAmong(
    result.rules,
    result.clinics.flatMap((r) => Object.values(r.dependsOn).flat()),
  );
}

/** Totals over all units: every month money figure, then the period money figures marked `total`. */
function totals(result: CalcResult): Record<string, string> {
  const out: Record<string, string> = {};
  for (const f of monthFigures().filter((x) => x.kind === 'money'))
    out[f.name] = formatMoney(sum(result.clinics.flatMap((r) => r.months.map((p) => p.values[f.name] ?? ZERO))));
  for (const m of MODELS)
    for (const f of figuresOf(m, 'period').filter((x) => x.total && x.kind === 'money'))
      out[f.name] = formatMoney(sum(result.clinics.map((r) => r.period[f.name] ?? ZERO)));
  return out;
}

function sortedCounts(rec: Partial<Record<string, number>>): Record<string, number> {
  return Object.fromEntries(Object.entries(rec).sort(([a], [b]) => a.localeCompare(b))) as Record<string, number>;
}

/** One month of a unit as JSON: its months and the figures of its model. */
export function monthJson(u: UnitResult, p: MonthAmounts): Record<string, string> {
  const out: Record<string, string> = { activity_month: p.activityMonth, payment_month: p.paymentMonth };
  for (const f of figuresOf(modelOf(u), 'month')) out[f.name] = formatFigure(f.kind, p.values[f.name] ?? ZERO);
  return out;
}

/** A unit as JSON: identity, its period report figures, its model's detail, months and assumed parameters per figure. */
function unitJson(rules: RuleSet, u: UnitResult): Record<string, unknown> {
  const m = modelOf(u);
  const report: Record<string, string> = {};
  if (m.periodReport) {
    for (const f of reportFigures(m)) report[f.name] = formatFigure(f.kind, u.period[f.name] ?? ZERO);
    report.status = u.status;
  }
  return {
    clinic_id: u.clinic.id,
    clinic_name: u.clinic.name,
    regi: u.clinic.regi,
    ...report,
    vardval: u.vardval,
    ...u.detail,
    payments: u.months.map((p) => monthJson(u, p)),
    lines: u.lines.map((l) => ({
      activity_month: l.activityMonth,
      payment_month: l.paymentMonth,
      component: l.component,
      code: l.code,
      basis: exact(l.basis),
      basis_unit: l.basisUnit,
      rate: exact(l.rate),
      rate_unit: l.rateUnit,
      amount: formatMoney(l.amount),
    })),
    assumed_parameters: Object.fromEntries(
      Object.entries(u.dependsOn)
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([f, names]) => [f, assumedAmong(rules, names)]),
    ),
  };
}

/** The whole result as a JSON document (`--format json`). Field names equal the CSV columns. */
export function resultJson(result: CalcResult, tool: ToolJson): CalcResultJson {
  const { rules, period } = result;
  return {
    tool,
    year: rules.year,
    rules: { ...rulesJson(rules), assumed_parameters: assumedInPlay(result) },
    period: { ...periodJson(period), months_without_data: result.monthsWithoutData, months_without_listing: result.monthsWithoutListing },
    clinics: result.clinics.map((r) => unitJson(rules, r)),
    totals: totals(result),
    completeness: completenessJson(result.completeness),
    accounting: {
      rows_read: result.total.rowsRead,
      counted: result.total.counted,
      excluded: sortedCounts(result.total.excluded),
      rejected: sortedCounts(result.total.rejected),
      reserve_ids: result.total.reserveIds,
      identity_holds: identityHolds(result.total),
      files: result.files.map((f) => ({
        file: f.file,
        profile: f.profile,
        encoding: f.encoding,
        rows_read: f.rowsRead,
        counted: f.counted,
        excluded: sortedCounts(f.excluded),
        rejected: sortedCounts(f.rejected),
        reserve_ids: f.reserveIds,
      })),
    },
  };
}

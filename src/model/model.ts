import type { ParamReader } from '../rules/ruleset.js';
import type { Decimal } from './decimal.js';
import type { Clinic, Period, Vardval } from './types.js';

/**
 * The one interface every vårdval model implements. A model is pure: it gets a unit of the
 * register, what the run read for it, the period and the rules, and returns its payment lines,
 * its figures and the explanation steps. Everything that renders a run (CSV, JSON, the summary,
 * explain, check, compare, rule tests) reads the model's figure registry, never its fields.
 */

/** Kinds of input file; a format profile declares which one it reads. */
export const INPUT_KINDS = ['visits', 'listing', 'cni', 'requisition_drugs', 'adjustments'] as const;
export type InputKind = (typeof INPUT_KINDS)[number];

type FigureKind = 'money' | 'quantity';

/** One figure a model computes (a variable of the model, in OpenFisca's words). */
export interface FigureSpec {
  name: string;
  kind: FigureKind;
  description: string;
  /**
   * month: an amount of each activity month (a column of payment-basis.csv, a component of the
   * payment lines); period: a figure of the unit over the whole period.
   */
  scope: 'month' | 'period';
  /** month figures: +1 paid, −1 subtracted from the net payment, 0 not money of the net (a basis like FTE) */
  sign?: 1 | -1 | 0;
  /** period figures: a column of the model's period report (deductions.csv for physiotherapy) */
  report?: boolean;
  /** compared by `compare` and `calc --compare` (month figures summed over the period) */
  compared?: boolean;
  /** period money figures summed in calc's JSON totals (month money figures always are) */
  total?: boolean;
}

/** One step of the derivation of a unit's amounts (in the spirit of OpenFisca's trace). */
export interface Step {
  figure: string;
  description: string;
  formula: string;
  value: string;
  params: string[];
}

/** The amounts of one activity month of a unit: figure name → exact or already rounded value. */
export interface MonthAmounts {
  activityMonth: string;
  paymentMonth: string;
  values: Record<string, Decimal>;
}

/** One line of payment-lines.csv: a component of a unit's month with its basis and rate. */
export interface PaymentLineItem {
  activityMonth: string;
  paymentMonth: string;
  /** the figure name */
  component: string;
  /** an adjustment's code (ST, SÄBO…); '' otherwise */
  code: string;
  basis: Decimal | null;
  basisUnit: string;
  rate: Decimal | null;
  rateUnit: string;
  /** as it enters the net payment: subtracted components are negative */
  amount: Decimal;
  /** the figures whose assumed parameters the line carries */
  figures: readonly string[];
}

export interface UnitResult {
  clinic: Clinic;
  vardval: Vardval;
  months: MonthAmounts[];
  lines: PaymentLineItem[];
  /** figures over the period (scope 'period'); null when not computed for the unit */
  period: Record<string, Decimal | null>;
  /**
   * final: the period's figures are final; provisional: the period is not the whole year;
   * incomplete: the unit's input lacks a contracted month (see completeness.ts): shown, not paid
   */
  status: 'final' | 'provisional' | 'incomplete';
  steps: Step[];
  /** figure → parameter names it was computed from */
  dependsOn: Record<string, string[]>;
  /** model-specific detail for JSON (counts by type, by age band…): plain JSON values */
  detail: Record<string, unknown>;
}

/** A column of the summary table: its header, the cell of a unit, and what its TOTAL cell sums. */
interface SummaryColumn {
  header: string;
  get: (u: UnitResult, period: Period) => string;
  /** figures summed over the units for the TOTAL row (month figures over the months) */
  total?: readonly string[];
}

/** A column of explain's monthly table: the sum of some month figures. */
interface ExplainColumn {
  header: string;
  figures: readonly string[];
}

/** What the app hands a model: everything the run read, by input kind. */
export interface RunInputs {
  /** per unit id, whatever the reader of each kind aggregated (see app/run-calc.ts) */
  readonly byKind: ReadonlyMap<InputKind, ReadonlyMap<string, unknown>>;
  /** activity months (YYYY-MM) that have a listing snapshot in the run */
  readonly listingMonths: ReadonlySet<string>;
  /** units whose input is incomplete (a contracted month without rows, unacknowledged): nothing of them is final */
  readonly incomplete?: ReadonlySet<string>;
}

export interface Model {
  vardval: Vardval;
  /** its rule parameters are named `<namespace>.…` */
  namespace: string;
  /** Swedish name for readers */
  title: string;
  inputKinds: readonly InputKind[];
  figures: readonly FigureSpec[];
  summaryColumns: readonly SummaryColumn[];
  explainColumns: readonly ExplainColumn[];
  /** a per-unit period report written as its own CSV (physiotherapy: deductions.csv) */
  periodReport?: { file: string };
  /** whether the rules carry this model at all (a rule file without its section computes none of its units) */
  appliesTo: (p: ParamReader) => boolean;
  /** whether a unit is computed in the period (has a contract or data in it) */
  inPeriod: (unit: Clinic, inputs: RunInputs, period: Period) => boolean;
  compute: (unit: Clinic, inputs: RunInputs, period: Period, p: ParamReader) => UnitResult;
}

/** The figure names of a model by scope, in registry order. */
export function figuresOf(m: Model, scope: FigureSpec['scope']): FigureSpec[] {
  return m.figures.filter((f) => f.scope === scope);
}

/**
 * A unit's value of a figure: a period figure as computed, a month figure summed over its
 * months (already rounded amounts, so the sum needs no rounding); null when the unit's model
 * does not compute it.
 */
export function figureValue(u: UnitResult, f: FigureSpec): Decimal | null {
  if (f.scope === 'period') return u.period[f.name] ?? null;
  let acc: Decimal | null = null;
  for (const m of u.months) {
    const v = m.values[f.name];
    if (v !== undefined) acc = acc === null ? v : acc.plus(v);
  }
  return acc;
}

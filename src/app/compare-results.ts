import { assumedAmong } from '../rules/load.js';
import type { RuleSet } from '../rules/ruleset.js';
import { Decimal, ZERO, sum } from '../model/decimal.js';
import type { ClinicResult, DeductionStatus, PaymentRow } from '../model/physio.js';
import { runCalc, type CalcInput, type CalcResult } from './run-calc.js';

/**
 * Two calculations of the same activity side by side: a base (the year's rules, or an older
 * FFU year) and an alternative (a scenario, --set overrides, or the newer year). Used by
 * `calc --compare` and `compare`; the figures are the same code's, only subtracted here.
 */

export interface ComparedFigureSpec {
  name: string;
  kind: 'money' | 'quantity';
  /** the figures of the model whose assumed parameters this one carries */
  figures: readonly string[];
  get: (r: ClinicResult) => Decimal;
}

const paid = (f: (p: PaymentRow) => Decimal) => (r: ClinicResult): Decimal => sum(r.payments.map(f));

/** The figures compared, in column order. Money figures are already rounded by the model. */
export const COMPARED_FIGURES: readonly ComparedFigureSpec[] = [
  { name: 'visits_required', kind: 'quantity', figures: ['visits_required'], get: (r) => r.deduction.visitsRequired },
  { name: 'visits_counted', kind: 'quantity', figures: ['visits_counted'], get: (r) => r.deduction.visitsCounted },
  { name: 'visit_deduction', kind: 'money', figures: ['visit_deduction'], get: (r) => r.deduction.visitDeduction },
  { name: 'unique_patients_required', kind: 'quantity', figures: ['unique_patients_required'], get: (r) => r.deduction.uniquePatientsRequired },
  { name: 'unique_patients', kind: 'quantity', figures: ['unique_patients'], get: (r) => new Decimal(r.deduction.uniquePatients) },
  { name: 'unique_patient_deduction', kind: 'money', figures: ['unique_patient_deduction'], get: (r) => r.deduction.uniquePatientDeduction },
  { name: 'total_deduction', kind: 'money', figures: ['total_deduction'], get: (r) => r.deduction.totalDeduction },
  { name: 'fixed_compensation', kind: 'money', figures: ['fixed_compensation'], get: paid((p) => p.fixedCompensation) },
  { name: 'sal', kind: 'money', figures: ['sal'], get: paid((p) => p.sal) },
  { name: 'vat_compensation', kind: 'money', figures: ['vat_compensation'], get: paid((p) => p.vatCompensation) },
  { name: 'net_payment', kind: 'money', figures: ['net_payment'], get: paid((p) => p.netPayment) },
];

export interface ComparedValue {
  base: Decimal;
  alt: Decimal;
  /** alt − base */
  delta: Decimal;
}

export interface ComparisonRow {
  clinicId: string;
  clinicName: string;
  regi: string;
  status: DeductionStatus;
  /** 'both', or the side the clinic appears on alone (its figures are 0 on the other) */
  presentIn: 'both' | 'base' | 'alt';
  values: Record<string, ComparedValue>;
  /** assumed parameters behind the compared figures, on either side */
  assumed: string[];
}

export interface Comparison {
  base: CalcResult;
  alt: CalcResult;
  baseLabel: string;
  altLabel: string;
  rows: ComparisonRow[];
  total: Record<string, ComparedValue>;
}

/** A short name for a rule set as used: id, scenarios, --set overrides, and the activity year if it differs. */
export function ruleLabel(rules: RuleSet, activityYear: number): string {
  const parts = [rules.id];
  for (const s of rules.scenarios) parts.push(`scenario ${s.id}`);
  for (const o of rules.overrides) if (o.origin.kind === 'set') parts.push(`--set ${o.name}=${o.raw}`);
  const label = parts.join(' + ');
  return rules.year === activityYear ? label : `${label} applied to ${activityYear} activity`;
}

function compared(base: Decimal, alt: Decimal): ComparedValue {
  return { base, alt, delta: alt.minus(base) };
}

/** Pure: two results of the same activity → per-clinic rows and totals. */
export function compareResults(base: CalcResult, alt: CalcResult): Comparison {
  const byId = (r: CalcResult): Map<string, ClinicResult> => new Map(r.clinics.map((c) => [c.clinic.id, c]));
  const b = byId(base);
  const a = byId(alt);
  const ids = [...new Set([...b.keys(), ...a.keys()])].sort((x, y) => x.localeCompare(y));
  const rows = ids.map((id): ComparisonRow => {
    const rb = b.get(id);
    const ra = a.get(id);
    const any = (ra ?? rb)!;
    const values: Record<string, ComparedValue> = {};
    for (const f of COMPARED_FIGURES) values[f.name] = compared(rb ? f.get(rb) : ZERO, ra ? f.get(ra) : ZERO);
    const figures = COMPARED_FIGURES.flatMap((f) => f.figures);
    const assumed = [
      ...(rb ? assumedAmong(base.rules, figures.flatMap((f) => rb.dependsOn[f] ?? [])) : []),
      ...(ra ? assumedAmong(alt.rules, figures.flatMap((f) => ra.dependsOn[f] ?? [])) : []),
    ];
    return {
      clinicId: id,
      clinicName: any.clinic.name,
      regi: any.clinic.regi,
      status: any.deduction.status,
      presentIn: rb && ra ? 'both' : rb ? 'base' : 'alt',
      values,
      assumed: [...new Set(assumed)].sort(),
    };
  });
  const total: Record<string, ComparedValue> = {};
  for (const f of COMPARED_FIGURES)
    total[f.name] = compared(sum(rows.map((r) => r.values[f.name]!.base)), sum(rows.map((r) => r.values[f.name]!.alt)));
  return {
    base,
    alt,
    baseLabel: ruleLabel(base.rules, base.period.year),
    altLabel: ruleLabel(alt.rules, alt.period.year),
    rows,
    total,
  };
}

/**
 * Runs the same activity under two rule sets and compares them. The exports are read once
 * per rule set: what counts (statuses, professions, home county, zero weights) is decided
 * while reading and may differ between the two, so each side keeps its own row accounting.
 */
export async function runComparison(
  base: RuleSet,
  alt: RuleSet,
  input: Omit<CalcInput, 'rules' | 'activityYear' | 'onProgress'>,
  activityYear: number,
  /** a progress display per reading pass */
  startPass: () => { onProgress?: (rows: number, file: string) => void; done(): void } = () => ({ done: () => undefined }),
): Promise<Comparison> {
  const pass = async (rules: RuleSet): Promise<CalcResult> => {
    const progress = startPass();
    try {
      return await runCalc({ ...input, rules, activityYear, ...(progress.onProgress ? { onProgress: progress.onProgress } : {}) });
    } finally {
      progress.done();
    }
  };
  const baseResult = await pass(base);
  const altResult = await pass(alt);
  return compareResults(baseResult, altResult);
}

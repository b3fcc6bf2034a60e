import { assumedAmong } from '../rules/load.js';
import type { RuleSet } from '../rules/ruleset.js';
import { type Decimal, ZERO, sum } from '../model/decimal.js';
import { figureValue, type FigureSpec, type UnitResult } from '../model/model.js';
import { comparedFigures } from '../model/registry.js';
import { runCalcs, type CalcInput, type CalcResult } from './run-calc.js';

/**
 * Two calculations of the same activity side by side: a base (the year's rules, or an older
 * FFU year) and an alternative (a scenario, --set overrides, or the newer year). Used by
 * `calc --compare` and `compare`; the figures are the same code's, only subtracted here.
 */

/** The figures compared, in column order: the models' figures marked `compared` (money already rounded by the model). */
export const COMPARED_FIGURES: readonly FigureSpec[] = comparedFigures();

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
  status: UnitResult['status'];
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
function ruleLabel(rules: RuleSet, activityYear: number): string {
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
function compareResults(base: CalcResult, alt: CalcResult): Comparison {
  const byId = (r: CalcResult): Map<string, UnitResult> => new Map(r.clinics.map((c) => [c.clinic.id, c]));
  const b = byId(base);
  const a = byId(alt);
  const ids = [...new Set([...b.keys(), ...a.keys()])].sort((x, y) => x.localeCompare(y));
  const rows = ids.map((id): ComparisonRow => {
    const rb = b.get(id);
    const ra = a.get(id);
    const any = (ra ?? rb)!;
    const values: Record<string, ComparedValue> = {};
    const get = (u: UnitResult | undefined, f: FigureSpec): Decimal => (u ? figureValue(u, f) : null) ?? ZERO;
    for (const f of COMPARED_FIGURES) values[f.name] = compared(get(rb, f), get(ra, f));
    const figures = COMPARED_FIGURES.map((f) => f.name);
    const assumed = [
      ...(rb
        ? assumedAmong(
            base.rules,
            figures.flatMap((f) => rb.dependsOn[f] ?? []),
          )
        : []),
      ...(ra
        ? assumedAmong(
            alt.rules,
            figures.flatMap((f) => ra.dependsOn[f] ?? []),
          )
        : []),
    ];
    return {
      clinicId: id,
      clinicName: any.clinic.name,
      regi: any.clinic.regi,
      status: any.status,
      presentIn: rb && ra ? 'both' : rb ? 'base' : 'alt',
      values,
      assumed: [...new Set(assumed)].sort(),
    };
  });
  const total: Record<string, ComparedValue> = {};
  for (const f of COMPARED_FIGURES) total[f.name] = compared(sum(rows.map((r) => r.values[f.name]!.base)), sum(rows.map((r) => r.values[f.name]!.alt)));
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
 * Runs the same activity under two rule sets and compares them. The exports are read once for
 * both: what counts (statuses, professions, home county, zero weights) is decided per rule set
 * while reading, so each side keeps its own row accounting (see runCalcs).
 */
export async function runComparison(
  base: RuleSet,
  alt: RuleSet,
  input: Omit<CalcInput, 'rules' | 'activityYear' | 'onProgress'>,
  activityYear: number,
  /** the progress display of the reading */
  startProgress: () => { onProgress?: (rows: number, file: string) => void; done(): void } = () => ({ done: () => undefined }),
): Promise<Comparison> {
  const progress = startProgress();
  try {
    const [baseResult, altResult] = await runCalcs({ ...input, activityYear, ...(progress.onProgress ? { onProgress: progress.onProgress } : {}) }, [
      base,
      alt,
    ]);
    return compareResults(baseResult!, altResult!);
  } finally {
    progress.done();
  }
}

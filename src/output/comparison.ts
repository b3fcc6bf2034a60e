import type { ChalkInstance } from 'chalk';
import { formatMoney, formatQuantity, type Decimal } from '../model/decimal.js';
import { formatNumber, type Locale } from './locale.js';
import { monthKey } from '../model/period.js';
import { COMPARED_FIGURES, type Comparison, type ComparisonRow, type ComparedValue } from '../app/compare-results.js';
import type { Column } from './csv.js';
import { periodJson, rulesJson } from './json-header.js';
import { identityHolds } from './report.js';
import { table } from './summary.js';

const fmt = (kind: 'money' | 'quantity', d: Decimal): string => (kind === 'money' ? formatMoney(d) : formatQuantity(d, 2));

/** A signed difference for people: +40000.00, -570.00, 0.00. */
function signed(kind: 'money' | 'quantity', d: Decimal): string {
  const s = fmt(kind, d);
  return d.greaterThan(0) ? `+${s}` : s;
}

/** A comparison line: a clinic, or the total (clinic_id '*'). */
export interface ComparisonLine {
  clinicId: string;
  clinicName: string;
  regi: string;
  status: string;
  presentIn: string;
  values: Record<string, ComparedValue>;
  assumed: string;
}

export function comparisonLines(c: Comparison): ComparisonLine[] {
  const clinic = (r: ComparisonRow): ComparisonLine => ({ ...r, assumed: r.assumed.join(' ') });
  const all = [...new Set(c.rows.flatMap((r) => r.assumed))].sort();
  return [...c.rows.map(clinic), { clinicId: '*', clinicName: 'TOTAL', regi: '', status: '', presentIn: '', values: c.total, assumed: all.join(' ') }];
}

/** comparison.csv: per clinic and in total, each figure as <figure>_base, <figure>_alt, <figure>_delta. */
export const COMPARISON_COLUMNS: readonly Column<ComparisonLine>[] = [
  { name: 'clinic_id', kind: 'text', get: (l) => l.clinicId },
  { name: 'clinic_name', kind: 'text', get: (l) => l.clinicName },
  { name: 'regi', kind: 'text', get: (l) => l.regi },
  { name: 'status', kind: 'text', get: (l) => l.status },
  { name: 'present_in', kind: 'text', get: (l) => l.presentIn },
  ...COMPARED_FIGURES.flatMap((f): Column<ComparisonLine>[] => [
    { name: `${f.name}_base`, kind: 'number', get: (l) => fmt(f.kind, l.values[f.name]!.base) },
    { name: `${f.name}_alt`, kind: 'number', get: (l) => fmt(f.kind, l.values[f.name]!.alt) },
    { name: `${f.name}_delta`, kind: 'number', get: (l) => fmt(f.kind, l.values[f.name]!.delta) },
  ]),
  { name: 'assumed_parameters', kind: 'text', get: (l) => l.assumed },
];

export function comparisonJson(c: Comparison, tool: { name: string; version: string }): unknown {
  const values = (v: Record<string, ComparedValue>): Record<string, unknown> =>
    Object.fromEntries(
      COMPARED_FIGURES.map((f) => [f.name, { base: fmt(f.kind, v[f.name]!.base), alt: fmt(f.kind, v[f.name]!.alt), delta: fmt(f.kind, v[f.name]!.delta) }]),
    );
  const p = c.alt.period;
  const acc = (r: Comparison['base']): unknown => ({ rows_read: r.total.rowsRead, counted: r.total.counted, identity_holds: identityHolds(r.total) });
  return {
    tool,
    activity_year: p.year,
    period: periodJson(p),
    base: { label: c.baseLabel, rules: rulesJson(c.base.rules), accounting: acc(c.base) },
    alt: { label: c.altLabel, rules: rulesJson(c.alt.rules), accounting: acc(c.alt) },
    clinics: c.rows.map((r) => ({
      clinic_id: r.clinicId,
      clinic_name: r.clinicName,
      regi: r.regi,
      status: r.status,
      present_in: r.presentIn,
      figures: values(r.values),
      assumed_parameters: r.assumed,
    })),
    totals: values(c.total),
  };
}

/** The readable comparison: per clinic the deduction and the net payment, base → alternative. */
export function renderComparison(c: Comparison, title: string, s: ChalkInstance, locale: Locale = 'en'): string {
  const p = c.alt.period;
  const out: string[] = [];
  out.push(s.bold(`${title} — activity ${monthKey(p.year, p.fromMonth)} … ${monthKey(p.year, p.toMonth)}`));
  out.push(`  base: ${c.baseLabel}`);
  out.push(`  alt:  ${c.altLabel}`);
  if (p.fromMonth !== 1 || p.toMonth !== 12)
    out.push(s.yellow('  deductions provisional (period is not the whole year): they are shown but not in the net payment'));
  out.push('');
  const row = (id: string, name: string, v: Record<string, ComparedValue>): string[] => {
    const d = v.total_deduction!;
    const n = v.net_payment!;
    const amounts = [formatMoney(d.base), formatMoney(d.alt), signed('money', d.delta), formatMoney(n.base), formatMoney(n.alt), signed('money', n.delta)];
    return [id, name.length > 30 ? `${name.slice(0, 29)}…` : name, ...amounts.map((a) => formatNumber(a, locale))];
  };
  const rows = c.rows.map((r) => row(r.clinicId, r.clinicName + (r.presentIn === 'both' ? '' : ` (${r.presentIn} only)`), r.values));
  rows.push(row('TOTAL', '', c.total));
  out.push(table(rows, ['clinic', 'name', 'deduction base', 'deduction alt', 'Δ deduction', 'net base', 'net alt', 'Δ net']));
  const changed = c.alt.rules.overrides;
  if (changed.length) {
    out.push('');
    out.push('Parameters overlaid in alt:');
    for (const o of changed) out.push(s.cyan(`  ${o.name} = ${o.raw} (was ${o.previous}) [${o.status}] ${o.source}`));
  }
  const assumed = [...new Set(c.rows.flatMap((r) => r.assumed))].sort();
  if (assumed.length) out.push(s.yellow(`Assumed parameters in play (confirm before money moves): ${assumed.join(', ')}`));
  return `${out.join('\n')}\n`;
}

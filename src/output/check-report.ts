import type { ChalkInstance } from 'chalk';
import type { CheckOutcome, Difference } from '../app/regression.js';
import { formatNumber, type Locale } from './locale.js';
import { MONEY_COLUMNS } from './report.js';
import { table } from './summary.js';

/**
 * The groups a regression diff is read in, most serious first: whole rows missing or extra,
 * money, the other figures (FTE, visits, patients, text), then assumed-parameter lists that
 * changed (a parameter confirmed since the baseline changes many rows and no krona).
 */
const DIFFERENCE_GROUPS = ['rows', 'money', 'figures', 'assumed_parameters'] as const;
export type DifferenceGroup = (typeof DIFFERENCE_GROUPS)[number];

const TITLES: Record<DifferenceGroup, string> = {
  rows: 'Rows missing or extra',
  money: 'Money',
  figures: 'Other figures',
  assumed_parameters: 'Assumed-parameter changes',
};

function groupOf(d: Difference): DifferenceGroup {
  if (d.column === null) return 'rows';
  if (MONEY_COLUMNS.has(d.column)) return 'money';
  if (d.column === 'assumed_parameters') return 'assumed_parameters';
  return 'figures';
}

/** Per group: the number of differences and the count per column (rows: per kind), for the JSON and the headings. */
export function differenceCounts(differences: readonly Difference[]): Record<DifferenceGroup, { count: number; by_column: Record<string, number> }> {
  const out = Object.fromEntries(DIFFERENCE_GROUPS.map((g) => [g, { count: 0, by_column: {} as Record<string, number> }])) as Record<
    DifferenceGroup,
    { count: number; by_column: Record<string, number> }
  >;
  for (const d of differences) {
    const g = out[groupOf(d)];
    const col = d.column ?? d.kind;
    g.count++;
    g.by_column[col] = (g.by_column[col] ?? 0) + 1;
  }
  for (const g of Object.values(out)) g.by_column = Object.fromEntries(Object.entries(g.by_column).sort(([a, x], [b, y]) => y - x || a.localeCompare(b)));
  return out;
}

/** Long text (a list of parameter names) is shortened in the table; --format json has it whole. */
const cut = (s: string): string => (s.length > 40 ? `${s.slice(0, 39)}…` : s);

/** check's readable outcome: OK, or MISMATCH and the differences in groups, each with a count per column. */
export function renderCheckOutcome(c: CheckOutcome, colour: ChalkInstance, locale: Locale = 'en'): string {
  const files = c.baseline.map((b) => `${b.file} (${b.rows} rows)`).join(', ');
  const tolerance = `tolerance ${formatNumber(c.tolerance, locale)} kr`;
  if (c.ok) return `${colour.green(`OK: the recomputed figures match the baseline ${files}, ${tolerance}`)}\n`;
  const out = [colour.red(`MISMATCH: ${c.differences.length} difference${c.differences.length === 1 ? '' : 's'} from the baseline ${files}, ${tolerance}`)];
  const counts = differenceCounts(c.differences);
  const num = (d: Difference, s: string): string => (d.column !== null && MONEY_COLUMNS.has(d.column) ? formatNumber(s, locale) : s);
  for (const g of DIFFERENCE_GROUPS) {
    const ds = c.differences.filter((d) => groupOf(d) === g);
    if (ds.length === 0) continue;
    const perColumn = Object.entries(counts[g].by_column)
      .map(([k, n]) => `${k} ${n}`)
      .join(', ');
    out.push('', colour.bold(`${TITLES[g]}: ${ds.length} (${perColumn})`));
    out.push(
      table(
        ds.map((d) => [
          d.file,
          d.clinic_id,
          d.activity_month ?? '',
          d.column ?? '(row)',
          d.kind === 'missing' ? 'present' : d.kind === 'extra' ? '-' : num(d, cut(d.baseline!)),
          d.kind === 'missing' ? 'missing' : d.kind === 'extra' ? 'extra' : num(d, cut(d.now!)),
          d.delta === null ? '' : num(d, d.delta),
        ]),
        ['file', 'clinic', 'month', 'column', 'baseline', 'now', 'delta'],
      ),
    );
  }
  return `${out.join('\n')}\n`;
}

import type { ChalkInstance } from 'chalk';
import { ZERO, formatMoney, sum } from '../model/decimal.js';
import { figureValue } from '../model/model.js';
import { MODELS } from '../model/registry.js';
import { monthKey } from '../model/period.js';
import type { CalcResult } from '../app/run-calc.js';
import { formatNumber, type Locale } from './locale.js';
import { assumedInPlay, identityHolds } from './report.js';

/** Text from input files as a terminal should show it: control characters as '?'. */
export function printable(text: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: the control characters are what is replaced
  return text.replace(/[\u0000-\u001f\u007f-\u009f]/g, '?');
}

/** A clinic name as the summary table shows it: printable, at most 34 characters. */
function shortName(name: string): string {
  const clean = printable(name);
  return clean.length > 34 ? `${clean.slice(0, 33)}…` : clean;
}

/** Pads a table: first column left, the rest right-aligned. */
export function table(rows: string[][], header: string[]): string {
  const all = [header, ...rows];
  const widths = header.map((_, i) => Math.max(...all.map((r) => (r[i] ?? '').length)));
  const fmt = (r: string[]): string =>
    r
      .map((c, i) => (i <= 1 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!)))
      .join('  ')
      .trimEnd();
  return [fmt(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(fmt)].join('\n');
}

/** The readable summary of `calc` for an analyst. */
export function renderSummary(result: CalcResult, c: ChalkInstance, locale: Locale = 'en'): string {
  const { rules, period } = result;
  const out: string[] = [];
  const whole = period.fromMonth === 1 && period.toMonth === 12;
  out.push(
    c.bold(`vardval calc — ${rules.title} (${rules.id}), ${monthKey(period.year, period.fromMonth)} … ${monthKey(period.year, period.toMonth)}`) +
      (whole ? '' : c.yellow('  deductions provisional (period is not the whole year)')),
  );
  const incomplete = result.clinics.filter((r) => r.status === 'incomplete').length;
  if (incomplete > 0)
    out.push(
      c.red(
        `Input incomplete for ${incomplete} clinic${incomplete === 1 ? '' : 's'}: their deductions are not final and not paid (see the completeness block on stderr and completeness.csv)`,
      ),
    );
  if (result.monthsWithoutListing.length > 0)
    out.push(
      c.yellow(
        `No listing snapshot for ${result.monthsWithoutListing.join(', ')}: no vårdcentral capitation for ${result.monthsWithoutListing.length === 1 ? 'that month' : 'those months'}`,
      ),
    );
  if (result.vardcentralUnitsWithoutListing > 0)
    out.push(
      c.yellow(
        `${result.vardcentralUnitsWithoutListing} vårdcentral unit${result.vardcentralUnitsWithoutListing === 1 ? '' : 's'} of the register not computed: no listing snapshot among the inputs`,
      ),
    );
  if (result.monthsWithoutData.length > 0) out.push(c.yellow(`No rows at all for ${result.monthsWithoutData.join(', ')}: is an export missing?`));
  const present = MODELS.filter((m) => result.clinics.some((r) => r.vardval === m.vardval));
  for (const m of present.length ? present : MODELS.slice(0, 1)) {
    const units = result.clinics.filter((r) => r.vardval === m.vardval);
    const rows = units.map((r) => [
      r.clinic.id,
      shortName(r.clinic.name),
      r.clinic.regi,
      ...m.summaryColumns.map((col) => col.get(r, period)),
      formatMoney(sum(r.months.map((p) => p.values.net_payment!))),
    ]);
    const total = (figures: readonly string[]): string =>
      formatMoney(sum(figures.flatMap((name) => units.map((r) => figureValue(r, m.figures.find((f) => f.name === name)!) ?? ZERO))));
    rows.push(['TOTAL', '', '', ...m.summaryColumns.map((col) => (col.total ? total(col.total) : '')), total(['net_payment'])]);
    // the figures in the reader's locale: each number of a cell, "1500.5 / 1200" too (text such as a status stays)
    const local = (cell: string): string =>
      cell
        .split(' / ')
        .map((x) => formatNumber(x, locale))
        .join(' / ');
    for (const row of rows) for (let i = 3; i < row.length; i++) row[i] = local(row[i]!);
    // a heading per vårdval only when the run has more than one
    if (present.length > 1) out.push('', c.bold(m.title));
    out.push(table(rows, ['clinic', 'name', 'regi', ...m.summaryColumns.map((col) => col.header), 'net payment']));
  }
  const a = result.total;
  const ex = Object.entries(a.excluded)
    .sort(([x], [y]) => x.localeCompare(y))
    .map(([k, v]) => `${k} ${v}`)
    .join(', ');
  const rj = Object.entries(a.rejected)
    .sort(([x], [y]) => x.localeCompare(y))
    .map(([k, v]) => `${k} ${v}`)
    .join(', ');
  const exN = Object.values(a.excluded).reduce((s, n) => s + n, 0);
  const rjN = Object.values(a.rejected).reduce((s, n) => s + n, 0);
  out.push('');
  out.push(`Rows read ${a.rowsRead} = counted ${a.counted} + excluded ${exN} + rejected ${rjN}${identityHolds(a) ? '' : c.red('  (DOES NOT ADD UP)')}`);
  if (ex) out.push(`  excluded: ${ex}`);
  if (rj) out.push(c.yellow(`  rejected: ${rj} (see rejects.csv)`));
  if (a.reserveIds) out.push(`  rows with reserve ids (not personnummer): ${a.reserveIds}`);
  if (result.files.length > 1)
    for (const f of result.files) {
      const fx = Object.values(f.excluded).reduce((s, n) => s + n, 0);
      const fr = Object.values(f.rejected).reduce((s, n) => s + n, 0);
      out.push(
        `  ${f.file} (${f.profile}, ${f.encoding}): read ${f.rowsRead} = counted ${f.counted} + excluded ${fx} + rejected ${fr}${identityHolds(f) ? '' : c.red('  (DOES NOT ADD UP)')}`,
      );
    }
  for (const r of result.clinics) for (const w of (r.detail.warnings as string[] | undefined) ?? []) out.push(c.yellow(`${r.clinic.id}: ${w}`));
  for (const o of rules.overrides)
    out.push(c.cyan(`Override: ${o.name} = ${o.raw} (was ${o.previous}; ${o.origin.kind}${o.origin.file ? ` ${o.origin.file}` : ''})`));
  const assumed = assumedInPlay(result);
  if (assumed.length) out.push(c.yellow(`Assumed parameters in play (confirm against the signed FFU before money moves): ${assumed.join(', ')}`));
  return `${out.join('\n')}\n`;
}

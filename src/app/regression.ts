import { type Decimal, formatMoney, parseDecimalLiteral } from '../model/decimal.js';
import { InputError } from '../input/errors.js';
import { toCsv, type Column } from '../output/csv.js';
import type { CheckResultJson, DifferenceJson } from '../output/json-schemas.js';
import { DEDUCTION_COLUMNS, MONEY_COLUMNS, PAYMENT_COLUMNS, deductionLines, paymentLines } from '../output/report.js';
import type { CalcResult } from './run-calc.js';
import { BASELINE_FILES, parseCsvTable, type BaselineKind, type BaselineTable } from './baseline.js';

/**
 * One difference between the baseline and the recomputed figures; the outcome of a check. Their
 * shape is the check JSON's (src/output/json-schemas.ts), which documents every field.
 */
export type Difference = DifferenceJson;
type TableSummary = CheckResultJson['baseline'][number];
export type CheckOutcome = Omit<CheckResultJson, 'tool' | 'groups'>;

interface Spec {
  columns: readonly Column<never>[];
  keys: readonly string[];
}

const SPECS: Record<BaselineKind, Spec> = {
  'payment-basis': { columns: PAYMENT_COLUMNS as readonly Column<never>[], keys: ['clinic_id', 'activity_month'] },
  deductions: { columns: DEDUCTION_COLUMNS as readonly Column<never>[], keys: ['clinic_id'] },
};

export function knownColumns(): Set<string> {
  return new Set(Object.values(SPECS).flatMap((s) => s.columns.map((c) => c.name)));
}

/**
 * The baseline's header must be the current header, column for column: a renamed, missing,
 * extra or reordered column would compare figures of different meaning, so it is an error.
 * Columns the current output has appended after the baseline's last one are new figures with
 * nothing to compare against; they are reported, not compared.
 */
function checkHeader(t: BaselineTable, expected: readonly string[]): string[] {
  const seen = new Set<string>();
  for (const h of t.header) {
    if (seen.has(h)) throw new InputError(t.file, `column '${h}' appears twice in the header`, 1, h);
    seen.add(h);
  }
  const name = BASELINE_FILES[t.kind];
  for (let i = 0; i < t.header.length; i++) {
    const h = t.header[i]!;
    const want = expected[i];
    if (h === want) continue;
    const where = `column ${i + 1}`;
    if (!expected.includes(h))
      throw new InputError(t.file, `${where} '${h}' is not a column of ${name} (renamed or removed?); the current columns are: ${expected.join(', ')}`, 1, h);
    if (want !== undefined && !t.header.includes(want))
      throw new InputError(t.file, `${where}: the baseline lacks '${want}' (it has '${h}' there); the current columns are: ${expected.join(', ')}`, 1, h);
    throw new InputError(
      t.file,
      `${where} is '${h}' but ${name} has '${want ?? '(nothing)'}' there: the columns are in another order; the current columns are: ${expected.join(', ')}`,
      1,
      h,
    );
  }
  return expected.slice(t.header.length);
}

/** Checks every baseline header before the (long) recomputation; the comparison checks them again. */
export function checkHeaders(tables: readonly BaselineTable[]): void {
  for (const t of tables)
    checkHeader(
      t,
      SPECS[t.kind].columns.map((c) => c.name),
    );
}

function number(cell: string, file: string, line: number, column: string): Decimal {
  // excel-sv writes a decimal comma
  const d = parseDecimalLiteral(cell.replace(',', '.'));
  if (!d) throw new InputError(file, `'${cell}' is not a number`, line, column);
  return d;
}

/** Text columns holding a space-separated set of names: compared as sets; the delta is what was added (+) and removed (-). */
const SET_COLUMNS: ReadonlySet<string> = new Set(['assumed_parameters']);

function setDelta(baseline: string, now: string): string {
  const b = new Set(baseline.split(' ').filter(Boolean));
  const n = new Set(now.split(' ').filter(Boolean));
  return [
    ...[...n]
      .filter((x) => !b.has(x))
      .sort()
      .map((x) => `+${x}`),
    ...[...b]
      .filter((x) => !n.has(x))
      .sort()
      .map((x) => `-${x}`),
  ].join(' ');
}

interface Row {
  line: number | null;
  cells: Map<string, string>;
}

function keyed(rows: readonly { line: number | null; cells: string[] }[], header: readonly string[], keys: readonly string[], file: string): Map<string, Row> {
  const out = new Map<string, Row>();
  for (const r of rows) {
    const cells = new Map(header.map((h, i) => [h, r.cells[i] ?? '']));
    const key = keys.map((k) => cells.get(k) ?? '').join('\u0000');
    if (keys.some((k) => (cells.get(k) ?? '') === '')) throw new InputError(file, `a row without ${keys.join(' and ')}`, r.line ?? undefined);
    if (out.has(key)) throw new InputError(file, `a second row for ${keys.map((k) => `${k} ${cells.get(k)}`).join(', ')}`, r.line ?? undefined);
    out.set(key, { line: r.line, cells });
  }
  return out;
}

/** Compares one baseline table with the recomputed rows of the same report. */
function compareTable(
  t: BaselineTable,
  current: string,
  tolerance: Decimal,
  ignored: ReadonlySet<string>,
): { summary: TableSummary; differences: Difference[] } {
  const spec = SPECS[t.kind];
  const expected = spec.columns.map((c) => c.name);
  const added = checkHeader(t, expected);
  const file = BASELINE_FILES[t.kind];
  // the recomputed rows go through the same writer and parser as the baseline's, so both sides are cells of one dialect
  const now = parseCsvTable(current, t.dialect, `(recomputed ${file})`);
  const base = keyed(t.rows, t.header, spec.keys, t.file);
  const fresh = keyed(
    now.rows.map((r) => ({ line: null, cells: r.cells })),
    now.header,
    spec.keys,
    file,
  );
  const kinds = new Map(spec.columns.map((c) => [c.name, c.kind]));
  const compared = t.header.filter((h) => !spec.keys.includes(h) && !ignored.has(h));
  const differences: Difference[] = [];
  const id = (r: Row): Pick<Difference, 'clinic_id' | 'activity_month'> => ({
    clinic_id: r.cells.get('clinic_id')!,
    activity_month: spec.keys.includes('activity_month') ? r.cells.get('activity_month')! : null,
  });
  const keys = [...new Set([...base.keys(), ...fresh.keys()])].sort();
  for (const key of keys) {
    const b = base.get(key);
    const n = fresh.get(key);
    if (!n) {
      differences.push({ file, ...id(b!), column: null, kind: 'missing', baseline: null, now: null, delta: null, line: b!.line });
      continue;
    }
    if (!b) {
      differences.push({ file, ...id(n), column: null, kind: 'extra', baseline: null, now: null, delta: null, line: null });
      continue;
    }
    for (const col of compared) {
      const bc = b.cells.get(col)!;
      const nc = n.cells.get(col)!;
      if (kinds.get(col) === 'number' && (bc === '' || nc === '')) {
        // a figure the row's vårdval does not have is empty
        if (bc !== nc) differences.push({ file, ...id(b), column: col, kind: 'changed', baseline: bc, now: nc, delta: null, line: b.line });
      } else if (kinds.get(col) === 'number') {
        const bd = number(bc, t.file, b.line!, col);
        const nd = number(nc, file, 0, col);
        const delta = nd.minus(bd);
        const money = MONEY_COLUMNS.has(col);
        if (money ? delta.abs().lessThanOrEqualTo(tolerance) : delta.isZero()) continue;
        const show = (d: Decimal): string => (money ? formatMoney(d) : d.toString());
        differences.push({ file, ...id(b), column: col, kind: 'changed', baseline: show(bd), now: show(nd), delta: show(delta), line: b.line });
      } else if (SET_COLUMNS.has(col)) {
        const delta = setDelta(bc, nc);
        if (delta !== '') differences.push({ file, ...id(b), column: col, kind: 'changed', baseline: bc, now: nc, delta, line: b.line });
      } else if (bc !== nc) {
        differences.push({ file, ...id(b), column: col, kind: 'changed', baseline: bc, now: nc, delta: null, line: b.line });
      }
    }
  }
  return { summary: { file: t.file, kind: t.kind, dialect: t.dialect, rows: t.rows.length, added_columns: added }, differences };
}

/**
 * Compares a recomputed result with stored reports, per clinic (and activity month) and
 * column. Money columns differ when |now − baseline| exceeds the tolerance (kronor); other
 * numbers must be equal as decimals ("1.50" equals "1.5"); text must be equal exactly.
 */
export function compareWithBaseline(result: CalcResult, tables: readonly BaselineTable[], tolerance: Decimal, ignored: ReadonlySet<string>): CheckOutcome {
  const render: Record<BaselineKind, (t: BaselineTable) => string> = {
    'payment-basis': (t) => toCsv(PAYMENT_COLUMNS, paymentLines(result), t.dialect),
    deductions: (t) => toCsv(DEDUCTION_COLUMNS, deductionLines(result), t.dialect),
  };
  const parts = tables.map((t) => compareTable(t, render[t.kind](t), tolerance, ignored));
  const differences = parts.flatMap((p) => p.differences);
  return {
    ok: differences.length === 0,
    tolerance: formatMoney(tolerance),
    ignored_columns: [...ignored].sort(),
    baseline: parts.map((p) => p.summary),
    differences,
  };
}

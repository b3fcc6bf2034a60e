import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { InputError } from '../input/errors.js';
import type { CsvDialect } from '../output/csv.js';
import { DEDUCTION_COLUMNS, PAYMENT_COLUMNS } from '../output/report.js';

/**
 * A stored payment basis or deduction report to check a new run against: a previous run's
 * output or finance's signed figures (in either CSV dialect).
 */
export type BaselineKind = 'payment-basis' | 'deductions';

export const BASELINE_FILES = { 'payment-basis': 'payment-basis.csv', deductions: 'deductions.csv' } as const satisfies Record<BaselineKind, string>;

export interface CsvTable {
  header: string[];
  /** line = the line the record starts on in the file (the header is line 1) */
  rows: { line: number; cells: string[] }[];
}

export interface BaselineTable extends CsvTable {
  kind: BaselineKind;
  file: string;
  dialect: CsvDialect;
}

/** The dialect a file was written in: excel-sv has a BOM and semicolons. */
function dialectOf(text: string): CsvDialect {
  if (text.startsWith('\uFEFF')) return 'excel-sv';
  const first = text.slice(0, text.indexOf('\n') === -1 ? undefined : text.indexOf('\n'));
  return first.includes(';') && !first.includes(',') ? 'excel-sv' : 'machine';
}

/**
 * Parses a CSV written by this tool in `dialect`; every row must have as many fields as the
 * header. The tool's reports have no line breaks inside cells, so a record's line is where it ends.
 */
export function parseCsvTable(text: string, dialect: CsvDialect, file: string): CsvTable {
  let records: { record: string[]; info: { lines: number } }[];
  try {
    records = parse(text, { delimiter: dialect === 'excel-sv' ? ';' : ',', bom: true, info: true, skip_empty_lines: true }) as unknown as typeof records;
  } catch (e) {
    const err = e as Error & { lines?: number };
    throw new InputError(file, `not a readable CSV file: ${err.message}`, err.lines);
  }
  if (records.length === 0) throw new InputError(file, 'the file is empty (expected a header row)', 1);
  return {
    header: records[0]!.record,
    rows: records.slice(1).map((r) => ({ line: r.info.lines, cells: r.record })),
  };
}

/** Which report a header belongs to: the one whose columns it shares most of. */
function kindOf(header: readonly string[], file: string): BaselineKind {
  const overlap = (names: readonly string[]): number => header.filter((h) => names.includes(h)).length;
  const pay = overlap(PAYMENT_COLUMNS.map((c) => c.name));
  const ded = overlap(DEDUCTION_COLUMNS.map((c) => c.name));
  if (Math.max(pay, ded) < 2 || pay === ded)
    throw new InputError(file, 'the header is neither a payment basis (payment-basis.csv) nor a deduction report (deductions.csv)', 1);
  return pay > ded ? 'payment-basis' : 'deductions';
}

function readTable(file: string, kind?: BaselineKind): BaselineTable {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new InputError(file, `cannot read the baseline (${(e as NodeJS.ErrnoException).code ?? String(e)})`);
  }
  const dialect = dialectOf(text);
  const table = parseCsvTable(text, dialect, file);
  return { ...table, kind: kind ?? kindOf(table.header, file), file, dialect };
}

/**
 * `--baseline DIR_OR_FILE`: a directory with payment-basis.csv and/or deductions.csv (what
 * `vardval calc --out DIR` writes), or one such file under any name (recognised from its header).
 */
export function readBaseline(path: string): BaselineTable[] {
  if (!existsSync(path)) throw new InputError(path, 'no such baseline file or directory');
  if (!statSync(path).isDirectory()) return [readTable(path)];
  const tables = (Object.entries(BASELINE_FILES) as [BaselineKind, string][])
    .filter(([, name]) => existsSync(join(path, name)))
    .map(([kind, name]) => readTable(join(path, name), kind));
  if (tables.length === 0) throw new InputError(path, `the baseline directory holds neither ${Object.values(BASELINE_FILES).join(' nor ')}`);
  return tables;
}

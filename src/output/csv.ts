/** How CSV files are written. `machine` is the default contract; `excel-sv` opens as numbers in Swedish Excel/LibreOffice. */
export type CsvDialect = 'machine' | 'excel-sv';
export const CSV_DIALECTS: readonly CsvDialect[] = ['machine', 'excel-sv'];

export interface Column<R> {
  name: string;
  /** numbers get the dialect's decimal mark; text is neutralised against formula injection */
  kind: 'text' | 'number';
  get: (row: R) => string;
}

/**
 * Characters that make a spreadsheet read a cell as a formula (OWASP "CSV injection"): = + - @,
 * tab and carriage return, and their full-width forms, which some spreadsheets fold to ASCII.
 */
const FORMULA_START = /^[=+\-@\t\r\uff1d\uff0b\uff0d\uff20]/;

/** A text cell that a spreadsheet would read as a formula is prefixed with an apostrophe. */
export function neutralise(cell: string): string {
  return FORMULA_START.test(cell) ? `'${cell}` : cell;
}

/**
 * A cell is quoted when it holds the delimiter, a quote or a line break of either kind (so a
 * multi-line rejected row or clinic name stays one cell, in an LF file and a CRLF file alike),
 * with its quotes doubled (RFC 4180). Written here rather than with csv-stringify: the same bytes
 * (test/csv-writer.test.ts holds them to csv-stringify), without loading and warming up a library
 * on every start (about 10 ms of a 0.3 s run).
 */
const NEEDS_QUOTES = /["\r\n]/;

function cell(value: string, delimiter: string): string {
  if (!value.includes(delimiter) && !NEEDS_QUOTES.test(value)) return value;
  return `"${value.replaceAll('"', '""')}"`;
}

function record(values: readonly string[], delimiter: string, eol: string): string {
  return values.map((v) => cell(v ?? '', delimiter)).join(delimiter) + eol;
}

function dialectOptions(d: CsvDialect): { delimiter: string; eol: string; bom: string; decimal: (s: string) => string } {
  return d === 'excel-sv'
    ? { delimiter: ';', eol: '\r\n', bom: '\uFEFF', decimal: (s) => s.replace('.', ',') }
    : { delimiter: ',', eol: '\n', bom: '', decimal: (s) => s };
}

function cells<R>(columns: readonly Column<R>[], row: R, d: ReturnType<typeof dialectOptions>): string[] {
  return columns.map((c) => (c.kind === 'number' ? d.decimal(c.get(row)) : neutralise(c.get(row))));
}

export function csvHeader<R>(columns: readonly Column<R>[], dialect: CsvDialect): string {
  const d = dialectOptions(dialect);
  return (
    d.bom +
    record(
      columns.map((c) => c.name),
      d.delimiter,
      d.eol,
    )
  );
}

export function csvRows<R>(columns: readonly Column<R>[], rows: readonly R[], dialect: CsvDialect): string {
  const d = dialectOptions(dialect);
  let out = '';
  for (const r of rows) out += record(cells(columns, r, d), d.delimiter, d.eol);
  return out;
}

export function toCsv<R>(columns: readonly Column<R>[], rows: readonly R[], dialect: CsvDialect): string {
  return csvHeader(columns, dialect) + csvRows(columns, rows, dialect);
}

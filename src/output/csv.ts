import { stringify } from 'csv-stringify/sync';

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
 * csv-stringify quotes a field with the delimiter, a quote or the record delimiter, but not a
 * lone line break of the other kind (a newline in a CRLF file, a CR in an LF file): quote them
 * too, so a multi-line rejected row or clinic name stays one cell.
 */
const QUOTE_ALSO = /[\r\n]/;

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
  return d.bom + stringify([columns.map((c) => c.name)], { delimiter: d.delimiter, record_delimiter: d.eol, quoted_match: QUOTE_ALSO });
}

export function csvRows<R>(columns: readonly Column<R>[], rows: readonly R[], dialect: CsvDialect): string {
  const d = dialectOptions(dialect);
  if (rows.length === 0) return '';
  return stringify(
    rows.map((r) => cells(columns, r, d)),
    { delimiter: d.delimiter, record_delimiter: d.eol, quoted_match: QUOTE_ALSO },
  );
}

export function toCsv<R>(columns: readonly Column<R>[], rows: readonly R[], dialect: CsvDialect): string {
  return csvHeader(columns, dialect) + csvRows(columns, rows, dialect);
}

// types only: exceljs is loaded when a workbook is written, not at every start (it was 0.4 s of a 1-row calc)
import type ExcelJS from 'exceljs';
import { Decimal, sum } from '../model/decimal.js';
import { displayValue } from '../rules/diff.js';
import type { RuleSet } from '../rules/ruleset.js';
import { COMPLETENESS_COLUMNS, completenessLines } from './completeness.js';
import type { Column } from './csv.js';
import type { CalcResult } from '../app/run-calc.js';
import {
  ACCOUNTING_COLUMNS,
  DEDUCTION_COLUMNS,
  MONEY_COLUMNS,
  PAYMENT_COLUMNS,
  PAYMENT_LINE_COLUMNS,
  accountingLines,
  assumedInPlay,
  componentLines,
  deductionLines,
  displayPath,
  paymentLines,
  type PaymentLine,
} from './report.js';

/**
 * The finance workbook (`--xlsx FILE`): one sheet per output file, amounts as numbers with a
 * kronor format, a frozen header, an autofilter, a totals row, and the assumed parameters on
 * their own sheet.
 *
 * A spreadsheet number is a double: the amounts are written as numbers converted from the
 * exact decimal strings of the CSV (exact to the öre up to about 90 000 000 000 kr), so Excel
 * can sum and filter them; the CSV and JSON files remain the exact record.
 */

/** Money: thousands separators and two decimals; Excel shows them in its own locale (sv: 1 206 754,84). */
const MONEY_FORMAT = '#,##0.00';
/** Quantities (FTE, visits, patients) are shown with two decimals, counts as integers, line numbers plain. */
const QUANTITY_FORMAT = '#,##0.00';
const COUNT_FORMAT = '#,##0';
const PLAIN_FORMAT = '0';

interface SheetSpec<R> {
  name: string;
  columns: readonly Column<R>[];
  rows: readonly R[];
  /** the totals row sums these columns (default: the money columns) */
  totals?: readonly string[];
}

/** money: the money figures, and the amount of a payment line */
const isMoney = (name: string): boolean => MONEY_COLUMNS.has(name) || name === 'amount';

function numberFormat<R>(c: Column<R>, rows: readonly R[]): string {
  if (isMoney(c.name)) return MONEY_FORMAT;
  if (c.name === 'line') return PLAIN_FORMAT;
  // an empty cell is a figure the row's vårdval does not have
  return rows.every((r) => c.get(r) === '' || /^-?\d+$/.test(c.get(r))) ? COUNT_FORMAT : QUANTITY_FORMAT;
}

function columnLetter(n: number): string {
  let s = '';
  for (let i = n; i > 0; i = Math.floor((i - 1) / 26)) s = String.fromCharCode(65 + ((i - 1) % 26)) + s;
  return s;
}

function addSheet<R>(wb: ExcelJS.Workbook, spec: SheetSpec<R>): void {
  const ws = wb.addWorksheet(spec.name, { views: [{ state: 'frozen', ySplit: 1, xSplit: 0 }] });
  const formats = spec.columns.map((c) => (c.kind === 'number' ? numberFormat(c, spec.rows) : undefined));
  ws.columns = spec.columns.map((c, i) => ({
    header: c.name,
    key: c.name,
    width: Math.min(60, Math.max(c.name.length + 2, ...spec.rows.slice(0, 200).map((r) => c.get(r).length + 2))),
    ...(formats[i] ? { style: { numFmt: formats[i] } } : {}),
  }));
  ws.getRow(1).font = { bold: true };
  for (const r of spec.rows) ws.addRow(spec.columns.map((c) => (c.kind === 'number' ? (c.get(r) === '' ? null : Number(c.get(r))) : c.get(r))));
  const last = spec.rows.length + 1;
  ws.autoFilter = { from: { row: 1, column: 1 }, to: { row: last, column: spec.columns.length } };
  const summed = new Set(spec.totals ?? spec.columns.filter((c) => isMoney(c.name)).map((c) => c.name));
  if (summed.size === 0) return;
  // SUBTOTAL(109, …) sums the rows the autofilter shows; the cached result is the exact sum
  const totals = ws.addRow(
    spec.columns.map((c, i) => {
      if (i === 0) return 'TOTAL';
      if (!summed.has(c.name)) return null;
      const exact = sum(spec.rows.filter((r) => c.get(r) !== '').map((r) => new Decimal(c.get(r))));
      const col = columnLetter(i + 1);
      return { formula: `SUBTOTAL(109,${col}2:${col}${last})`, result: exact.toNumber() };
    }),
  );
  totals.font = { bold: true };
  formats.forEach((f, i) => {
    if (f) totals.getCell(i + 1).numFmt = f;
  });
}

/** A sheet of any row type, for the list of a workbook's sheets. */
function sheet<R>(s: SheetSpec<R>): SheetSpec<unknown> {
  return s as unknown as SheetSpec<unknown>;
}

interface AssumedRow {
  parameter: string;
  value: string;
  unit: string;
  status: string;
  source: string;
  origin: string;
}

/** The assumed parameters a result rests on, for their sheet: value, unit, status, source, origin. */
function assumedRows(rules: RuleSet, names: readonly string[]): AssumedRow[] {
  return names.flatMap((n) => {
    const p = rules.params.get(n);
    if (!p) return [];
    const origin = p.origin.kind === 'file' ? displayPath(rules.file) : `${p.origin.kind}${p.origin.file ? ` ${displayPath(p.origin.file)}` : ''}`;
    return [{ parameter: n, value: displayValue(p.value), unit: p.unit, status: p.status, source: p.source, origin }];
  });
}

const ASSUMED_COLUMNS: readonly Column<AssumedRow>[] = (['parameter', 'value', 'unit', 'status', 'source', 'origin'] as const).map((k) => ({
  name: k,
  kind: 'text' as const,
  get: (r: AssumedRow) => r[k],
}));

/** The workbook as bytes: the given sheets, then 'assumed parameters'. */
async function workbookBytes(
  sheets: readonly SheetSpec<unknown>[],
  assumed: readonly AssumedRow[],
  tool: { name: string; version: string },
): Promise<Uint8Array> {
  const { default: excel } = await import('exceljs');
  const wb = new excel.Workbook();
  wb.creator = `${tool.name} ${tool.version}`;
  // fixed, so the same run gives the same workbook content (the zip entries still carry their write time)
  wb.created = new Date(Date.UTC(2000, 0, 1));
  wb.modified = wb.created;
  for (const s of sheets) addSheet(wb, s);
  addSheet(wb, { name: 'assumed parameters', columns: ASSUMED_COLUMNS, rows: assumed, totals: [] });
  return new Uint8Array(await wb.xlsx.writeBuffer());
}

/** calc's workbook: payment-basis, deductions, accounting, completeness (rejected rows stay in rejects.csv), assumed parameters. */
export function calcWorkbook(result: CalcResult, tool: { name: string; version: string }): Promise<Uint8Array> {
  return workbookBytes(
    [
      sheet({ name: 'payment-basis', columns: PAYMENT_COLUMNS, rows: paymentLines(result) }),
      sheet({ name: 'payment-lines', columns: PAYMENT_LINE_COLUMNS, rows: componentLines(result), totals: ['amount'] }),
      sheet({ name: 'deductions', columns: DEDUCTION_COLUMNS, rows: deductionLines(result) }),
      sheet({ name: 'accounting', columns: ACCOUNTING_COLUMNS, rows: accountingLines(result), totals: [] }),
      sheet({ name: 'completeness', columns: COMPLETENESS_COLUMNS, rows: completenessLines(result.completeness), totals: [] }),
    ],
    assumedRows(result.rules, assumedInPlay(result)),
    tool,
  );
}

/** payout's workbook: the payout rows of the payment month, assumed parameters. */
export function payoutWorkbook(
  paymentMonth: string,
  lines: readonly PaymentLine[],
  rules: RuleSet,
  tool: { name: string; version: string },
): Promise<Uint8Array> {
  const assumed = [...new Set(lines.flatMap((l) => (l.assumed === '' ? [] : l.assumed.split(' '))))].sort();
  return workbookBytes([sheet({ name: `payout-${paymentMonth}`, columns: PAYMENT_COLUMNS, rows: lines })], assumedRows(rules, assumed), tool);
}

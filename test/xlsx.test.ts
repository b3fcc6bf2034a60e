import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { beforeAll, describe, expect, it } from 'vitest';
import { EGEN, PRIV, cli, issue2Activity, readCsv, tmp } from './helpers.js';

/** The workbook read back with exceljs, as finance's Excel would read the file. */
async function readWorkbook(file: string): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(file);
  return wb;
}

function headerIndex(ws: ExcelJS.Worksheet): Map<string, number> {
  const m = new Map<string, number>();
  ws.getRow(1).eachCell((c, i) => m.set(String(c.value), i));
  return m;
}

describe('calc --xlsx: the finance workbook', () => {
  let wb: ExcelJS.Workbook;
  let out: string;
  beforeAll(async () => {
    const { args } = issue2Activity(2026);
    out = tmp();
    const r = cli(['calc', '--year', '2026', ...args, '--out', out, '--xlsx', join(out, 'vardval-2026.xlsx'), '-q']);
    expect(r.code, r.stderr).toBe(0);
    wb = await readWorkbook(join(out, 'vardval-2026.xlsx'));
  });

  it('has one sheet per output file and the assumed parameters; no temporary file is left', () => {
    expect(wb.worksheets.map((w) => w.name)).toEqual(['payment-basis', 'payment-lines', 'deductions', 'accounting', 'completeness', 'assumed parameters']);
    expect(readdirSync(out).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('payment-basis: amounts are numbers equal to the CSV, in kronor format, header frozen, autofilter over the data', () => {
    const ws = wb.getWorksheet('payment-basis')!;
    const h = headerIndex(ws);
    const csv = readCsv(readFileSync(join(out, 'payment-basis.csv'), 'utf8'));
    expect(ws.rowCount).toBe(csv.length + 2); // header, rows, totals
    // January of the private clinic: 684 880 / 12 = 57 073.33 (then 57 073.34 in February); the egen-regi clinic comes first
    const first = csv.findIndex((c) => c.clinic_id === PRIV) + 2;
    const row2 = ws.getRow(first);
    expect(row2.getCell(h.get('clinic_id')!).value).toBe(PRIV);
    expect(row2.getCell(h.get('activity_month')!).value).toBe('2026-01');
    expect(row2.getCell(h.get('fixed_compensation')!).value).toBe(57073.33);
    expect(ws.getRow(first + 1).getCell(h.get('fixed_compensation')!).value).toBe(57073.34);
    expect(row2.getCell(h.get('fixed_compensation')!).numFmt).toBe('#,##0.00');
    expect(row2.getCell(h.get('net_payment')!).numFmt).toBe('#,##0.00');
    expect(typeof row2.getCell(h.get('clinic_name')!).value).toBe('string');
    for (const [i, c] of csv.entries()) expect(ws.getRow(i + 2).getCell(h.get('net_payment')!).value).toBe(Number(c.net_payment));
    expect(ws.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    // the column's letters: A … Z, AA … (payment-basis has more than 26 columns with the vårdcentral figures)
    const letters = (n: number): string => (n > 26 ? letters(Math.floor((n - 1) / 26)) : '') + String.fromCharCode(65 + ((n - 1) % 26));
    const last = letters(h.size);
    expect(ws.autoFilter).toBe(`A1:${last}${csv.length + 1}`);
  });

  it('the totals row sums the money columns: net 851 399.42 + 35 300.00 = 886 699.42, deductions 51 300 + 820 800', () => {
    const ws = wb.getWorksheet('payment-basis')!;
    const h = headerIndex(ws);
    const totals = ws.getRow(ws.rowCount);
    expect(totals.getCell(1).value).toBe('TOTAL');
    const net = totals.getCell(h.get('net_payment')!).value as ExcelJS.CellFormulaValue;
    expect(net.formula).toMatch(/^SUBTOTAL\(109,[A-Z]+2:[A-Z]+19\)$/);
    expect(net.result).toBe(886699.42);
    expect((totals.getCell(h.get('deductions')!).value as ExcelJS.CellFormulaValue).result).toBe(872100);
    expect((totals.getCell(h.get('fixed_compensation')!).value as ExcelJS.CellFormulaValue).result).toBe(684880 + 856100);
    expect(totals.getCell(h.get('net_payment')!).numFmt).toBe('#,##0.00');
    expect(totals.getCell(h.get('fte')!).value).toBeNull();
  });

  it('deductions: the egen-regi clinic 1 500 visits required, 820 800.00 deducted', () => {
    const ws = wb.getWorksheet('deductions')!;
    const h = headerIndex(ws);
    const row = [2, 3].map((i) => ws.getRow(i)).find((r) => r.getCell(h.get('clinic_id')!).value === EGEN)!;
    expect(row.getCell(h.get('visits_required')!).value).toBe(1500);
    expect(row.getCell(h.get('visit_deduction')!).value).toBe(820800);
    expect(row.getCell(h.get('visit_deduction')!).numFmt).toBe('#,##0.00');
    expect(row.getCell(h.get('status')!).value).toBe('final');
  });

  it('the assumed parameters sheet: name, value, unit, status, source of each parameter in play', () => {
    const ws = wb.getWorksheet('assumed parameters')!;
    expect(ws.getRow(1).values).toEqual([undefined, 'parameter', 'value', 'unit', 'status', 'source', 'origin']);
    const rows = ws
      .getSheetValues()
      .slice(2)
      .map((r) => (r as unknown[]).slice(1));
    const sal = rows.find((r) => r[0] === 'physio.sal_per_fte')!;
    expect(sal.slice(1, 4)).toEqual(['169627', 'SEK/FTE/year', 'assumed']);
    expect(rows.every((r) => r[3] === 'assumed')).toBe(true);
    expect(ws.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
  });

  it('a workbook outside --out is written too; calc --compare refuses --xlsx (exit 2)', () => {
    const { args } = issue2Activity(2026);
    const elsewhere = join(tmp(), 'wb.xlsx');
    expect(cli(['calc', '--year', '2026', ...args, '--out', tmp(), '--xlsx', elsewhere, '-q']).code).toBe(0);
    expect(existsSync(elsewhere)).toBe(true);
    const r = cli(['calc', '--year', '2026', ...args, '--set', 'physio.visit_deduction_per_visit=500', '--compare', '--out', tmp(), '--xlsx', elsewhere]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--xlsx/);
  });
});

describe('payout --xlsx', () => {
  it('one sheet of the payment month with totals, then the assumed parameters', async () => {
    const { args } = issue2Activity(2026);
    const dir = tmp();
    const r = cli(['payout', '--month', '2027-01', ...args, '--out', join(dir, 'p.csv'), '--xlsx', join(dir, 'p.xlsx'), '--locale', 'sv']);
    expect(r.code, r.stderr).toBe(0);
    const wb = await readWorkbook(join(dir, 'p.xlsx'));
    expect(wb.worksheets.map((w) => w.name)).toEqual(['payout-2027-01', 'assumed parameters']);
    const ws = wb.getWorksheet('payout-2027-01')!;
    const h = headerIndex(ws);
    const csv = readCsv(readFileSync(join(dir, 'p.csv'), 'utf8'));
    expect(csv).toHaveLength(2);
    const totals = ws.getRow(4);
    const net = (totals.getCell(h.get('net_payment')!).value as ExcelJS.CellFormulaValue).result;
    // December: egen regi 142 683.33 fixed − 820 800.00 deductions = −678 116.67; private 57 073.33 fixed
    // + 14 135.58 SAL + 1 194.53 VAT − 51 300.00 deductions = 21 103.44. The total is the exact sum,
    // not the double sum of the two cells (which is −657013.2300000001).
    expect(ws.getRow(2).getCell(h.get('net_payment')!).value).toBe(-678116.67);
    expect(ws.getRow(3).getCell(h.get('net_payment')!).value).toBe(21103.44);
    expect(net).toBe(-657013.23);
    expect(csv.map((c) => c.net_payment)).toEqual(['-678116.67', '21103.44']);
    expect(r.stderr).toContain('net -657\u00a0013,23 kr');
  });
});

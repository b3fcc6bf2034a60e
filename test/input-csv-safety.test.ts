/**
 * What the tool writes must be safe to open: formula neutralisation, the two CSV dialects, and
 * output files that appear together or not at all.
 */
import { existsSync, readFileSync, readdirSync, readlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { AtomicOutputs, removeStaleTemps } from '../src/output/atomic.js';
import { neutralise, toCsv, type Column } from '../src/output/csv.js';
import { tmp } from './helpers.js';

interface R {
  name: string;
  amount: string;
}
const COLS: Column<R>[] = [
  { name: 'name', kind: 'text', get: (r) => r.name },
  { name: 'amount', kind: 'number', get: (r) => r.amount },
];

describe('neutralise', () => {
  it('prefixes an apostrophe to text a spreadsheet would run as a formula', () => {
    for (const s of ['=HYPERLINK("x")', '+46 54', '-x', '@SUM(A1)', '\tTab', '\rCR', '＝1+1', '＋1', '－1', '＠A']) expect(neutralise(s)).toBe(`'${s}`);
  });
  it('leaves other text alone', () => {
    for (const s of ['Åsa Berglund', 'a=b', '1-2', '', ' =x', "'already"]) expect(neutralise(s)).toBe(s);
  });
});

describe('CSV dialects', () => {
  const rows: R[] = [
    { name: '=cmd', amount: '-1234.50' },
    { name: 'Rad ett\nrad två', amount: '0.00' },
    { name: 'a;b,c', amount: '57073.33' },
    { name: 'cr\rinside', amount: '1.00' },
  ];

  it('machine: comma, decimal point, LF, no BOM; numbers are never neutralised', () => {
    expect(toCsv(COLS, rows, 'machine')).toBe('name,amount\n\'=cmd,-1234.50\n"Rad ett\nrad två",0.00\n"a;b,c",57073.33\n"cr\rinside",1.00\n');
  });

  it('excel-sv: BOM, semicolon, decimal comma, CRLF; a line break inside a cell is quoted', () => {
    expect(toCsv(COLS, rows, 'excel-sv')).toBe('\uFEFFname;amount\r\n\'=cmd;-1234,50\r\n"Rad ett\nrad två";0,00\r\n"a;b,c";57073,33\r\n"cr\rinside";1,00\r\n');
  });
});

/** The entries of an output directory a user sees (vardval keeps its run state in .vardval/). */
function visible(d: string): string[] {
  return readdirSync(d)
    .filter((f) => !f.startsWith('.'))
    .sort();
}

describe('AtomicOutputs', () => {
  it('nothing appears before commit; everything appears at commit; abort leaves the previous files', () => {
    const d = tmp();
    writeFileSync(join(d, 'a.csv'), 'old a');
    const o = new AtomicOutputs(d);
    o.write('a.csv', 'new a');
    o.append('b.csv', 'x'.repeat(70_000)); // past the buffer: flushed to the temporary file
    o.append('b.csv', 'y');
    expect(readFileSync(join(d, 'a.csv'), 'utf8')).toBe('old a');
    expect(existsSync(join(d, 'b.csv'))).toBe(false);
    o.commit();
    expect(readFileSync(join(d, 'a.csv'), 'utf8')).toBe('new a');
    expect(readFileSync(join(d, 'b.csv'), 'utf8')).toBe(`${'x'.repeat(70_000)}y`);
    expect(visible(d)).toEqual(['a.csv', 'b.csv']);

    const p = new AtomicOutputs(d);
    p.write('a.csv', 'newer a');
    p.append('b.csv', 'z');
    p.abort();
    expect(readFileSync(join(d, 'a.csv'), 'utf8')).toBe('new a');
    expect(readFileSync(join(d, 'b.csv'), 'utf8')).toBe(`${'x'.repeat(70_000)}y`);
    expect(visible(d)).toEqual(['a.csv', 'b.csv']);
    // only the current run's directory is left in the state directory (the aborted run's is gone)
    expect(readdirSync(join(d, '.vardval')).sort()).toEqual(['current', readlinkSync(join(d, '.vardval', 'current'))].sort());
  });

  it('the temporary files of dead processes are removed, those of live ones and other files kept', () => {
    const d = tmp();
    // pid 2^22 + 1 is above Linux's pid_max default and unused; the parent of this worker is alive
    const dead = `.payment-basis.csv.${4194305}.tmp`;
    const live = `.rejects.csv.${process.ppid}.tmp`;
    for (const f of [dead, live, 'notes.tmp', '.hidden', 'payment-basis.csv']) writeFileSync(join(d, f), 'x');
    expect(removeStaleTemps(d)).toEqual([dead]);
    expect(readdirSync(d).sort()).toEqual(['.hidden', live, 'notes.tmp', 'payment-basis.csv'].sort());
  });
});

/**
 * Issue 8: incomplete input is never silent. A synthetic 2026 with hand-computed amounts:
 *   SE-A, egen, 1 FTE: 100 completed visits a month (1 200 = the requirement), fee 100 kr each
 *         (10 000 kr a month), 300 patients; in January also 2 no-shows with a fee of 200 kr.
 *   SE-B, egen, 1 FTE: 50 visits a month (600 of 1 200: 600 short × 570 = 342 000 kr), fee 100 kr,
 *         100 patients.
 * One Cosmic export per month. Fixed compensation 684 880 / 12 per month (57 073.33/.34).
 */
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, cosmicCsv, pnr, readCsv, registerCsv, tmp, writeFiles, type RegisterRow, type Row } from './helpers.js';

const A = 'SE-A';
const B = 'SE-B';
const mm = (m: number): string => String(m).padStart(2, '0');

function monthRows(m: number, skip: readonly string[] = []): Row[] {
  const rows: Row[] = [];
  const day = (i: number): string => `2026-${mm(m)}-${mm(1 + (i % 28))}`;
  if (!skip.includes(A)) {
    for (let i = 0; i < 100; i++) rows.push({ clinic: A, id: `A-${m}-${i}`, date: day(i), patient: pnr((m * 100 + i) % 300), fee: '100.00' });
    if (m === 1) for (let i = 0; i < 2; i++) rows.push({ clinic: A, id: `A-NS-${i}`, date: day(i), status: 'no_show', patient: pnr(i), fee: '200.00' });
  }
  if (!skip.includes(B))
    for (let i = 0; i < 50; i++) rows.push({ clinic: B, id: `B-${m}-${i}`, date: day(i), patient: pnr(5000 + ((m * 50 + i) % 100)), fee: '100.00' });
  return rows;
}

interface Year {
  dir: string;
  args: string[];
  exports: string;
}

function year(opts: { register?: RegisterRow[]; rows?: (m: number) => Row[]; months?: number[] } = {}): Year {
  const dir = tmp('vardval-complete-');
  const files: Record<string, string | Buffer> = {
    'clinics.csv': registerCsv(
      opts.register ?? [
        { id: A, name: 'A', regi: 'egen', fte: '1' },
        { id: B, name: 'B', regi: 'egen', fte: '1' },
      ],
    ),
  };
  for (const m of opts.months ?? [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]) files[`exports/cosmic-2026-${mm(m)}.csv`] = cosmicCsv((opts.rows ?? monthRows)(m));
  writeFiles(dir, files);
  return { dir, exports: join(dir, 'exports'), args: ['--clinics', join(dir, 'clinics.csv'), join(dir, 'exports')] };
}

function calc(y: Year, extra: string[] = []) {
  const out = join(y.dir, `out-${Math.random().toString(36).slice(2)}`);
  const r = cli(['calc', '--year', '2026', '--out', out, '--format', 'json', ...extra, ...y.args]);
  expect(r.stderr).not.toMatch(/error/);
  const read = (f: string) => readCsv(readFileSync(join(out, f), 'utf8'));
  return { ...r, json: JSON.parse(r.stdout), ded: read('deductions.csv'), pay: read('payment-basis.csv'), comp: read('completeness.csv') };
}

const of = <T extends { clinic_id?: string }>(rows: T[], id: string): T => rows.find((r) => r.clinic_id === id)!;
const dec = (pay: Record<string, string>[], id: string) => pay.find((p) => p.clinic_id === id && p.activity_month === '2026-12')!;

describe('a complete year', () => {
  it('exit 0; A: 0 kr, B: 342 000 kr final in December; completeness.csv: 24 clinic-months ok; fees of every status subtracted', () => {
    const r = calc(year());
    expect(r.code).toBe(0);
    expect(r.json.completeness.complete).toBe(true);
    expect(of(r.ded, B).total_deduction).toBe('342000.00');
    expect(of(r.ded, B).status).toBe('final');
    expect(dec(r.pay, B).deductions).toBe('342000.00');
    expect(r.comp.filter((c) => c.status === 'ok')).toHaveLength(24);
    expect(r.comp.find((c) => c.clinic_id === A && c.month === '2026-01')!.rows).toBe('102');
    // January: 100 × 100 + 2 no-shows × 200 = 10 400 (the default names every status)
    expect(r.pay.find((p) => p.clinic_id === A && p.activity_month === '2026-01')!.patient_fees).toBe('10400.00');
    // nothing to say about completeness: only the note on what was written
    expect(r.stderr).toMatch(/^Wrote payment-basis\.csv, payment-lines\.csv, deductions\.csv, accounting\.csv, completeness\.csv, rejects\.csv to [^\n]*\n$/);
  });
  it('physio.fee_advance_statuses=completed: the no-show fees are not subtracted (10 000), and the fees name the parameter', () => {
    const r = calc(year(), ['--set', 'physio.fee_advance_statuses=completed']);
    expect(r.pay.find((p) => p.clinic_id === A && p.activity_month === '2026-01')!.patient_fees).toBe('10000.00');
    expect(r.json.clinics.find((c: { clinic_id: string }) => c.clinic_id === A).assumed_parameters.patient_fees).toContain('physio.fee_advance_statuses');
  });
});

describe("a clinic's rows missing from one month", () => {
  const y = year({ rows: (m) => monthRows(m, m === 3 ? [B] : []) });
  it('exit 1; B: 550 counted, 650 × 570 = 370 500 kr shown as incomplete and not paid; A stays final; named on stderr even with -q', () => {
    const r = calc(y, ['-q']);
    expect(r.code).toBe(1);
    expect(of(r.ded, B)).toMatchObject({ visits_counted: '550', visits_shortfall: '650', total_deduction: '370500.00', status: 'incomplete' });
    expect(dec(r.pay, B).deductions).toBe('0.00');
    expect(of(r.ded, A).status).toBe('final');
    expect(r.pay.find((p) => p.clinic_id === B && p.activity_month === '2026-03')!.patient_fees).toBe('0.00');
    expect(r.json.completeness.missing_clinic_months).toEqual([{ clinic_id: B, month: '2026-03' }]);
    expect(r.comp.find((c) => c.clinic_id === B && c.month === '2026-03')).toMatchObject({ contracted: 'yes', rows: '0', status: 'missing' });
    expect(r.stderr).toMatch(/^Completeness: the input is INCOMPLETE for 1 clinic: their deductions are not final and not paid/);
    expect(r.stderr).toContain('contracted clinic-months without a single row (1):\n    2026-03: SE-B\n');
  });
  it('acknowledged (--ack): exit 0, B final, 370 500 kr paid in December, the reason recorded', () => {
    const r = calc(y, ['--ack', 'SE-B:2026-03:closed for renovation']);
    expect(r.code).toBe(0);
    expect(of(r.ded, B).status).toBe('final');
    expect(dec(r.pay, B).deductions).toBe('370500.00');
    expect(r.comp.find((c) => c.clinic_id === B && c.month === '2026-03')).toMatchObject({ status: 'acknowledged', reason: 'closed for renovation' });
    expect(r.json.completeness.acknowledged).toEqual([{ clinic_id: B, month: '2026-03', reason: 'closed for renovation' }]);
    expect(r.stderr).toContain('acknowledged: SE-B 2026-03 without rows: closed for renovation');
  });
  it('acknowledged by file (--ack-file); an acknowledgement of an unknown clinic is exit 2', () => {
    writeFileSync(join(y.dir, 'ack.csv'), 'clinic_id;month;reason\nSE-B;2026-03;closed for renovation\n');
    expect(calc(y, ['--ack-file', join(y.dir, 'ack.csv')]).code).toBe(0);
    const bad = cli(['calc', '--year', '2026', '--out', join(y.dir, 'o2'), '--ack', 'SE-Q:2026-03:x', ...y.args]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--ack: acknowledged clinic SE-Q is not a fysioterapi clinic of the register/);
    const noReason = cli(['calc', '--year', '2026', '--out', join(y.dir, 'o3'), '--ack', 'SE-B:2026-03:', ...y.args]);
    expect(noReason.code).toBe(2);
    expect(noReason.stderr).toMatch(/give the reason/);
  });
  it('payout for January refuses without the acknowledgement (exit 2 naming it) and pays with it', () => {
    const no = cli(['payout', '--month', '2027-01', '--out', '-', ...y.args]);
    expect(no.code).toBe(2);
    expect(no.stderr).toMatch(/payment month 2027-01 would pay on incomplete input \(contracted clinic-months without a single row: SE-B 2026-03\)/);
    const yes = cli(['payout', '--month', '2027-01', '--out', '-', '--ack', 'SE-B:2026-03:closed for renovation', ...y.args]);
    expect(yes.code).toBe(0);
    expect(readCsv(yes.stdout).find((p) => p.clinic_id === B)!.deductions).toBe('370500.00');
  });
});

describe('a clinic of the register without a single row', () => {
  it('exit 1; C: 1 200 × 570 = 684 000 kr shown as incomplete, not paid; named as a clinic without rows', () => {
    const r = calc(
      year({
        register: [
          { id: A, name: 'A', regi: 'egen', fte: '1' },
          { id: B, name: 'B', regi: 'egen', fte: '1' },
          { id: 'SE-C', name: 'C', regi: 'egen', fte: '1' },
        ],
      }),
    );
    expect(r.code).toBe(1);
    expect(of(r.ded, 'SE-C')).toMatchObject({ total_deduction: '684000.00', status: 'incomplete' });
    expect(dec(r.pay, 'SE-C').deductions).toBe('0.00');
    expect(of(r.ded, B).status).toBe('final');
    expect(r.json.completeness.clinics_without_rows).toEqual(['SE-C']);
    expect(r.stderr).toContain('contracted clinics without a row in the period: SE-C');
  });
});

describe('a clinic in the exports but not in the register', () => {
  const y = year({ rows: (m) => [...monthRows(m), { clinic: 'SE-X', id: `X-${m}`, date: `2026-${mm(m)}-05`, patient: pnr(9000 + m) }] });
  it('its id and 12 rows are named (stderr even with -q, JSON, completeness.csv); the others are final, exit 0', () => {
    const r = calc(y, ['-q']);
    expect(r.code).toBe(0);
    expect(r.json.completeness.unknown_clinics).toEqual([{ clinic_id: 'SE-X', rows: 12 }]);
    expect(r.stderr).toContain('clinic SE-X is in the exports (12 rows) but not in the clinic register');
    expect(r.comp.find((c) => c.clinic_id === 'SE-X')).toMatchObject({ month: '*', rows: '12', status: 'unknown_clinic' });
    expect(of(r.ded, B).status).toBe('final');
  });
  it('payout names it too', () => {
    const p = cli(['payout', '--month', '2026-04', '--out', '-', ...y.args]);
    expect(p.code).toBe(0);
    expect(p.stderr).toContain('clinic SE-X is in the exports (12 rows) but not in the clinic register');
  });
});

describe('a month saved as .txt in the exports directory', () => {
  it('is named as not read; March has no rows for A and B: exit 1, no final deductions', () => {
    const y = year();
    renameSync(join(y.exports, 'cosmic-2026-03.csv'), join(y.exports, 'cosmic-2026-03.txt'));
    const r = calc(y);
    expect(r.code).toBe(1);
    expect(r.json.completeness.files_not_read).toEqual([
      { file: join(y.exports, 'cosmic-2026-03.txt'), reason: 'not a .csv file (only *.csv files of a directory are read)' },
    ]);
    expect(r.ded.map((d) => d.status)).toEqual(['incomplete', 'incomplete']);
    expect(r.stderr).toContain(`not read: ${join(y.exports, 'cosmic-2026-03.txt')}: not a .csv file`);
  });
});

describe('no January export', () => {
  const y = year({ months: [2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12] });
  it('by default the period is February–December: January is named, B: 1 100 required, 550 short × 570 = 313 500 provisional, exit 0', () => {
    const r = calc(y);
    expect(r.code).toBe(0);
    expect(r.json.completeness.months_before_first).toEqual(['2026-01']);
    expect(of(r.ded, B)).toMatchObject({ visits_required: '1100', total_deduction: '313500.00', status: 'provisional' });
    expect(r.stderr).toContain('months before the first month found in the exports: 2026-01');
  });
  it('--from 2026-01 --to 2026-12: January is missing for both clinics, exit 1, no final deductions', () => {
    const r = calc(y, ['--from', '2026-01', '--to', '2026-12']);
    expect(r.code).toBe(1);
    expect(r.json.completeness.missing_clinic_months).toEqual([
      { clinic_id: A, month: '2026-01' },
      { clinic_id: B, month: '2026-01' },
    ]);
    expect(r.ded.map((d) => d.status)).toEqual(['incomplete', 'incomplete']);
  });
  it('physio.shortfall_rounding: B short of 280 × 11 / 12 − 100 = 156.67 patients × 800: exact 125 333.33, whole_down 124 800, whole_up 125 600', () => {
    const money = (rule: string) =>
      of(calc(y, ['--set', 'physio.unique_patient_deduction_per_patient=800', '--set', `physio.shortfall_rounding=${rule}`]).ded, B).unique_patient_deduction;
    expect([money('exact'), money('whole_down'), money('whole_up')]).toEqual(['125333.33', '124800.00', '125600.00']);
  });
});

describe('every row of a file rejected', () => {
  it('a trailing ";" on each line: the file is named, every clinic is incomplete, exit 1', () => {
    const y = year();
    const broken = cosmicCsv(
      monthRows(6)
        .slice(0, 5)
        .map((r) => ({ ...r, id: `${r.id}-dup` })),
    );
    const text = broken
      .toString('latin1')
      .split('\r\n')
      .map((l, i) => (i === 0 || l === '' ? l : `${l};`))
      .join('\r\n');
    writeFileSync(join(y.exports, 'cosmic-2026-06-extra.csv'), Buffer.from(text, 'latin1'));
    const r = calc(y);
    expect(r.code).toBe(1);
    expect(r.json.completeness.files_all_rejected).toEqual([{ file: join(y.exports, 'cosmic-2026-06-extra.csv'), rows: 5 }]);
    expect(r.ded.map((d) => d.status)).toEqual(['incomplete', 'incomplete']);
    expect(r.stderr).toContain(`every row of ${join(y.exports, 'cosmic-2026-06-extra.csv')} was rejected (5 rows, see rejects.csv)`);
  });
});

describe('only January and December', () => {
  it('--from 2026-01 --to 2026-12: 10 months missing per clinic, no final deductions, nothing paid, exit 1', () => {
    const y = year({ months: [1, 12] });
    const r = calc(y, ['--from', '2026-01', '--to', '2026-12']);
    expect(r.code).toBe(1);
    expect(r.json.completeness.missing_clinic_months).toHaveLength(20);
    expect(r.ded.map((d) => d.status)).toEqual(['incomplete', 'incomplete']);
    expect(r.json.totals.deductions).toBe('0.00');
    expect(r.stderr).toContain('contracted clinic-months without a single row (20):\n    2026-02 … 2026-11: SE-A, SE-B\n');
  });
});

describe('a contract starting mid-month (physio.month_fte_policy)', () => {
  const y = year({
    register: [{ id: 'SE-D', name: 'D', regi: 'egen', fte: '1', from: '2026-07-15' }],
    rows: (m) =>
      monthRows(m)
        .map((r) => ({ ...r, clinic: 'SE-D', id: `D${r.id}` }))
        .filter((r) => r.date >= '2026-07-15'),
    months: [7, 8, 9, 10, 11, 12],
  });
  it('first_day (default): July pays no fixed compensation; the clinic is named on stderr', () => {
    const r = calc(y);
    expect(r.pay.find((p) => p.activity_month === '2026-07')!.fixed_compensation).toBe('0.00');
    expect(r.stderr).toContain('contract of SE-D starts mid-month on 2026-07-15: the FTE of 2026-07 is the FTE on the 1st (physio.month_fte_policy first_day)');
  });
  it('by_days: July FTE 17/31, fixed 684 880 × 17/31 / 12 = 31 298.2795… → 31 298.28; FTE-months 5.55', () => {
    const r = calc(y, ['--set', 'physio.month_fte_policy=by_days']);
    expect(r.pay.find((p) => p.activity_month === '2026-07')!.fixed_compensation).toBe('31298.28');
    expect(of(r.ded, 'SE-D').fte_months).toBe('5.55');
    // 684 880 × (17/31 + 5) / 12 = 316 664.946… → 316 664.95 for the year
    expect(r.json.totals.fixed_compensation).toBe('316664.95');
  });
});

/**
 * payout's summary (stderr and JSON `summary`): clinics, total, units with a negative net, the
 * change against the previous month where its exports are given. Figures of fixtures/archive-2025
 * are hand-computed in payout.test.ts.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { ROOT, cli } from './helpers.js';

const A = join(ROOT, 'fixtures', 'archive-2025');
const EXPORTS = join(A, 'exports');
const payout = (args: string[]) => cli(['payout', '--clinics', join(A, 'clinics.csv'), ...args]);
const validate = new Ajv2020({ allErrors: true, strict: true }).compile(JSON.parse(readFileSync(join(ROOT, 'schemas', 'payout.schema.json'), 'utf8')));

describe('payout summary', () => {
  it('payment month 2026-01: two negative nets named, the change against November computed from the same run', () => {
    const r = payout(['--month', '2026-01', '--out', '-', EXPORTS]);
    expect(r.code).toBe(0);
    // Storfors −17 663.33 (payout.test.ts); Munkfors 1 FTE: 57 073.33 − fees − its deductions
    expect(r.stderr).toMatch(/Payment month 2026-01 \(activity 2025-12, with the year's final deductions\): 4 clinics, net 28984\.62 kr\n/);
    expect(r.stderr).toMatch(
      /2 units have a negative net \(a claim on the unit\): SE2321000017-FT02 Munkfors -17326\.66 kr, SE2321000017-FT05 Storfors -17663\.33 kr/,
    );
    const j = JSON.parse(payout(['--month', '2026-01', '--format', 'json', '--out', '-', EXPORTS]).stdout);
    expect(validate(j)).toBe(true);
    expect(j.summary.clinics).toBe(4);
    expect(j.summary.net_payment).toBe(j.totals.net_payment);
    expect(j.summary.negative_net).toEqual([
      { clinic_id: 'SE2321000017-FT02', clinic_name: 'Munkfors', net_payment: '-17326.66' },
      { clinic_id: 'SE2321000017-FT05', clinic_name: 'Storfors', net_payment: '-17663.33' },
    ]);
    // November's payout, run on its own, is the "previous month"; the change is the difference of the totals
    const nov = JSON.parse(payout(['--month', '2025-12', '--format', 'json', '--out', '-', EXPORTS]).stdout);
    expect(j.summary.previous_month).toEqual({
      activity_month: '2025-11',
      payment_month: '2025-12',
      available: true,
      clinics: 4,
      net_payment: nov.totals.net_payment,
      change: (Math.round(Number(j.totals.net_payment) * 100 - Number(nov.totals.net_payment) * 100) / 100).toFixed(2),
    });
    expect(r.stderr).toContain(
      `change against payment month 2025-12 (activity 2025-11): ${j.summary.previous_month.change} kr (then ${nov.totals.net_payment} kr, 4 clinics)`,
    );
  });

  it("the previous month's exports not given: no change, and why (JSON and stderr); the month's rows unchanged", () => {
    const march = readdirSync(EXPORTS)
      .filter((f) => f.includes('2025-03'))
      .map((f) => join(EXPORTS, f));
    const r = payout(['--month', '2025-04', '--format', 'json', '--out', '-', ...march]);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(validate(j)).toBe(true);
    expect(j.summary.previous_month).toEqual({ activity_month: '2025-02', available: false, reason: 'the exports have no rows of it' });
    expect(j.summary.negative_net).toEqual([]);
    expect(r.stderr).toContain('no change against activity month 2025-02: the exports have no rows of it');
    const all = JSON.parse(payout(['--month', '2025-04', '--format', 'json', '--out', '-', EXPORTS]).stdout);
    expect(all.rows).toEqual(j.rows);
  });

  it("January's activity: the previous month is in another rule year, said so", () => {
    const r = payout(['--month', '2025-02', '--format', 'json', '--out', '-', EXPORTS]);
    expect(JSON.parse(r.stdout).summary.previous_month).toEqual({ activity_month: '2024-12', available: false, reason: 'it is in another rule year (2024)' });
  });

  it('-q hides the summary (the completeness block that names an unknown clinic stays, as issue 8 decided)', () => {
    const r = payout(['--month', '2026-01', '--out', '-', '-q', EXPORTS]);
    expect(r.code).toBe(0);
    expect(r.stderr).not.toMatch(/Payment month|change against|negative net|note:/);
  });
});

/**
 * `vardval compare`: the same 2026 activity under two FFU years (the 2025 rules applied to it),
 * and under a scenario. Hand-computed from DOMAIN.md §1.1–1.2.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { cli, readCsv, tmp, issue2Activity, PRIV, EGEN } from './helpers.js';

const P = PRIV;
const E = EGEN;
let input: string[];

beforeAll(() => {
  input = issue2Activity(2026).args;
});

function compare(args: string[]) {
  const out = join(tmp(), 'out');
  const r = cli(['compare', '--out', out, ...args, ...input]);
  const rows = r.code === 0 ? readCsv(readFileSync(join(out, 'comparison.csv'), 'utf8')) : [];
  return { ...r, rows, row: (id: string) => rows.find((x) => x.clinic_id === id)! };
}

describe('compare --year 2026 --against-year 2025: what the 2026 document does to each clinic', () => {
  let c: ReturnType<typeof compare>;
  beforeAll(() => {
    c = compare(['--year', '2026', '--against-year', '2025']);
    expect(c.stderr).not.toMatch(/error/);
    expect(c.code).toBe(0);
  });
  it('the written contacts: 0 under 2025 (1 100 counted, 57 000 kr), 0.2 under 2026 (1 110, 51 300 kr)', () => {
    const p = c.row(P);
    expect([p.visits_counted_base, p.visits_counted_alt, p.visits_counted_delta]).toEqual(['1100', '1110', '10']);
    expect([p.visit_deduction_base, p.visit_deduction_alt, p.visit_deduction_delta]).toEqual(['57000.00', '51300.00', '-5700.00']);
  });
  it('net payment: 2025 rules 854 507 + 6 % × 797 507 − 57 000 = 845 357.42; 2026 rules 851 399.42; +6 042.00', () => {
    const p = c.row(P);
    expect([p.net_payment_base, p.net_payment_alt, p.net_payment_delta]).toEqual(['845357.42', '851399.42', '6042.00']);
    expect(p.vat_compensation_delta).toBe('342.00');
  });
  it('the egen clinic without written contacts is the same under both: 1 500 required, 820 800 kr', () => {
    const e = c.row(E);
    expect([e.visits_required_base, e.visits_required_alt]).toEqual(['1500', '1500']);
    expect([e.total_deduction_base, e.total_deduction_alt, e.total_deduction_delta]).toEqual(['820800.00', '820800.00', '0.00']);
    expect(e.net_payment_delta).toBe('0.00');
  });
  it('the total row adds the clinics', () => {
    const t = c.row('*');
    expect(t.clinic_name).toBe('TOTAL');
    expect([t.total_deduction_base, t.total_deduction_alt, t.total_deduction_delta]).toEqual(['877800.00', '872100.00', '-5700.00']);
    expect(t.net_payment_delta).toBe('6042.00');
  });
  it('says which rules are applied to which activity', () => {
    expect(c.stdout).toContain('base: ffu-2025 applied to 2026 activity');
    expect(c.stdout).toContain('alt:  ffu-2026');
    expect(c.stdout).toMatch(/SE-PRIV +Privat Fysio +57000\.00 +51300\.00 +-5700\.00 +845357\.42 +851399\.42 +\+6042\.00/);
    // the 2025 rules exclude the 50 written rows, so each side keeps its own accounting
    expect(c.stderr).toContain('1160 counted under base, 1210 under alt');
  });
});

describe('compare, other uses', () => {
  it('--json: labels, accounting per side, totals', () => {
    const r = compare(['--year', '2026', '--against-year', '2025', '--format', 'json']);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j.activity_year).toBe(2026);
    expect(j.base.label).toBe('ffu-2025 applied to 2026 activity');
    expect(j.base.accounting).toEqual({ rows_read: 1210, counted: 1160, identity_holds: true });
    expect(j.totals.visit_deduction).toEqual({ base: '877800.00', alt: '872100.00', delta: '-5700.00' });
  });
  it('--activity-year: the 2027 rules (2026 values carried) applied to 2026 activity change nothing', () => {
    const r = compare(['--year', '2027', '--against-year', '2026', '--activity-year', '2026']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('alt:  ffu-2027 applied to 2026 activity');
    expect(r.row('*').net_payment_delta).toBe('0.00');
    expect(r.row('*').total_deduction_delta).toBe('0.00');
  });
  it('with --scenario only, the base is the plain year: 230 patients → 40 000; the egen clinic 350 − 60 = 290 × 800 = 232 000', () => {
    const r = compare(['--year', '2026', '--scenario', 'rules/scenarios/unique-patient-deduction-800.yaml']);
    expect(r.code).toBe(0);
    expect(r.row(P).unique_patient_deduction_delta).toBe('40000.00');
    expect([r.row(E).unique_patients_required_alt, r.row(E).unique_patients_alt, r.row(E).unique_patient_deduction_delta]).toEqual(['350', '60', '232000.00']);
    expect(r.row('*').unique_patient_deduction_delta).toBe('272000.00');
  });
  it('nothing to compare, or activity outside the years, is a usage error (exit 2)', () => {
    expect(compare(['--year', '2026']).code).toBe(2);
    const r = compare(['--year', '2025', '--against-year', '2026']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/outside the rule year 2025/);
  });
  it('--help has examples', () => {
    const r = cli(['compare', '--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('vardval compare --year 2026 --against-year 2025');
  });
});

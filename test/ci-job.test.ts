/**
 * The example CI job (scripts/ci-regression.sh) on the archived year fixtures/archive-2025:
 * it passes on the archive as signed, and fails (exit 1, naming clinic and column) when one
 * rule value changes. The signed figures themselves are checked by hand for Motoriska against
 * DOMAIN.md §1.1 (2025), so the archive holds the right numbers, not just the code's.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Decimal, sum } from '../src/model/decimal.js';
import { ROOT, readCsv, tmp } from './helpers.js';

const SCRIPT = join(ROOT, 'scripts', 'ci-regression.sh');
const SIGNED = join(ROOT, 'fixtures', 'archive-2025', 'signed');
const FP02 = 'SE2321000017-FP02';

function job(args: string[] = [], env: Record<string, string> = {}) {
  const r = spawnSync('sh', [SCRIPT, ...args], { cwd: tmp(), env: { ...process.env, NO_COLOR: '1', ...env }, encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('scripts/ci-regression.sh', () => {
  it('passes (exit 0) on the archived year against its signed figures, from any working directory', () => {
    const r = job();
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^OK: the recomputed figures match the baseline/);
  });

  it('fails (exit 1) when one rule value changes: a copy of the 2025 rules with 571 kr per missing visit', () => {
    const rules = readFileSync(join(ROOT, 'rules', 'ffu-2025.yaml'), 'utf8');
    const changed = rules.replace(/(visit_deduction_per_visit:\n\s+value: )570\n/, '$1571\n');
    expect(changed).not.toBe(rules);
    const file = join(tmp(), 'ffu-2025-changed.yaml');
    writeFileSync(file, changed);
    const r = job(['--rules', file]);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^MISMATCH/);
    // Motoriska is 60 visits short: 60 × 1 kr more deduction, in December's row and the deduction report
    expect(r.stdout).toMatch(new RegExp(`payment-basis\\.csv +${FP02} +2025-12 +deductions +34200\\.00 +34260\\.00 +60\\.00`));
    expect(r.stdout).toMatch(new RegExp(`deductions\\.csv +${FP02} +visit_deduction +34200\\.00 +34260\\.00 +60\\.00`));
  });

  it('passes extra arguments to vardval check (--set, --format json)', () => {
    const r = job(['--set', 'physio.vat_compensation_rate=0.07', '--format', 'json']);
    expect(r.code).toBe(1);
    const diff = JSON.parse(r.stdout).differences.find(
      (d: { clinic_id: string; activity_month: string; column: string }) =>
        d.clinic_id === FP02 && d.activity_month === '2025-01' && d.column === 'vat_compensation',
    );
    // 7 % instead of 6 % of 926 507 / 12 = 77 208.92 a month: 5 404.62 (rounded running total) − 4 632.54
    expect(diff).toMatchObject({ baseline: '4632.54', now: '5404.62', delta: '772.08' });
  });

  it('a broken archive is exit 2 (the check could not run), not a pass', () => {
    const r = job([], { VARDVAL_ARCHIVE: tmp() });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/vardval: error: .*/);
  });
});

describe('the signed figures of fixtures/archive-2025, by hand (DOMAIN.md §1.1, 2025)', () => {
  const pay = readCsv(readFileSync(join(SIGNED, 'payment-basis.csv'), 'utf8')).filter((r) => r.clinic_id === FP02);
  const ded = readCsv(readFileSync(join(SIGNED, 'deductions.csv'), 'utf8')).find((r) => r.clinic_id === FP02)!;

  it('Motoriska (private, 1 FTE, 1 specialist): 1 140 counted of 1 200 required, 60 × 570 = 34 200.00', () => {
    // 95 counted visits a month; written contacts weigh 0 in 2025; unique patients 250 of 280, no deduction in 2025
    expect([ded.fte_months, ded.visits_required, ded.visits_counted, ded.visits_shortfall, ded.visit_deduction_rate, ded.visit_deduction]).toEqual([
      '12',
      '1200',
      '1140',
      '60',
      '570.00',
      '34200.00',
    ]);
    expect([ded.unique_patients_required, ded.unique_patients, ded.unique_patient_deduction, ded.total_deduction, ded.status]).toEqual([
      '280',
      '250',
      '0.00',
      '34200.00',
      'final',
    ]);
  });

  it('twelve monthly rows: 684 880 / 12, SAL 169 627 / 12 and VAT spread by rounded running totals', () => {
    expect(pay.map((r) => r.activity_month)).toEqual(Array.from({ length: 12 }, (_, i) => `2025-${String(i + 1).padStart(2, '0')}`));
    // running totals of 57 073.333… rounded: .33 .67 .00 .33 .67 … → months .33 .34 .33 .33 .34 .33 …
    expect(pay.map((r) => r.fixed_compensation)).toEqual([
      '57073.33',
      '57073.34',
      '57073.33',
      '57073.33',
      '57073.34',
      '57073.33',
      '57073.33',
      '57073.34',
      '57073.33',
      '57073.33',
      '57073.34',
      '57073.33',
    ]);
    // 14 135.58333…: .58 .17 .75 .33 .92 .50 .08 .67 .25 .83 .42 .00 → .58 .59 .58 .58 .59 .58 .58 .59 .58 .58 .59 .58
    expect(pay.map((r) => r.sal)).toEqual([
      '14135.58',
      '14135.59',
      '14135.58',
      '14135.58',
      '14135.59',
      '14135.58',
      '14135.58',
      '14135.59',
      '14135.58',
      '14135.58',
      '14135.59',
      '14135.58',
    ]);
    // 0.06 × (57 073.333… + 14 135.583… + 6 000) = 4 632.535 a month, half away from zero on the running total;
    // December: 0.06 × (926 507 − 34 200) = 53 538.42 for the year, minus 50 957.89 paid = 2 580.53
    expect(pay.map((r) => r.vat_compensation)).toEqual([
      '4632.54',
      '4632.53',
      '4632.54',
      '4632.53',
      '4632.54',
      '4632.53',
      '4632.54',
      '4632.53',
      '4632.54',
      '4632.53',
      '4632.54',
      '2580.53',
    ]);
    expect(pay.every((r) => r.specialist_compensation === '6000.00' && r.patient_fees === '19500.00')).toBe(true);
    expect(pay.map((r) => r.deductions)).toEqual([...Array(11).fill('0.00'), '34200.00']);
  });

  it('net payment: 711 845.42 for the year (926 507 + 53 538.42 − 12 × 19 500 − 34 200)', () => {
    expect(pay[0]!.net_payment).toBe('62341.45');
    expect(pay[11]!.net_payment).toBe('26089.44');
    expect(sum(pay.map((r) => new Decimal(r.net_payment!))).toFixed(2)).toBe('711845.42');
  });
});

/**
 * Scenarios: the 800 kr unique-patient proposal of seed 000 overlaid on the decided 2026 rules,
 * clinic by clinic (DOMAIN.md §1.1: 230 → 40 000, 180 → 80 000, 130 → 120 000 kr).
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { cli, cosmicCsv, dateFor, pnr, readCsv, registerCsv, tmp, writeFiles, type Row } from './helpers.js';

const SCENARIO = 'rules/scenarios/unique-patient-deduction-800.yaml';
const A = 'SE-A'; // private, 230 unique patients
const B = 'SE-B'; // private, 180
const C = 'SE-C'; // egen regi, 130

/** 1 200 completed visits (the visit requirement of 1 FTE is met) shared by `patients` persons. */
function clinicRows(clinic: string, patients: number, offset: number): Row[] {
  return Array.from({ length: 1200 }, (_, i) => ({ clinic, id: `${clinic}-${i}`, date: dateFor(2026, i), patient: pnr(offset + (i % patients)) }));
}

let dir: string;
let input: string[];
beforeAll(() => {
  dir = tmp();
  writeFiles(dir, {
    'clinics.csv': registerCsv([
      { id: A, name: 'Privat A', regi: 'privat', fte: '1' },
      { id: B, name: 'Privat B', regi: 'privat', fte: '1' },
      { id: C, name: 'Egen C', regi: 'egen', fte: '1' },
    ]),
    'exports/cosmic-2026.csv': cosmicCsv([...clinicRows(A, 230, 0), ...clinicRows(B, 180, 1000), ...clinicRows(C, 130, 2000)]),
  });
  input = ['--clinics', join(dir, 'clinics.csv'), join(dir, 'exports')];
});

function calc(extra: string[], out = join(tmp(), 'out')) {
  const r = cli(['calc', '--year', '2026', '--out', out, ...extra, ...input]);
  return { ...r, out };
}

describe('calc --scenario', () => {
  it('applies the overlay: 50 / 100 / 150 patients short × 800 kr; the scenario and its source are recorded', () => {
    const r = calc(['--scenario', SCENARIO, '--format', 'json']);
    expect(r.stderr).not.toMatch(/error/);
    expect(r.code).toBe(0);
    const ded = readCsv(readFileSync(join(r.out, 'deductions.csv'), 'utf8'));
    const d = (id: string) => ded.find((x) => x.clinic_id === id)!;
    expect([d(A).unique_patients, d(B).unique_patients, d(C).unique_patients]).toEqual(['230', '180', '130']);
    expect([d(A).unique_patient_deduction, d(B).unique_patient_deduction, d(C).unique_patient_deduction]).toEqual(['40000.00', '80000.00', '120000.00']);
    expect(d(A).visit_deduction).toBe('0.00');
    // the scenario's value is assumed, so the figures that use it say so (DOMAIN §4)
    expect(d(A).assumed_parameters!.split(' ')).toContain('physio.unique_patient_deduction_per_patient');
    const j = JSON.parse(r.stdout);
    expect(j.rules.scenarios).toEqual([expect.objectContaining({ id: 'unique-patient-deduction-800', file: SCENARIO })]);
    expect(j.rules.overrides).toEqual([
      expect.objectContaining({ name: 'physio.unique_patient_deduction_per_patient', value: '800', previous: '0', origin: 'scenario', file: SCENARIO }),
    ]);
  });
  it('without the scenario the decided 0 kr is confirmed and not listed among the assumed parameters', () => {
    const r = calc([]);
    expect(r.code).toBe(0);
    const a = readCsv(readFileSync(join(r.out, 'deductions.csv'), 'utf8')).find((x) => x.clinic_id === A)!;
    expect(a.unique_patient_deduction).toBe('0.00');
    expect(a.assumed_parameters!.split(' ')).not.toContain('physio.unique_patient_deduction_per_patient');
  });
  it('--set is applied after the scenarios: 800 overridden by 400 → 50 × 400 = 20 000 kr', () => {
    const r = calc(['--scenario', SCENARIO, '--set', 'physio.unique_patient_deduction_per_patient=400', '--format', 'json']);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j.clinics.find((c: { clinic_id: string }) => c.clinic_id === A).unique_patient_deduction).toBe('20000.00');
    expect(j.rules.overrides.map((o: { origin: string; value: string; previous: string }) => [o.origin, o.value, o.previous])).toEqual([
      ['scenario', '800', '0'],
      ['set', '400', '800'],
    ]);
  });
});

describe('calc --scenario --compare: the simulated figures, clinic by clinic', () => {
  let out: string;
  let stdout: string;
  beforeAll(() => {
    const r = calc(['--scenario', SCENARIO, '--compare']);
    expect(r.stderr).not.toMatch(/error/);
    expect(r.code).toBe(0);
    out = r.out;
    stdout = r.stdout;
  });
  it('writes comparison.csv only: base, scenario (alt) and delta per figure, and the total', () => {
    expect(existsSync(join(out, 'comparison.csv'))).toBe(true);
    expect(existsSync(join(out, 'payment-basis.csv'))).toBe(false);
    const rows = readCsv(readFileSync(join(out, 'comparison.csv'), 'utf8'));
    expect(rows.map((r) => r.clinic_id)).toEqual([A, B, C, '*']);
    const row = (id: string) => rows.find((r) => r.clinic_id === id)!;
    expect([row(A).total_deduction_base, row(A).total_deduction_alt, row(A).total_deduction_delta]).toEqual(['0.00', '40000.00', '40000.00']);
    expect(row(B).total_deduction_delta).toBe('80000.00');
    expect(row(C).total_deduction_delta).toBe('120000.00');
    expect(row('*').total_deduction_delta).toBe('240000.00');
    // private: the deduction also lowers the 6 % VAT compensation: −40 000 × 1.06 = −42 400
    // A's net: 684 880 + 169 627 + 6 % × 854 507 = 905 777.42 → 684 880 + 169 627 + 6 % × 814 507 − 40 000 = 863 377.42
    expect([row(A).net_payment_base, row(A).net_payment_alt, row(A).net_payment_delta]).toEqual(['905777.42', '863377.42', '-42400.00']);
    expect(row(B).net_payment_delta).toBe('-84800.00');
    expect([row(C).net_payment_base, row(C).net_payment_alt, row(C).net_payment_delta]).toEqual(['684880.00', '564880.00', '-120000.00']);
    expect(row('*').net_payment_delta).toBe('-247200.00');
    expect(row(A).unique_patients_required_delta).toBe('0');
    expect(row(A).assumed_parameters!.split(' ')).toContain('physio.unique_patient_deduction_per_patient');
  });
  it('prints the table with both rule sets named and the overlaid parameter with its source', () => {
    expect(stdout).toContain('base: ffu-2026');
    expect(stdout).toContain('alt:  ffu-2026 + scenario unique-patient-deduction-800');
    expect(stdout).toMatch(/SE-A +Privat A +0\.00 +40000\.00 +\+40000\.00 +905777\.42 +863377\.42 +-42400\.00/);
    expect(stdout).toMatch(/TOTAL +0\.00 +240000\.00 +\+240000\.00/);
    expect(stdout).toContain('physio.unique_patient_deduction_per_patient = 800 (was 0) [assumed] seed 000');
  });
  it('--format json gives the same figures', () => {
    const r = calc(['--scenario', SCENARIO, '--compare', '--format', 'json']);
    const j = JSON.parse(r.stdout);
    expect(j.totals.total_deduction).toEqual({ base: '0.00', alt: '240000.00', delta: '240000.00' });
    expect(j.alt.label).toBe('ffu-2026 + scenario unique-patient-deduction-800');
  });
});

describe('scenario errors', () => {
  it('--compare without --scenario or --set is a usage error', () => {
    const r = calc(['--compare']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/nothing to compare/);
  });
  it('a scenario written for 2026 does not apply to the 2025 rules', () => {
    const r = cli(['calc', '--year', '2025', '--scenario', SCENARIO, '--out', join(tmp(), 'o'), ...input]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/unique-patient-deduction-800\.yaml:\d+: base_year: the scenario is written for the 2026 rules, not for ffu-2025/);
  });
  it('a scenario with a wrong unit names its file, line and parameter', () => {
    const file = join(tmp(), 'bad.yaml');
    const text = readFileSync(SCENARIO, 'utf8').replace('unit: SEK/patient', 'unit: SEK');
    writeFileSync(file, text);
    const line = text.split('\n').findIndex((l) => l.includes('unit: SEK')) + 1;
    const r = calc(['--scenario', file]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`${file}:${line}: physio.unique_patient_deduction_per_patient: wrong unit 'SEK', expected 'SEK/patient'`);
    const v = cli(['rules', 'validate', file]);
    expect(v.code).toBe(1);
  });
});

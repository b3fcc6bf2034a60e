/**
 * Issue 2's checks, hand-computed from DOMAIN.md §1 (not snapshots of what the code printed).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { CalcResultJson } from '../src/output/json-schemas.js';
import { cli, cosmicCsv, dateFor, pnr, readCsv, registerCsv, tmp, writeFiles, type Row, issue2Activity, PRIV, EGEN } from './helpers.js';

function setup(year: number): { dir: string; args: string[] } {
  return issue2Activity(year);
}

function run(year: number, extra: string[] = []) {
  const { dir, args } = setup(year);
  const out = join(dir, 'out');
  const r = cli(['calc', '--year', String(year), '--out', out, '--format', 'json', ...extra, ...args]);
  expect(r.stderr).not.toMatch(/error/);
  expect(r.code).toBe(0);
  const json = JSON.parse(r.stdout);
  const ded = readCsv(readFileSync(join(out, 'deductions.csv'), 'utf8'));
  const pay = readCsv(readFileSync(join(out, 'payment-basis.csv'), 'utf8'));
  return { json, ded, pay, out };
}

describe('check 1: visit deduction with written contacts (2026) and without them (2025)', () => {
  it('2026: 1 100 visits + 50 written × 0.2 = 1 110 counted, 90 short, 51 300.00 kr', () => {
    const { ded } = run(2026);
    const c = ded.find((d) => d.clinic_id === PRIV)!;
    expect(c.visits_required).toBe('1200');
    expect(c.visits_counted).toBe('1110');
    expect(c.visits_shortfall).toBe('90');
    expect(c.visit_deduction_rate).toBe('570.00');
    expect(c.visit_deduction).toBe('51300.00');
    expect(c.status).toBe('final');
  });
  it('2025: written contacts weigh 0 → 1 100 counted, 100 short, 57 000.00 kr; the written rows are excluded as zero_weight', () => {
    const { ded, json } = run(2025);
    const c = ded.find((d) => d.clinic_id === PRIV)!;
    expect(c.visits_counted).toBe('1100');
    expect(c.visits_shortfall).toBe('100');
    expect(c.visit_deduction).toBe('57000.00');
    expect(json.accounting.excluded.zero_weight).toBe(50);
  });
});

describe('check 2: unique-patient deduction', () => {
  it('230 unique patients with the 800 kr proposal → 50 short × 800 = 40 000.00 kr, override recorded', () => {
    const { ded, json } = run(2026, ['--set', 'physio.unique_patient_deduction_per_patient=800']);
    const c = ded.find((d) => d.clinic_id === PRIV)!;
    expect(c.unique_patients).toBe('230');
    expect(c.unique_patients_required).toBe('280');
    expect(c.unique_patients_shortfall).toBe('50');
    expect(c.unique_patient_deduction).toBe('40000.00');
    expect(c.total_deduction).toBe('91300.00');
    expect(json.rules.overrides).toEqual([expect.objectContaining({ name: 'physio.unique_patient_deduction_per_patient', value: '800', previous: '0' })]);
  });
  it('without the override the 2026 deduction is 0.00 kr', () => {
    const { ded } = run(2026);
    expect(ded.find((d) => d.clinic_id === PRIV)!.unique_patient_deduction).toBe('0.00');
  });
  it('an unknown parameter name is a usage error (exit 2)', () => {
    const { args } = setup(2026);
    const r = cli(['calc', '--year', '2026', '--set', 'physio.no_such_thing=1', ...args]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/physio\.no_such_thing: unknown parameter/);
  });
});

describe('check 3: egen regi, 2.5 FTE from 1 July', () => {
  it('1 500 visits required (1 200 × 2.5 × 6 / 12), fixed compensation for July–December, no SAL, no VAT', () => {
    const { ded, pay } = run(2026);
    const c = ded.find((d) => d.clinic_id === EGEN)!;
    expect(c.fte_months).toBe('15');
    expect(c.visits_required).toBe('1500');
    expect(c.unique_patients_required).toBe('350');
    const rows = pay.filter((p) => p.clinic_id === EGEN);
    expect(rows.map((r) => r.activity_month)).toEqual(['2026-07', '2026-08', '2026-09', '2026-10', '2026-11', '2026-12']);
    expect(rows.every((r) => r.sal === '0.00' && r.vat_compensation === '0.00')).toBe(true);
    // 684 880 × 2.5 / 12 = 142 683.333… per month; six months = 856 100.00
    const fixed = rows.reduce((s, r) => s + Math.round(Number(r.fixed_compensation) * 100), 0);
    expect(fixed).toBe(85_610_000);
    // deduction: (1 500 − 60) × 570 = 820 800.00, paid with December's activity
    expect(c.visit_deduction).toBe('820800.00');
    expect(rows.at(-1)!.deductions).toBe('820800.00');
    expect(rows.at(-1)!.payment_month).toBe('2027-01');
  });
});

describe('private clinic money over the year (hand-computed)', () => {
  it('fixed 684 880.00, SAL 169 627.00, VAT 6 % × (684 880 + 169 627 − 51 300) = 48 192.42, net 851 399.42', () => {
    const { pay, json } = run(2026);
    const rows = pay.filter((p) => p.clinic_id === PRIV);
    expect(rows).toHaveLength(12);
    const total = (col: string) => (rows.reduce((s, r) => s + Math.round(Number(r[col]) * 100), 0) / 100).toFixed(2);
    expect(total('fixed_compensation')).toBe('684880.00');
    expect(rows[0]!.fixed_compensation).toBe('57073.33');
    expect(rows[1]!.fixed_compensation).toBe('57073.34');
    expect(total('sal')).toBe('169627.00');
    expect(total('vat_compensation')).toBe('48192.42');
    expect(total('deductions')).toBe('51300.00');
    expect(total('net_payment')).toBe('851399.42');
    const clinic = json.clinics.find((c: { clinic_id: string }) => c.clinic_id === PRIV);
    expect(clinic.payments).toHaveLength(12);
    expect(clinic.assumed_parameters.visit_deduction).toContain('physio.visit_deduction_per_visit');
  });
});

describe('check 4: what does not count, each under its own reason', () => {
  let json: CalcResultJson;
  beforeAll(() => {
    const dir = tmp();
    const base = { clinic: PRIV, name: 'Privat Fysio', patient: pnr(1) };
    const rows: Row[] = [
      { ...base, id: 'ok1', date: '2026-03-02' },
      { ...base, id: 'ns', date: '2026-03-03', status: 'no_show', fee: '600.00' },
      { ...base, id: 'ca', date: '2026-03-04', status: 'cancelled' },
      { ...base, id: 'lc', date: '2026-03-05', status: 'late_cancelled' },
      { ...base, id: 'ot', date: '2026-03-06', profession: 'occupational_therapist' },
      { ...base, id: 'dr', date: '2026-03-07', profession: 'doctor' },
      { ...base, id: 'oc', date: '2026-03-08', county: '18', fee: '300.00' },
      { ...base, id: 'ad', date: '2026-03-09', type: 'administrative' },
      { ...base, id: 'uk', date: '2026-03-10', clinic: 'SE-UNKNOWN' },
      { ...base, id: 'ok1', date: '2026-03-02' },
    ];
    writeFiles(dir, { 'clinics.csv': registerCsv([{ id: PRIV, name: 'Privat Fysio', regi: 'privat', fte: '1' }]), 'march.csv': cosmicCsv(rows) });
    const r = cli(['calc', '--year', '2026', '--clinics', join(dir, 'clinics.csv'), '--out', join(dir, 'out'), '--format', 'json', join(dir, 'march.csv')]);
    expect(r.code).toBe(0);
    json = JSON.parse(r.stdout);
  });
  it('reports every exclusion reason and the identity read = counted + excluded + rejected', () => {
    expect(json.accounting.rows_read).toBe(10);
    expect(json.accounting.counted).toBe(1);
    expect(json.accounting.excluded).toEqual({
      administrative: 1,
      cancelled: 1,
      duplicate_contact: 1,
      late_cancelled: 1,
      no_show: 1,
      other_profession: 2,
      out_of_county: 1,
      unknown_clinic: 1,
    });
    expect(json.accounting.rejected).toEqual({});
    expect(json.accounting.identity_holds).toBe(true);
  });
  it('the period is the months in the data, so March alone is provisional and its deduction is not paid', () => {
    expect(json.period).toEqual({ from: '2026-03', to: '2026-03', whole_year: false, months_without_data: [], months_without_listing: [] });
    const c = json.clinics[0] as { status: string; visits_required: string; visit_deduction: string; payments: { deductions: string; patient_fees: string }[] };
    expect(c.status).toBe('provisional');
    // 1 FTE-month: 100 visits required, 1 counted → 99 × 570 = 56 430.00, shown but not paid
    expect(c.visits_required).toBe('100');
    expect(c.visit_deduction).toBe('56430.00');
    expect(c.payments[0]!.deductions).toBe('0.00');
    // fees of in-county rows are an advance (the 600 kr no-show fee); the out-of-county fee is not
    expect(c.payments[0]!.patient_fees).toBe('600.00');
  });
});

describe('a month without any row inside the period', () => {
  it('is named in the summary and in the JSON (is an export missing?)', () => {
    const dir = tmp();
    const rows: Row[] = ['2026-01-10', '2026-03-10'].map((date, i) => ({ clinic: 'SE-X', name: 'X', id: `G${i}`, date, patient: pnr(i) }));
    writeFiles(dir, { 'clinics.csv': registerCsv([{ id: 'SE-X', name: 'X', regi: 'egen', fte: '1' }]), 'e.csv': cosmicCsv(rows) });
    const args = ['calc', '--year', '2026', '--clinics', join(dir, 'clinics.csv'), '--out', join(dir, 'out'), join(dir, 'e.csv')];
    const table = cli(args);
    // a contracted clinic-month without rows: the figures are written, the run is not "all well" (issue 8)
    expect(table.code).toBe(1);
    expect(table.stdout).toMatch(/No rows at all for 2026-02: is an export missing\?/);
    expect(table.stderr).toMatch(/contracted clinic-months without a single row \(1\):\n {4}2026-02: SE-X/);
    const json = JSON.parse(cli([...args, '--format', 'json']).stdout);
    expect(json.period).toEqual({ from: '2026-01', to: '2026-03', whole_year: false, months_without_data: ['2026-02'], months_without_listing: [] });
  });
});

describe('a private clinic that leaves on 30 June (whole-year period)', () => {
  it("its final deduction is paid with December's activity although it has no contract then", () => {
    const dir = tmp();
    // 1 FTE January–June: 6 FTE-months → 600 visits required; 100 counted → 500 × 570 = 285 000
    const left: Row[] = Array.from({ length: 100 }, (_, i) => ({ clinic: 'SE-LEFT', name: 'Lämnat', id: `L${i}`, date: dateFor(2026, i, 6), patient: pnr(i) }));
    // another clinic's rows run to December, so the period is the whole year
    const other: Row[] = Array.from({ length: 12 }, (_, i) => ({
      clinic: 'SE-OTHER',
      name: 'Annan',
      id: `O${i}`,
      date: dateFor(2026, i),
      patient: pnr(500 + i),
    }));
    writeFiles(dir, {
      'clinics.csv': registerCsv([
        { id: 'SE-LEFT', name: 'Lämnat', regi: 'privat', fte: '1', to: '2026-06-30' },
        { id: 'SE-OTHER', name: 'Annan', regi: 'egen', fte: '1' },
      ]),
      'e.csv': cosmicCsv([...left, ...other]),
    });
    const out = join(dir, 'out');
    const r = cli(['calc', '--year', '2026', '--clinics', join(dir, 'clinics.csv'), '--out', out, '-q', join(dir, 'e.csv')]);
    expect(r.code).toBe(0);
    const ded = readCsv(readFileSync(join(out, 'deductions.csv'), 'utf8')).find((d) => d.clinic_id === 'SE-LEFT')!;
    expect(ded.visits_required).toBe('600');
    expect(ded.visit_deduction).toBe('285000.00');
    expect(ded.status).toBe('final');
    const rows = readCsv(readFileSync(join(out, 'payment-basis.csv'), 'utf8')).filter((p) => p.clinic_id === 'SE-LEFT');
    expect(rows.map((p) => p.activity_month)).toEqual(['2026-01', '2026-02', '2026-03', '2026-04', '2026-05', '2026-06', '2026-12']);
    const dec = rows.at(-1)!;
    expect(dec.fte).toBe('0');
    expect(dec.fixed_compensation).toBe('0.00');
    expect(dec.deductions).toBe('285000.00');
    // VAT compensation follows gross after deductions: 6 % × (0 − 285 000) = −17 100.00
    expect(dec.vat_compensation).toBe('-17100.00');
    expect(dec.net_payment).toBe('-302100.00');
    // the year: VAT 6 % × (342 440 + 84 813.50 − 285 000) = 8 535.21
    const vat = rows.reduce((s, p) => s + Math.round(Number(p.vat_compensation) * 100), 0);
    expect(vat).toBe(853521);
  });
});

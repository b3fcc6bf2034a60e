/**
 * What the rule format can express, end to end through calc: the 2017 requirement by
 * focus-diagnosis share (DOMAIN.md §1.3), a reduced requirement in the first contract year and
 * compensation for additional assignments (§1.4). Hand-computed.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, cosmicCsv, dateFor, lovisaCsv, pnr, readCsv, registerCsv, tmp, writeFiles, type Row } from './helpers.js';

const P = 'SE-PRIV';

/** 1 299 visits in 2017; `focus` of them with a main diagnosis in a focus group, written in several ways. */
function rows2017(focus: number): Row[] {
  const focusCodes = ['G35', 'f32.1', 'R52.2', 'I63.9', 'M797'];
  const otherCodes = ['M54.5', 'S83.2', '', 'R52.0'];
  return Array.from({ length: 1299 }, (_, i) => ({
    clinic: P,
    id: `P${i}`,
    date: dateFor(2017, i),
    patient: pnr(i % 400),
    diagnosis: i < focus ? focusCodes[i % focusCodes.length]! : otherCodes[i % otherCodes.length]!,
  }));
}

function calc2017(focus: number) {
  const dir = tmp();
  writeFiles(dir, {
    'clinics.csv': registerCsv([{ id: P, name: 'Privat Fysio', regi: 'privat', fte: '1', from: '2010-01-01' }]),
    'cosmic.csv': cosmicCsv(rows2017(focus)),
  });
  const out = join(dir, 'out');
  const r = cli(['calc', '--year', '2017', '--clinics', join(dir, 'clinics.csv'), '--out', out, '--format', 'json', join(dir, 'cosmic.csv')]);
  expect(r.stderr).not.toMatch(/error/);
  expect(r.code).toBe(0);
  const ded = readCsv(readFileSync(join(out, 'deductions.csv'), 'utf8'))[0]!;
  return { json: JSON.parse(r.stdout), ded, dir };
}

describe('2017: the requirement depends on the focus-diagnosis share', () => {
  it('325 of 1 299 visits in focus groups (25.02 %): 1 300 required, 1 short × 448 kr; 2017 money for a private clinic', () => {
    const { json, ded } = calc2017(325);
    expect(json.clinics[0].focus_share).toBe('0.2501'); // 0.250192…, truncated (issue 8)
    expect([ded.visits_required, ded.visits_counted, ded.visits_shortfall]).toEqual(['1300', '1299', '1']);
    expect([ded.visit_deduction_rate, ded.visit_deduction]).toEqual(['448.00', '448.00']);
    // 582 053 + 169 627 + 6 % × (751 680 − 448) = 45 073.92; net 751 680 + 45 073.92 − 448 = 796 305.92
    expect(json.totals.fixed_compensation).toBe('582053.00');
    expect(json.totals.sal).toBe('169627.00');
    expect(json.totals.vat_compensation).toBe('45073.92');
    expect(json.totals.net_payment).toBe('796305.92');
    // the diagnosis groups are our assumption, and the deduction says it depends on them
    expect(ded.assumed_parameters!.split(' ')).toContain('physio.focus_diagnosis_groups');
  });
  it('324 of 1 299 (24.94 %): the base tier, 1 700 required, 401 short × 342 = 137 142 kr', () => {
    const { ded } = calc2017(324);
    expect([ded.visits_required, ded.visits_shortfall, ded.visit_deduction_rate, ded.visit_deduction]).toEqual(['1700', '401', '342.00', '137142.00']);
  });
  it('explain names the tier table and the focus groups it read', () => {
    const { dir } = calc2017(325);
    const r = cli(['explain', '--year', '2017', '--clinic', P, '--clinics', join(dir, 'clinics.csv'), '--format', 'json', join(dir, 'cosmic.csv')]);
    expect(r.code).toBe(0);
    const steps = JSON.parse(r.stdout).steps as { figure: string; value: string; parameters: { name: string }[] }[];
    const step = (f: string) => steps.find((s) => s.figure === f)!;
    expect(step('focus_share').value).toBe('0.2501');
    expect(step('focus_share').parameters.map((p) => p.name)).toContain('physio.focus_diagnosis_groups');
    expect(step('requirement_tier').value).toBe('1300 visits/FTE, 448 kr/visit');
    expect(step('requirement_tier').parameters.map((p) => p.name)).toEqual(['physio.requirement_tiers']);
  });
  it('an export without a diagnosis column is a clear error for such rules (exit 2)', () => {
    const dir = tmp();
    writeFiles(dir, {
      'clinics.csv': registerCsv([{ id: P, name: 'Privat Fysio', regi: 'privat', fte: '1', from: '2010-01-01' }]),
      'lovisa-2017.csv': lovisaCsv([{ clinic: P, id: 'L1', date: '2017-03-01', patient: pnr(1) }]),
    });
    const r = cli(['calc', '--year', '2017', '--clinics', join(dir, 'clinics.csv'), '--out', join(dir, 'out'), join(dir, 'lovisa-2017.csv')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(
      /lovisa-2017\.csv:1: rule file ffu-2017 makes the requirement depend on the main diagnosis \(physio\.requirement_tiers\), but this export has no diagnosis column/,
    );
  });
});

describe('first contract year and additional assignments, from register columns', () => {
  const register = [
    'clinic_id;name;vardval;regi;municipality;fte;valid_from;valid_to;specialists;first_contract_year;additional_assignments',
    `${P};Ny Fysio;fysioterapi;privat;Karlstad;1;2026-01-01;;0;2026;2`,
    '',
  ].join('\n');
  function run(extra: string[]) {
    const dir = tmp();
    writeFiles(dir, {
      'clinics.csv': register,
      'cosmic.csv': cosmicCsv(Array.from({ length: 500 }, (_, i) => ({ clinic: P, id: `P${i}`, date: dateFor(2026, i), patient: pnr(i % 100) }))),
    });
    const out = join(dir, 'out');
    const r = cli(['calc', '--year', '2026', '--clinics', join(dir, 'clinics.csv'), '--out', out, '--format', 'json', ...extra, join(dir, 'cosmic.csv')]);
    expect(r.code).toBe(0);
    return { json: JSON.parse(r.stdout), ded: readCsv(readFileSync(join(out, 'deductions.csv'), 'utf8'))[0]! };
  }
  it('factor 0.5 in the first contract year: 600 visits and 140 patients required; 100 short × 570 = 57 000 kr', () => {
    const { ded } = run(['--set', 'physio.first_year_requirement_factor=0.5']);
    expect([ded.visits_required, ded.visits_shortfall, ded.visit_deduction]).toEqual(['600', '100', '57000.00']);
    expect(ded.unique_patients_required).toBe('140');
    expect(ded.assumed_parameters!.split(' ')).toContain('physio.first_year_requirement_factor');
  });
  it('2 assignments × 120 000 kr = 240 000; VAT 6 % × (684 880 + 169 627 + 240 000 − 57 000) = 62 250.42; net 1 099 757.42', () => {
    const { json } = run(['--set', 'physio.first_year_requirement_factor=0.5', '--set', 'physio.additional_assignment_compensation=120000']);
    expect(json.totals.additional_assignment_compensation).toBe('240000.00');
    expect(json.totals.vat_compensation).toBe('62250.42');
    expect(json.totals.net_payment).toBe('1099757.42');
    expect(json.clinics[0].payments[0].additional_assignment_compensation).toBe('20000.00');
  });
  it('without the parameters (the 2026 file has neither) the full requirement applies and nothing extra is paid', () => {
    const { ded, json } = run([]);
    expect(ded.visits_required).toBe('1200');
    expect(json.totals.additional_assignment_compensation).toBe('0.00');
  });
});

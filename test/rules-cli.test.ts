/**
 * `vardval rules`: the bundled rule files validate and their rule tests pass (run through the CLI
 * like a user would), broken copies fail with file, line and parameter path, and list / show /
 * diff report what the files say.
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, cli, tmp } from './helpers.js';

const RULE_FILE = readFileSync(join(ROOT, 'rules', 'ffu-2026.yaml'), 'utf8');

/** 1-based line of the first line containing `text` (after `from`, a 1-based line) in `content`. */
function lineOf(content: string, text: string, from = 1): number {
  const lines = content.split('\n');
  const i = lines.findIndex((l, k) => k + 1 >= from && l.includes(text));
  if (i < 0) throw new Error(`'${text}' not in the file`);
  return i + 1;
}

function broken(edit: (s: string) => string): { file: string; text: string } {
  const text = edit(RULE_FILE);
  expect(text).not.toBe(RULE_FILE);
  const file = join(tmp(), 'ffu-2026.yaml');
  writeFileSync(file, text);
  return { file, text };
}

describe('the bundled rules (part of npm test)', () => {
  it('vardval rules validate rules/*.yaml rules/scenarios/*.yaml rules/tests/*.yaml: exit 0, every file ok', () => {
    const files = ['rules', 'rules/scenarios', 'rules/tests'].flatMap((d) =>
      readdirSync(join(ROOT, d))
        .filter((f) => f.endsWith('.yaml'))
        .map((f) => `${d}/${f}`),
    );
    expect(files).toContain('rules/ffu-2017.yaml');
    expect(files).toContain('rules/scenarios/unique-patient-deduction-800.yaml');
    const r = cli(['rules', 'validate', ...files]);
    expect(r.stdout).not.toMatch(/FAIL/);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`${files.length} files valid`);
  });
  it('vardval rules validate without arguments checks every bundled file, format profiles included', () => {
    const r = cli(['rules', 'validate']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/ok +rules\/formats\/cosmic\.yaml \(format profile cosmic\)/);
  });
  it('vardval rules test: every rule test of rules/tests passes, exit 0', () => {
    const r = cli(['rules', 'test']);
    expect(r.stdout).not.toMatch(/FAIL/);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/ok +230 unique patients → 50 short → 40 000 kr \(ffu-2026 \+ unique-patient-deduction-800\)/);
    expect(r.stdout).toMatch(/ok +below 25 %/);
    expect(r.stdout).toMatch(/\d+ passed, 0 failed/);
  });
});

describe('rules validate: problems name file, line and parameter path; exit 1', () => {
  it('an unknown key in a parameter', () => {
    const { file, text } = broken((s) => s.replace('      value: 1200\n', '      value: 1200\n      colour: blue\n'));
    const r = cli(['rules', 'validate', file]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain(`${file}:${lineOf(text, 'visit_requirement_per_fte:')}: physio.visit_requirement_per_fte: unknown key 'colour'`);
  });
  it('a missing source', () => {
    const { file, text } = broken((s) => s.replace('      source: "seed 003: decided 0 kr (the 800 kr proposal of seed 000 was not adopted)"\n', ''));
    const r = cli(['rules', 'validate', file]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain(
      `${file}:${lineOf(text, 'unique_patient_deduction_per_patient:')}: physio.unique_patient_deduction_per_patient: missing 'source'`,
    );
  });
  it('a wrong unit', () => {
    const { file, text } = broken((s) => s.replace('unit: SEK/visit', 'unit: SEK/besök'));
    const r = cli(['rules', 'validate', file]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain(`${file}:${lineOf(text, 'unit: SEK/besök')}: physio.visit_deduction_per_visit: wrong unit 'SEK/besök', expected 'SEK/visit'`);
  });
  it('a duplicate key', () => {
    const { file, text } = broken((s) => s.replace('      value: 684880\n', '      value: 684880\n      value: 700000\n'));
    const r = cli(['rules', 'validate', file]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain(`${file}:${lineOf(text, 'value: 700000')}: physio.fixed_compensation_per_fte.value: duplicate key 'value'`);
  });
  it('all four problems of one file are reported together, with an unknown parameter and a missing required one', () => {
    const { file, text } = broken((s) =>
      s
        .replace('      value: 1200\n', '      value: 1200\n      colour: blue\n')
        .replace('      source: "seed 003: decided 0 kr (the 800 kr proposal of seed 000 was not adopted)"\n', '')
        .replace('unit: SEK/visit', 'unit: SEK/besök')
        .replace('      value: 684880\n', '      value: 684880\n      value: 700000\n')
        .replace('    sal_per_fte:', '    sal_per_ftee:'),
    );
    const r = cli(['rules', 'validate', file]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain(`${file}: 5 problems`);
    expect(r.stdout).toContain(`${file}:${lineOf(text, 'colour: blue') - 2}: physio.visit_requirement_per_fte: unknown key 'colour'`);
    expect(r.stdout).toContain(`physio.unique_patient_deduction_per_patient: missing 'source'`);
    expect(r.stdout).toContain(`physio.visit_deduction_per_visit: wrong unit 'SEK/besök'`);
    expect(r.stdout).toContain(`${file}:${lineOf(text, 'value: 700000')}: physio.fixed_compensation_per_fte.value: duplicate key 'value'`);
    expect(r.stdout).toContain(`${file}:${lineOf(text, 'sal_per_ftee:')}: physio.sal_per_ftee: unknown parameter`);
  });
  it('a missing required parameter; several files: the valid one ok, the broken one FAIL', () => {
    const { file } = broken((s) => s.replace(/ {4}home_county:\n( {6}.*\n){4}/, ''));
    const r = cli(['rules', 'validate', 'rules/ffu-2025.yaml', file]);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/ok +rules\/ffu-2025\.yaml/);
    expect(r.stdout).toContain('physio.home_county: missing required parameter');
    expect(r.stdout).toContain('1 of 2 files invalid, 1 problem');
  });
  it('calc refuses the broken file too (exit 2), naming the first problem and how many more', () => {
    const { file } = broken((s) => s.replace('unit: SEK/visit', 'unit: SEK/besök').replace('    sal_per_fte:', '    sal_per_ftee:'));
    const r = cli(['calc', '--rules', file, '--clinics', 'fixtures/clinics.csv', 'fixtures/exports/cosmic-2026-01.csv']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/physio\.visit_deduction_per_visit: wrong unit 'SEK\/besök', expected 'SEK\/visit' \(and 1 more; see vardval rules validate/);
  });
  it('a file that does not exist is a usage error (exit 2)', () => {
    expect(cli(['rules', 'validate', 'rules/ffu-1999.yaml']).code).toBe(2);
  });
  it('--format json lists each problem with line and path', () => {
    const { file, text } = broken((s) => s.replace('unit: SEK/visit', 'unit: SEK/besök'));
    const r = cli(['rules', 'validate', '--format', 'json', file]);
    expect(r.code).toBe(1);
    const j = JSON.parse(r.stdout);
    expect(j.valid).toBe(false);
    expect(j.files[0].problems).toEqual([
      expect.objectContaining({
        line: lineOf(text, 'unit: SEK/besök'),
        path: 'physio.visit_deduction_per_visit',
        problem: "wrong unit 'SEK/besök', expected 'SEK/visit'",
      }),
    ]);
  });
});

describe('rules test: a failing expectation fails the run', () => {
  it('a wrong expected amount → exit 1 with expected and actual; a broken case → exit 1 with its line', () => {
    const dir = tmp();
    const file = join(dir, 'mine.yaml');
    writeFileSync(
      file,
      [
        'tests:',
        '  - name: "2026: 1 100 visits, 100 short × 570"',
        '    year: 2026',
        '    input: { fte: 1, counted: { clinic_visit: 1100 } }',
        '    expect:',
        '      visit_deduction: "57000.00"',
        '      visits_required: "1300"',
        '  - name: "more patients than rows"',
        '    year: 2026',
        '    input: { fte: 1, counted: { clinic_visit: 10 }, unique_patients: 11 }',
        '    expect: { total_deduction: "0" }',
        '',
      ].join('\n'),
    );
    const r = cli(['rules', 'test', file]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('visits_required: expected 1300, got 1200 (line 7)');
    expect(r.stdout).not.toContain('visit_deduction: expected');
    expect(r.stdout).toMatch(/FAIL +more patients than rows \(.*mine\.yaml:8\)/);
    expect(r.stdout).toContain('unique_patients (11) cannot exceed the counted rows (10)');
    expect(r.stdout).toContain('0 passed, 2 failed');
  });
  it('an unknown figure in expect is a failure naming the line', () => {
    const file = join(tmp(), 't.yaml');
    writeFileSync(file, 'tests:\n  - name: x\n    year: 2026\n    input: { fte: 1 }\n    expect:\n      net_paymnet: "0"\n');
    const r = cli(['rules', 'test', file]);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/t\.yaml:6: tests\.1\.expect\.net_paymnet: unknown figure/);
  });
});

describe('rules list / show / diff', () => {
  it('list: the years with their files and counts of confirmed and assumed parameters (counted by hand in the files)', () => {
    const r = cli(['rules', 'list', '--format', 'json']);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout);
    const y = (year: number) => j.years.find((x: { year: number }) => x.year === year);
    expect(j.years.map((x: { year: number }) => x.year)).toEqual([2017, 2025, 2026, 2027]);
    expect(y(2017)).toMatchObject({ file: 'rules/ffu-2017.yaml', parameters: 27, confirmed: 10, assumed: 17 }); // + 4 assumed policies of issue 8
    // 25 physiotherapy parameters (12 confirmed) and 17 of the pre-2026 vårdcentral section (3 confirmed: home_county, sal_regi, vat_compensation_regi)
    expect(y(2025)).toMatchObject({ file: 'rules/ffu-2025.yaml', parameters: 42, confirmed: 15, assumed: 27 });
    expect(j.scenarios).toEqual([expect.objectContaining({ id: 'unique-patient-deduction-800', base_year: 2026, parameters: 1 })]);
  });
  it('show 2026: every parameter with value, unit, source and status', () => {
    const r = cli(['rules', 'show', '2026', '--format', 'json']);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j.parameters).toHaveLength(41); // 25 physiotherapy + 16 vårdcentral
    expect(j.parameters.find((p: { name: string }) => p.name === 'physio.contact_weights.written')).toMatchObject({
      value: '0.2',
      unit: 'visits/contact',
      status: 'confirmed',
      source: expect.stringContaining('seed 003'),
    });
    const table = cli(['rules', 'show', '2026']);
    expect(table.stdout).toMatch(/physio\.visit_deduction_per_visit +570 +SEK\/visit +assumed +not published in the seeds/);
  });
  it('show 2026 with the scenario marks the overlaid parameter and its origin', () => {
    const r = cli(['rules', 'show', '2026', '--scenario', 'rules/scenarios/unique-patient-deduction-800.yaml']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/physio\.unique_patient_deduction_per_patient\* +800 +SEK\/patient +assumed +seed 000/);
    expect(r.stdout).toContain('physio.unique_patient_deduction_per_patient = 800 (was 0; scenario rules/scenarios/unique-patient-deduction-800.yaml:');
  });
  it('diff 2025 2026: the written weight 0 → 0.2 changed, two values turned assumed; in vårdcentral the compensations seed 003 folds in are removed, the new ones added; nothing else', () => {
    const r = cli(['rules', 'diff', '2025', '2026', '--format', 'json']);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j.changes.map((c: { name: string; change: string }) => [c.name, c.change])).toEqual([
      ['physio.fixed_compensation_per_fte', 'status'],
      ['physio.visit_deduction_per_visit', 'status'],
      ['physio.contact_weights.written', 'changed'],
      // seed 003: a new weight list (Värmländsk viktlista); whole CNI points count (no threshold)
      ['vardcentral.age_point_weights', 'changed'],
      ['vardcentral.compensation_per_age_point', 'changed'],
      ['vardcentral.cni_threshold', 'removed'],
      // Torsby only ≥ 35 km; a start grant for 12 months; requisition drugs compensated
      ['vardcentral.geography_min_distance_km', 'added'],
      ['vardcentral.start_grant_per_month', 'added'],
      ['vardcentral.start_grant_months', 'added'],
      ['vardcentral.requisition_drug_groups', 'added'],
      // folded: drugs become a free good, Nära vård and the coordinating nurse into the capitation, kommunmottagna into CNI
      ['vardcentral.drug_compensation_per_age_point', 'removed'],
      ['vardcentral.nara_vard_compensation_per_listed', 'removed'],
      ['vardcentral.coordinating_nurse_compensation_per_listed', 'removed'],
      ['vardcentral.kommunmottagna_compensation_per_person', 'removed'],
      ['vardcentral.vat_components', 'changed'],
    ]);
    const w = j.changes[2];
    expect(w.old).toMatchObject({ value: '0', source: 'seed 000: written distance contacts are not counted today' });
    expect(w.new).toMatchObject({ value: '0.2', source: expect.stringContaining('seed 003') });
    const md = cli(['rules', 'diff', '2025', '2026', '--format', 'markdown']);
    expect(md.stdout).toContain('| `physio.contact_weights.written` | 0 | 0.2 | visits/contact | changed |');
  });
  it('diff 2017 2025: the tier table removed, the plain requirement and rate added', () => {
    const j = JSON.parse(cli(['rules', 'diff', '2017', '2025', '--format', 'json']).stdout);
    const kind = (n: string) => j.changes.find((c: { name: string }) => c.name === n)?.change;
    expect(kind('physio.requirement_tiers')).toBe('removed');
    expect(kind('physio.visit_requirement_per_fte')).toBe('added');
    expect(kind('physio.fixed_compensation_per_fte')).toBe('changed');
  });
  it('every rules subcommand has --help with an example (exit 0)', () => {
    for (const sub of ['list', 'show', 'validate', 'diff', 'test']) {
      const r = cli(['rules', sub, '--help']);
      expect(r.code).toBe(0);
      expect(r.stdout).toMatch(/Examples:\n {2}vardval rules /);
    }
  });
});

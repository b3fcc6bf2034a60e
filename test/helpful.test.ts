/**
 * The analyst's day: amounts in Swedish form, suggestions for typos, clinics by name, bundled
 * scenarios by id from anywhere, and check's differences in groups.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatKronor, formatNumber } from '../src/output/locale.js';
import { closest, didYouMean, editDistance } from '../src/util/did-you-mean.js';
import { ROOT, cli, issue2Activity, tmp } from './helpers.js';

const NB = '\u00a0';

describe('--locale sv: amounts formatted from the exact decimal string', () => {
  it('groups by three with a no-break space and writes a decimal comma', () => {
    expect(formatKronor('1206754.84', 'sv')).toBe(`1${NB}206${NB}754,84 kr`);
    expect(formatNumber('-17326.66', 'sv')).toBe(`-17${NB}326,66`);
    expect(formatNumber('+6042.00', 'sv')).toBe(`+6${NB}042,00`);
    expect(formatNumber('999.5', 'sv')).toBe('999,5');
    expect(formatNumber('1500', 'sv')).toBe(`1${NB}500`);
    expect(formatNumber('123456789012345678901234.10', 'sv')).toBe(`123${NB}456${NB}789${NB}012${NB}345${NB}678${NB}901${NB}234,10`);
    expect(formatNumber('final', 'sv')).toBe('final');
    expect(formatNumber('1206754.84', 'en')).toBe('1206754.84');
  });

  it('takes nothing away: removing the spaces and the comma gives the machine form back (property)', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: -(10n ** 20n), max: 10n ** 20n }), fc.integer({ min: 0, max: 99 }), (i, f) => {
        const machine = `${i}.${String(f).padStart(2, '0')}`;
        const sv = formatNumber(machine, 'sv');
        expect(sv.replaceAll(NB, '').replace(',', '.')).toBe(machine);
        expect(sv).toMatch(/^-?\d{1,3}(\u00a0\d{3})*,\d{2}$/);
      }),
    );
  });

  it('calc --locale sv prints the summary in Swedish form; the CSV files stay machine form', () => {
    const { args } = issue2Activity(2026);
    const out = tmp();
    const r = cli(['calc', '--year', '2026', ...args, '--out', out, '--locale', 'sv', '-q']);
    expect(r.code, r.stderr).toBe(0);
    // the private clinic: 1 100 visits + 50 written × 0.2 = 1 110 counted of 1 200 required, 90 × 570 = 51 300 deducted, net 851 399.42
    expect(r.stdout).toMatch(new RegExp(`SE-PRIV +Privat Fysio +privat +1 +1${NB}110 / 1${NB}200 .* 51${NB}300,00 +final +851${NB}399,42`));
    const csv = readFileSync(join(out, 'payment-basis.csv'), 'utf8');
    expect(csv).toContain(',2.5,142683.33,');
    expect(csv).not.toContain(NB);
    const en = cli(['calc', '--year', '2026', ...args, '--out', tmp(), '-q']);
    expect(en.stdout).toMatch(/851399\.42/);
  });

  it('compare --locale sv: 2025 against 2026 rules, the private clinic 57 000 → 51 300, net +6 042,00', () => {
    const { args } = issue2Activity(2026);
    const r = cli(['compare', '--year', '2026', '--against-year', '2025', ...args, '--out', tmp(), '--locale', 'sv', '-q']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(new RegExp(`SE-PRIV +Privat Fysio +57${NB}000,00 +51${NB}300,00 +-5${NB}700,00 +845${NB}357,42 +851${NB}399,42 +\\+6${NB}042,00`));
  });
});

describe('did you mean', () => {
  it('optimal string alignment distance: a transposition is one edit', () => {
    expect(editDistance('unqiue', 'unique')).toBe(1);
    expect(editDistance('kitten', 'sitting')).toBe(3);
    expect(editDistance('', 'abc')).toBe(3);
    expect(closest('csv_dialect', ['clinics', 'csv-dialect', 'locale'])).toEqual(['csv-dialect']);
    expect(didYouMean('zzzzzz', ['clinics', 'out'])).toBe('');
    expect(didYouMean('FT1', ['FT10', 'FT11'])).toBe(' (did you mean FT10 or FT11?)');
  });

  it('--set with a mistyped or unqualified parameter name names the catalogue parameter (exit 2)', () => {
    const { args } = issue2Activity(2026);
    const typo = cli(['calc', '--year', '2026', ...args, '--out', tmp(), '--set', 'physio.visit_deduction_per_vist=500']);
    expect(typo.code).toBe(2);
    expect(typo.stderr).toContain('unknown parameter (did you mean physio.visit_deduction_per_visit?)');
    const bare = cli(['calc', '--year', '2026', ...args, '--out', tmp(), '--set', 'visit_deduction_per_visit=500']);
    expect(bare.stderr).toContain('(did you mean physio.visit_deduction_per_visit?)');
  });

  it('a scenario file with a mistyped parameter names the closest one, with file and line', () => {
    const dir = tmp();
    const file = join(dir, 's.yaml');
    writeFileSync(
      file,
      'id: s\ndescription: d\nsource: s\nparameters:\n  physio:\n    visit_deduction_per_visits:\n      value: 500\n      unit: SEK/visit\n      status: assumed\n      source: x\n',
    );
    const r = cli(['rules', 'validate', file]);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/s\.yaml:6: physio\.visit_deduction_per_visits: unknown parameter \(did you mean physio\.visit_deduction_per_visit\?\)/);
  });

  it('commander suggests commands and options', () => {
    const c = cli(['calk']);
    expect(c.code).toBe(2);
    expect(c.stderr).toContain('(Did you mean calc?)');
    const o = cli(['rules', 'list', '--formt', 'json']);
    expect(o.code).toBe(2);
    expect(o.stderr).toContain('(Did you mean --format?)');
  });
});

describe('explain --clinic by a part of the name', () => {
  const { args } = issue2Activity(2026);
  it('a unique part of the name, in any case, finds the clinic', () => {
    const r = cli(['explain', '--year', '2026', '--clinic', 'privat fys', ...args, '--format', 'json']);
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout).clinic.clinic_id).toBe('SE-PRIV');
  });
  it('an ambiguous part is exit 2 listing the candidates; an unknown id suggests the closest', () => {
    const a = cli(['explain', '--year', '2026', '--clinic', 'fysio', ...args]);
    expect(a.code).toBe(2);
    expect(a.stderr).toContain("'fysio' matches 2 clinics: SE-EGEN Egen Fysio; SE-PRIV Privat Fysio");
    const u = cli(['explain', '--year', '2026', '--clinic', 'SE-PRIW', ...args]);
    expect(u.code).toBe(2);
    expect(u.stderr).toContain('(did you mean SE-PRIV?)');
  });
});

describe('--scenario by id', () => {
  it('finds a bundled scenario from any directory; a near miss is suggested', () => {
    const r = cli(['rules', 'show', '2026', '--scenario', 'unique-patient-deduction-800', '--format', 'json'], { cwd: tmp() });
    expect(r.code, r.stderr).toBe(0);
    const p = JSON.parse(r.stdout).parameters.find((x: { name: string }) => x.name === 'physio.unique_patient_deduction_per_patient');
    expect(p).toMatchObject({ value: '800', origin: 'scenario' });
    const miss = cli(['rules', 'show', '2026', '--scenario', 'unique-patient-deduction-80'], { cwd: tmp() });
    expect(miss.code).toBe(2);
    expect(miss.stderr).toContain('(did you mean unique-patient-deduction-800?)');
  });
});

describe('check groups its differences', () => {
  it('money first, then other figures, then assumed-parameter changes, each with a count per column', () => {
    const A = join(ROOT, 'fixtures', 'archive-2025');
    const dir = tmp();
    // a baseline in which one clinic's FTE, one net payment and one assumed-parameter list differ
    const pay = readFileSync(join(A, 'signed', 'payment-basis.csv'), 'utf8').split('\n');
    const header = pay[0]!.split(',');
    const cells = pay[1]!.split(',');
    cells[header.indexOf('net_payment')] = (Number(cells[header.indexOf('net_payment')]) + 1).toFixed(2);
    cells[header.indexOf('fte')] = '9';
    cells[header.indexOf('assumed_parameters')] = 'physio.no_longer_assumed';
    pay[1] = cells.join(',');
    writeFileSync(join(dir, 'payment-basis.csv'), pay.join('\n'));
    const r = cli(['check', '--year', '2025', '--clinics', join(A, 'clinics.csv'), '--baseline', dir, join(A, 'exports')]);
    expect(r.code).toBe(1);
    const money = r.stdout.indexOf('Money: 1 (net_payment 1)');
    const figures = r.stdout.indexOf('Other figures: 1 (fte 1)');
    const assumed = r.stdout.indexOf('Assumed-parameter changes: 1 (assumed_parameters 1)');
    expect(money).toBeGreaterThan(0);
    expect(figures).toBeGreaterThan(money);
    expect(assumed).toBeGreaterThan(figures);
    const sv = cli(['check', '--year', '2025', '--clinics', join(A, 'clinics.csv'), '--baseline', dir, '--locale', 'sv', join(A, 'exports')]);
    expect(sv.stdout).toMatch(/net_payment +\d{1,3}(\u00a0\d{3})*,\d\d +\d{1,3}(\u00a0\d{3})*,\d\d +-1,00/);
    const j = JSON.parse(
      cli(['check', '--year', '2025', '--clinics', join(A, 'clinics.csv'), '--baseline', dir, '--format', 'json', join(A, 'exports')]).stdout,
    );
    expect(j.groups).toEqual({
      rows: { count: 0, by_column: {} },
      money: { count: 1, by_column: { net_payment: 1 } },
      figures: { count: 1, by_column: { fte: 1 } },
      assumed_parameters: { count: 1, by_column: { assumed_parameters: 1 } },
    });
  });
});

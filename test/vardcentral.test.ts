/**
 * Vårdval vårdcentral (issue 10), hand-computed against the bundled 2026 rules (all values
 * assumed placeholders, see rules/ffu-2026.yaml): 4 800 kr per age point and year, 600 kr per
 * CNI point and year, Torsby 400 kr per listed and year from 35 km, start grant 150 000 kr a
 * month for 12 months, SAL 350 kr per age point and year and VAT compensation 6 % for private
 * units, on capitation + CNI + geography + start grant + adjustments marked for it.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { beforeAll, describe, expect, it } from 'vitest';
import { luhnCheckDigit } from '../src/input/patient-id.js';
import { ROOT, cli, readCsv, tmp, writeFiles } from './helpers.js';

/** A personnummer YYYYMMDD-NNNC; the serial's last digit odd = man. Samordningsnummer: day + 60. */
function id(birth: string, serial: string): string {
  const date = birth.replace(/-/g, '');
  return `${date}-${serial}${luhnCheckDigit(date.slice(2) + serial)}`;
}
const WOMAN = '002';
const MAN = '001';

const T1 = [
  id('1990-06-15', WOMAN), // 36 on 2026-12-31: female 25–44, 0.85
  id('1950-01-01', MAN), // 76: male 75–84, 1.8
  id('2026-01-10', WOMAN), // 0: female 0, 1.4
  id('2022-04-01', '011'), // 4: male 1–4, 0.95
  id('1940-03-91', '022'), // samordningsnummer, born 31 March 1940: 86, female 85–, 2.3
  id('1961-12-31', '031'), // 65 on its birthday 2026-12-31: male 65–74, 1.25
  id('1962-01-01', '041'), // 64 (65 the day after): male 45–64, 0.8
];
const T2 = [id('1980-05-05', '102'), id('1981-05-05', '111'), id('1982-05-05', '122')];
const T3 = [id('1970-07-07', '202'), id('1971-07-07', '211'), id('1972-07-07', '222')];

const HEAD = 'Listningsdatum;Vårdenhet HSA-id;Vårdenhet;Patient-id;Listningstyp;Folkbokföringslän;Kommunkod';
function snapshot(date: string, extra: string[] = []): string {
  const rows = [
    ...T1.map((p) => `${date};T1;Privat enhet;${p};Aktiv;17;1780`),
    ...T2.map((p) => `${date};T2;Torsby nära;${p};Passiv;17;1737`),
    ...T3.map((p) => `${date};T3;Torsby fjärran;${p};Aktiv;17;1737`),
    `${date};T4;Ny enhet 2026;${id('2000-02-02', '302')};Aktiv;17;1780`,
    `${date};T5;Ny enhet 2025;${id('2001-02-02', '402')};Aktiv;17;1780`,
    ...extra,
  ];
  return `${[HEAD, ...rows].join('\n')}\n`;
}

const REGISTER = `${[
  'clinic_id;name;vardval;regi;municipality;fte;valid_from;valid_to;specialists;km_from_town;established',
  'T1;Privat enhet;vardcentral;privat;Karlstad;;2010-01-01;;0;;',
  'T2;Torsby nära;vardcentral;egen;Torsby;;2010-01-01;;0;34.9;',
  'T3;Torsby fjärran;vardcentral;egen;Torsby;;2010-01-01;;0;35;',
  'T4;Ny enhet 2026;vardcentral;egen;Karlstad;;2026-01-01;;0;;2026-01-01',
  'T5;Ny enhet 2025;vardcentral;egen;Karlstad;;2025-12-01;;0;;2025-12-01',
  'FT01;Fysio;fysioterapi;egen;Karlstad;1;2020-01-01;;0;;',
].join('\n')}\n`;

let dir: string;
let out: string;
let run: ReturnType<typeof cli>;
let basis: Record<string, string>[];
let lines: Record<string, string>[];
const row = (unit: string, month: string): Record<string, string> => basis.find((r) => r.clinic_id === unit && r.activity_month === month)!;
const lineOf = (unit: string, month: string, component: string, code = ''): Record<string, string> | undefined =>
  lines.find((l) => l.clinic_id === unit && l.activity_month === month && l.component === component && l.code === code);

beforeAll(() => {
  dir = tmp('vardval-vc-');
  out = join(dir, 'out');
  writeFiles(dir, {
    'clinics.csv': REGISTER,
    'in/listing-2026-01-31.csv': snapshot('2026-01-31'),
    'in/listing-2026-11-30.csv': snapshot('2026-11-30'),
    // T1's first person listed a second time, at T2, and one row of a physiotherapy clinic
    'in/listing-2026-12-31.csv': snapshot('2026-12-31', [
      `2026-12-31;T2;Torsby nära;${T1[0]};Passiv;17;1737`,
      `2026-12-31;FT01;Fysio;${id('1999-09-09', '502')};Aktiv;17;1780`,
    ]),
    'in/cni.csv':
      'Vårdenhet HSA-id;Giltig från;Giltig till;Befolkning;CNI\nT1;2026-01-01;;7;1,25\nT2;2026-01-01;;3;1\nT3;2026-01-01;;3;1\nT4;2026-01-01;;1;1\nT5;2026-01-01;;1;1\n',
    'in/adjustments.csv': 'Vårdenhet HSA-id;Utbetalningsmånad;Kod;Belopp;Momsersättning;Notering\nT1;2027-01;SÄBO;1000,00;ja;\nT1;2027-01;ST;500,00;nej;\n',
  });
  run = cli(['calc', '--year', '2026', '--clinics', join(dir, 'clinics.csv'), '--out', out, join(dir, 'in')]);
  basis = readCsv(readFileSync(join(out, 'payment-basis.csv'), 'utf8'));
  lines = readCsv(readFileSync(join(out, 'payment-lines.csv'), 'utf8'));
});

describe('capitation from the listing (hand-computed)', () => {
  it('runs, and names the months without a snapshot', () => {
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('No listing snapshot for 2026-02, 2026-03, 2026-04, 2026-05, 2026-06, 2026-07, 2026-08, 2026-09, 2026-10');
  });

  it('age points of seven persons of known age and sex: 0.85 + 1.8 + 1.4 + 0.95 + 2.3 + 1.25 + 0.8 = 9.35; × 4 800 / 12 = 3 740.00', () => {
    const dec = row('T1', '2026-12');
    expect(dec.vardval).toBe('vardcentral');
    expect(dec.listed_persons).toBe('7');
    expect(dec.age_points).toBe('9.35');
    expect(dec.age_sex_capitation).toBe('3740.00');
    expect(lineOf('T1', '2026-12', 'age_sex_capitation')).toMatchObject({
      basis: '9.35',
      basis_unit: 'age points',
      rate: '4800',
      rate_unit: 'SEK/point/year',
      amount: '3740.00',
    });
    // in January the man born 1961-12-31 is 64 (0.8, not 1.25): 9.35 − 0.45 = 8.9 → 3 560.00
    expect(row('T1', '2026-01').age_points).toBe('8.9');
    expect(row('T1', '2026-01').age_sex_capitation).toBe('3560.00');
  });

  it('CNI points = 7 listed × index 1.25 = 8.75; × 600 / 12 = 437.50', () => {
    expect(row('T1', '2026-12').cni_points).toBe('8.75');
    expect(row('T1', '2026-12').cni_compensation).toBe('437.50');
  });

  it('Torsby: 34.9 km from the town gets no geography compensation, 35 km gets 3 × 400 / 12 = 100.00', () => {
    expect(row('T2', '2026-12').geography_compensation).toBe('0.00');
    expect(row('T3', '2026-12').geography_compensation).toBe('100.00');
    expect(lineOf('T2', '2026-12', 'geography_compensation')).toBeUndefined();
    expect(lineOf('T3', '2026-12', 'geography_compensation')).toMatchObject({ basis: '3', rate: '400', amount: '100.00' });
  });

  it('start grant in months 1 and 12 of operation, none in month 13', () => {
    expect(row('T4', '2026-01').start_grant).toBe('150000.00'); // established 2026-01-01: month 1
    expect(row('T4', '2026-12').start_grant).toBe('150000.00'); // month 12
    expect(row('T5', '2026-11').start_grant).toBe('150000.00'); // established 2025-12-01: month 12
    expect(row('T5', '2026-12').start_grant).toBe('0.00'); // month 13
    expect(lineOf('T5', '2026-12', 'start_grant')).toBeUndefined();
  });

  it('SAL and VAT only for the private unit: SAL 9.35 × 350 / 12 = 272.71; VAT 6 % × (3 740 + 437.50 + 1 000 SÄBO) = 310.65; net 6 260.86', () => {
    const dec = row('T1', '2026-12');
    expect(dec.sal).toBe('272.71');
    expect(dec.vat_compensation).toBe('310.65');
    expect(dec.adjustments).toBe('1500.00');
    expect(dec.net_payment).toBe('6260.86');
    expect(lineOf('T1', '2026-12', 'vat_compensation')).toMatchObject({ basis: '5177.5', rate: '0.06', amount: '310.65' });
    expect(lineOf('T1', '2026-12', 'adjustments', 'SÄBO')).toMatchObject({ amount: '1000.00' });
    expect(lineOf('T1', '2026-12', 'adjustments', 'ST')).toMatchObject({ amount: '500.00' });
    for (const unit of ['T2', 'T3', 'T4', 'T5']) {
      expect(row(unit, '2026-12').sal).toBe('0.00');
      expect(row(unit, '2026-12').vat_compensation).toBe('0.00');
      expect(lineOf(unit, '2026-12', 'sal')).toBeUndefined();
    }
  });

  it('the payment lines of a month add up to its net payment', () => {
    for (const r of basis.filter((b) => b.vardval === 'vardcentral')) {
      const total = lines
        .filter((l) => l.clinic_id === r.clinic_id && l.activity_month === r.activity_month)
        .reduce((s, l) => s + Math.round(Number(l.amount) * 100), 0);
      expect(total, `${r.clinic_id} ${r.activity_month}`).toBe(Math.round(Number(r.net_payment) * 100));
    }
  });

  it("the December snapshot is paid in January of the next year, under the December's year's rules", () => {
    expect(row('T1', '2026-12').payment_month).toBe('2027-01');
    const p = cli(['payout', '--month', '2027-01', '--no-strict', '--clinics', join(dir, 'clinics.csv'), '--format', 'json', '--out', '-', join(dir, 'in')]);
    const doc = JSON.parse(p.stdout);
    expect(doc.year).toBe(2026);
    expect(doc.rules.id).toBe('ffu-2026');
    expect(doc.rows.find((x: { clinic_id: string }) => x.clinic_id === 'T1')).toMatchObject({
      activity_month: '2026-12',
      payment_month: '2027-01',
      age_sex_capitation: '3740.00',
      net_payment: '6260.86',
    });
  });
});

describe('listing rows accounted, no identity number out', () => {
  it('a person listed twice in one snapshot: the second listing is rejected, the first counts', () => {
    expect(row('T2', '2026-12').listed_persons).toBe('3');
    expect(row('T1', '2026-12').listed_persons).toBe('7');
    const rejects = readCsv(readFileSync(join(out, 'rejects.csv'), 'utf8'));
    expect(rejects).toHaveLength(1);
    expect(rejects[0]).toMatchObject({ reason: 'listed_twice', column: 'Patient-id' });
  });

  it('read = counted + excluded + rejected, per snapshot, by reason', () => {
    const acc = readCsv(readFileSync(join(out, 'accounting.csv'), 'utf8')).filter((a) => a.file?.endsWith('listing-2026-12-31.csv'));
    const get = (category: string, reason = ''): string | undefined => acc.find((a) => a.category === category && a.reason === reason)?.rows;
    expect(get('read')).toBe('17');
    expect(get('counted')).toBe('15');
    expect(get('excluded', 'not_vardcentral_unit')).toBe('1');
    expect(get('rejected', 'listed_twice')).toBe('1');
  });

  it('no personnummer or samordningsnummer in any output', () => {
    const all =
      ['payment-basis.csv', 'payment-lines.csv', 'rejects.csv', 'accounting.csv'].map((f) => readFileSync(join(out, f), 'utf8')).join('\n') +
      run.stdout +
      run.stderr;
    for (const p of [...T1, ...T2, ...T3]) {
      expect(all).not.toContain(p);
      expect(all).not.toContain(p.replace('-', ''));
      expect(all).not.toContain(p.slice(2));
    }
  });
});

describe('explain for a vårdcentral', () => {
  it('shows the weights by age band and sex with their counts, CNI, geography and grant', () => {
    const r = cli([
      'explain',
      '--year',
      '2026',
      '--clinic',
      'T1',
      '--from',
      '2026-12',
      '--to',
      '2026-12',
      '--clinics',
      join(dir, 'clinics.csv'),
      join(dir, 'in'),
    ]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(
      'female 0–0: 1 × 1.4 + female 25–44: 1 × 0.85 + female 85–: 1 × 2.3 + male 1–4: 1 × 0.95 + male 45–64: 1 × 0.8 + male 65–74: 1 × 1.25 + male 75–84: 1 × 1.8',
    );
    expect(r.stdout).toContain('cni_points = 8.75');
    expect(r.stdout).toContain('= 7 × (1.25 − 0)');
    expect(r.stdout).toContain('geography_compensation = 0.00');
    const j = JSON.parse(
      cli([
        'explain',
        '--year',
        '2026',
        '--clinic',
        'T4',
        '--from',
        '2026-12',
        '--to',
        '2026-12',
        '--format',
        'json',
        '--clinics',
        join(dir, 'clinics.csv'),
        join(dir, 'in'),
      ]).stdout,
    );
    expect(j.steps.find((s: { figure: string }) => s.figure === 'start_grant')).toMatchObject({ value: '150000.00' });
    expect(j.payments[0]).toMatchObject({ activity_month: '2026-12', start_grant: '150000.00' });
  });
});

describe('--format json covers both vårdval', () => {
  it('validates against schemas/calc-result.schema.json and carries the listing by band', () => {
    const doc = JSON.parse(
      cli(['calc', '--year', '2026', '--clinics', join(dir, 'clinics.csv'), '--format', 'json', '-q', '--out', join(dir, 'json'), join(dir, 'in')]).stdout,
    );
    const ajv = new Ajv2020({ allErrors: true, strict: true });
    const validate = ajv.compile(JSON.parse(readFileSync(join(ROOT, 'schemas', 'calc-result.schema.json'), 'utf8')));
    expect(validate(doc), JSON.stringify(validate.errors)).toBe(true);
    const t1 = doc.clinics.find((c: { clinic_id: string }) => c.clinic_id === 'T1');
    expect(t1.vardval).toBe('vardcentral');
    const dec = t1.listing.find((l: { activity_month: string }) => l.activity_month === '2026-12');
    expect(dec).toMatchObject({ snapshot_date: '2026-12-31', listed_persons: 7, age_points: '9.35', cni_points: '8.75' });
    expect(dec.bands.find((b: { sex: string; age_from: number }) => b.sex === 'female' && b.age_from === 85)).toMatchObject({
      weight: '2.3',
      persons: 1,
      points: '2.3',
    });
    const cents = basis.filter((b) => b.vardval === 'vardcentral').reduce((n, b) => n + Math.round(Number(b.age_sex_capitation) * 100), 0);
    expect(doc.totals.age_sex_capitation).toBe((cents / 100).toFixed(2));
  });
});

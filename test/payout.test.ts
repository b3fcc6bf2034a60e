/**
 * vardval payout: the monthly payout file. Figures are hand-computed from DOMAIN.md §1.1 (2025)
 * for the archived example year fixtures/archive-2025 (see its README and the generator).
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { beforeAll, describe, expect, it } from 'vitest';
import { ROOT, cli, type CliResult, lovisaCsv, pnr, readCsv, registerCsv, tmp, writeFiles } from './helpers.js';

const A = join(ROOT, 'fixtures', 'archive-2025');
const REG = join(A, 'clinics.csv');
const EXPORTS = join(A, 'exports');
const FP02 = 'SE2321000017-FP02'; // Motoriska: private, 1 FTE, 1 specialist
const FP12 = 'SE2321000017-FP12'; // Åsa Berglund: private, 0.8 FTE
const FT02 = 'SE2321000017-FT02'; // Munkfors: egen regi, 1.5 FTE until April, then 1
const FT05 = 'SE2321000017-FT05'; // Storfors: egen regi, 0.5 FTE from 1 July

const COLUMNS =
  'clinic_id,clinic_name,regi,activity_month,payment_month,fte,fixed_compensation,specialist_compensation,' +
  'additional_assignment_compensation,sal,vat_compensation,patient_fees,deductions,net_payment,assumed_parameters,vardval,listed_persons,age_points,cni_points,age_sex_capitation,nara_vard_compensation,coordinating_nurse_compensation,drug_compensation,cni_compensation,kommunmottagna_compensation,geography_compensation,start_grant,requisition_drugs,adjustments';

function payout(args: string[], opts: { cwd?: string } = {}) {
  return cli(['payout', '--clinics', REG, ...args], opts);
}

function schema(name: string) {
  const ajv = new Ajv2020({ allErrors: true, strict: true });
  return ajv.compile(JSON.parse(readFileSync(join(ROOT, 'schemas', name), 'utf8')));
}

describe('payment month 2025-04 = activity month 2025-03', () => {
  let r: CliResult;
  let rows: Record<string, string>[];
  beforeAll(() => {
    r = payout(['--month', '2025-04', '--out', '-', EXPORTS]);
    rows = readCsv(r.stdout);
  });
  const row = (id: string) => rows.find((x) => x.clinic_id === id)!;

  it('exits 0 and writes only the CSV to stdout, with the documented columns', () => {
    expect(r.code).toBe(0);
    expect(r.stdout.split('\n')[0]).toBe(COLUMNS);
    expect(r.stderr).toMatch(/Payment month 2025-04 \(activity 2025-03\): 3 clinics/);
  });

  it('has one row per clinic under contract in March (Storfors joins in July)', () => {
    expect(rows.map((x) => x.clinic_id)).toEqual([FP02, FP12, FT02]);
    for (const x of rows) expect([x.activity_month, x.payment_month]).toEqual(['2025-03', '2025-04']);
  });

  it('Motoriska: 684 880/12, 6 000 specialist, SAL 169 627/12, VAT 6 %, minus 19 500 fees = 62 341.45', () => {
    // running totals of the year, rounded: fixed 171 220.00 − 114 146.67 = 57 073.33;
    // SAL 42 406.75 − 28 271.17 = 14 135.58; VAT 0.06 × 926 507 / 12 = 4 632.535 a month:
    // 13 897.605 → 13 897.61 − 9 265.07 = 4 632.54; fees 60 × 300 + 2 no-shows × 600 + 1 OT visit × 300 = 19 500
    const x = row(FP02);
    expect(x.fte).toBe('1');
    expect(x.fixed_compensation).toBe('57073.33');
    expect(x.specialist_compensation).toBe('6000.00');
    expect(x.sal).toBe('14135.58');
    expect(x.vat_compensation).toBe('4632.54');
    expect(x.patient_fees).toBe('19500.00');
    expect(x.deductions).toBe('0.00');
    expect(x.net_payment).toBe('62341.45');
  });

  it('Munkfors (egen regi, 1.5 FTE in March): 684 880 × 1.5 / 12 = 85 610.00, no SAL or VAT, fees 28 800 → 56 810.00', () => {
    const x = row(FT02);
    expect([x.fte, x.fixed_compensation, x.sal, x.vat_compensation, x.patient_fees, x.net_payment]).toEqual([
      '1.5',
      '85610.00',
      '0.00',
      '0.00',
      '28800.00',
      '56810.00',
    ]);
  });

  it("--year that is the activity month's year is accepted; another year is a usage error (exit 2)", () => {
    expect(payout(['--year', '2025', '--month', '2025-04', '--out', '-', EXPORTS]).stdout).toBe(r.stdout);
    const bad = payout(['--year', '2026', '--month', '2025-04', '--out', '-', EXPORTS]);
    expect(bad.code).toBe(2);
    expect(bad.stdout).toBe('');
    expect(bad.stderr).toMatch(/--year: payment month 2025-04 pays activity month 2025-03, computed with the rules of 2025, not --year 2026/);
    const rules = payout(['--rules', join(ROOT, 'rules', 'ffu-2026.yaml'), '--month', '2025-04', '--out', '-', EXPORTS]);
    expect(rules.code).toBe(2);
    expect(rules.stderr).toMatch(/--rules: .*ffu-2026\.yaml is for 2026, but payment month 2025-04 pays activity month 2025-03/);
  });

  it('the order and form of the inputs do not matter (files reversed, a pattern, the directory)', () => {
    const files = readdirSync(EXPORTS).map((f) => join(EXPORTS, f));
    expect(payout(['--month', '2025-04', '--out', '-', ...files.reverse()]).stdout).toBe(r.stdout);
    expect(payout(['--month', '2025-04', '--out', '-', join(EXPORTS, '*-2025-0?.csv'), join(EXPORTS, 'lovisa-*.csv')]).stdout).toBe(r.stdout);
  });

  it('--format json validates against schemas/payout.schema.json; totals are the sums of the rows', () => {
    const j = payout(['--month', '2025-04', '--format', 'json', '--out', '-', EXPORTS]);
    expect(j.code).toBe(0);
    const doc = JSON.parse(j.stdout);
    const validate = schema('payout.schema.json');
    const valid = validate(doc);
    expect(validate.errors ?? []).toEqual([]);
    expect(valid).toBe(true);
    expect(doc.payment_month).toBe('2025-04');
    expect(doc.activity_month).toBe('2025-03');
    expect(doc.year).toBe(2025);
    expect(doc.settles_deductions).toBe(false);
    expect(doc.strict).toBe(true);
    // Åsa Berglund 0.8 FTE: 45 658.67 + SAL 11 308.47 + VAT 3 418.02 − fees 22 500 = 37 885.16
    expect(doc.rows.find((x: { clinic_id: string }) => x.clinic_id === FP12).net_payment).toBe('37885.16');
    expect(doc.totals.net_payment).toBe('157036.61'); // 62 341.45 + 37 885.16 + 56 810.00
    expect(doc.totals.fixed_compensation).toBe('188342.00'); // 57 073.33 + 45 658.67 + 85 610.00
    expect(doc.rows.find((x: { clinic_id: string }) => x.clinic_id === FP02).assumed_parameters).toContain('physio.sal_per_fte');
  });

  it('the schema rejects what the contract forbids (a float for money, a missing column)', () => {
    const doc = JSON.parse(payout(['--month', '2025-04', '--format', 'json', '--out', '-', EXPORTS]).stdout);
    const validate = schema('payout.schema.json');
    doc.rows[0].net_payment = 62341.45;
    expect(validate(doc)).toBe(false);
    doc.rows[0].net_payment = '62341.4';
    expect(validate(doc)).toBe(false);
    doc.rows[0].net_payment = '62341.45';
    delete doc.rows[0].sal;
    expect(validate(doc)).toBe(false);
  });

  it('--csv-dialect excel-sv: BOM, semicolons, decimal comma', () => {
    const x = payout(['--month', '2025-04', '--out', '-', '--csv-dialect', 'excel-sv', EXPORTS]);
    expect(x.stdout.startsWith('\uFEFFclinic_id;clinic_name;')).toBe(true);
    expect(x.stdout).toContain(`${FP02};Motoriska;privat;2025-03;2025-04;1;57073,33;6000,00;0,00;14135,58;4632,54;19500,00;0,00;62341,45;`);
  });
});

describe("payment month 2026-01 = December 2025, with the year's final deductions", () => {
  let r: CliResult;
  let rows: Record<string, string>[];
  beforeAll(() => {
    r = payout(['--month', '2026-01', '--out', '-', EXPORTS]);
    rows = readCsv(r.stdout);
  });
  const row = (id: string) => rows.find((x) => x.clinic_id === id)!;

  it('uses the 2025 rules and includes the deductions (Motoriska: 60 visits short × 570 = 34 200)', () => {
    expect(r.code).toBe(0);
    const x = row(FP02);
    expect([x.activity_month, x.payment_month]).toEqual(['2025-12', '2026-01']);
    expect(x.deductions).toBe('34200.00');
    // VAT for the year 0.06 × (926 507 − 34 200) = 53 538.42, minus Jan–Nov 50 957.89 (11 × 4 632.535 rounded)
    expect(x.vat_compensation).toBe('2580.53');
    expect(x.net_payment).toBe('26089.44'); // 57 073.33 + 6 000 + 14 135.58 + 2 580.53 − 19 500 − 34 200
  });

  it('Storfors (0.5 FTE from July, 240 of 300 visits): 28 536.67 − fees 12 000 − 34 200 = −17 663.33', () => {
    const x = row(FT05);
    expect([x.fixed_compensation, x.patient_fees, x.deductions, x.net_payment]).toEqual(['28536.67', '12000.00', '34200.00', '-17663.33']);
  });

  it('every row equals the payment-basis row of calc for payment month 2026-01 (one contract, two commands)', () => {
    const dir = tmp();
    expect(cli(['calc', '--year', '2025', '--clinics', REG, '--out', dir, '-q', EXPORTS]).code).toBe(0);
    const basis = readCsv(readFileSync(join(dir, 'payment-basis.csv'), 'utf8')).filter((b) => b.payment_month === '2026-01');
    expect(rows).toEqual(basis);
  });

  it("needs the whole year: December's export alone is a usage error naming the months given", () => {
    const x = payout(['--month', '2026-01', '--out', '-', join(EXPORTS, 'lovisa-2025-12.csv')]);
    expect(x.code).toBe(2);
    expect(x.stdout).toBe('');
    expect(x.stderr).toMatch(/settles the deductions of 2025: give the exports of the whole year \(the data covers 2025-12 … 2025-12\)/);
  });

  it('needs every month: January to December with April missing is a usage error naming April', () => {
    const months = readdirSync(EXPORTS)
      .filter((f) => !f.includes('2025-04'))
      .map((f) => join(EXPORTS, f));
    expect(months).toHaveLength(11);
    const x = payout(['--month', '2026-01', '--out', '-', ...months]);
    expect(x.code).toBe(2);
    expect(x.stdout).toBe('');
    expect(x.stderr).toMatch(/settles the deductions of 2025, but the exports have no rows of 2025-04: give the exports of the whole year/);
  });
});

describe('inputs and outputs', () => {
  it('a payment month whose activity month is not in the exports is an error, not an empty payout', () => {
    const x = payout(['--month', '2025-04', '--out', '-', join(EXPORTS, 'lovisa-*.csv')]);
    expect(x.code).toBe(2);
    expect(x.stderr).toMatch(/no contact rows of activity month 2025-03 in the exports/);
  });

  it('a malformed --month is a usage error', () => {
    for (const m of ['2025-13', '202504', 'april']) {
      const x = payout(['--month', m, '--out', '-', EXPORTS]);
      expect(x.code).toBe(2);
      expect(x.stderr).toMatch(/--month: expected the payment month as YYYY-MM/);
    }
  });

  it('by default writes out/payout-<month>.csv (atomically, nothing on stdout); --format json writes .json', () => {
    const cwd = tmp();
    const x = payout(['--month', '2025-04', EXPORTS], { cwd });
    expect(x.code).toBe(0);
    expect(x.stdout).toBe('');
    const file = join(cwd, 'out', 'payout-2025-04.csv');
    expect(readFileSync(file, 'utf8').split('\n')[0]).toBe(COLUMNS);
    expect(readdirSync(join(cwd, 'out'))).toEqual(['payout-2025-04.csv']); // no temporary file left
    expect(x.stderr).toContain('written to out/payout-2025-04.csv');
    expect(payout(['--month', '2025-04', '--format', 'json', EXPORTS], { cwd }).code).toBe(0);
    expect(JSON.parse(readFileSync(join(cwd, 'out', 'payout-2025-04.json'), 'utf8')).payment_month).toBe('2025-04');
    const custom = join(cwd, 'deep', 'dir', 'p.csv');
    // -q: only the unknown clinic of the archive is named (it changes money, issue 8)
    expect(payout(['--month', '2025-04', '--out', custom, '-q', EXPORTS], { cwd }).stderr).toMatch(
      /^Completeness: [^\n]*\n {2}clinic SE2321000017-FX99 is in the exports \(36 rows\) but not in the clinic register[^\n]*\n$/,
    );
    expect(existsSync(custom)).toBe(true);
  });

  describe('strict by default: a rejected row stops a payout; --no-strict skips and counts it', () => {
    const dir = tmp();
    const id = 'SE-X';
    // written when the describe block is collected: small, and needed by both cases
    const good = Array.from({ length: 10 }, (_, i) => ({ clinic: id, id: `C${i}`, date: '2025-03-05', patient: pnr(i), fee: '300.00' }));
    const badId = `${pnr(99).slice(0, 11)}${(Number(pnr(99).slice(11)) + 1) % 10}`; // wrong check digit
    writeFiles(dir, {
      'clinics.csv': registerCsv([{ id, name: 'Klinik X', regi: 'egen', fte: '1' }]),
      'march.csv': lovisaCsv([...good, { clinic: id, id: 'BAD', date: '2025-03-06', patient: badId, fee: '300.00' }]),
    });
    const args = ['payout', '--clinics', join(dir, 'clinics.csv'), '--month', '2025-04', '--out', '-'];

    it('default: exit 2 naming file, line and column, and no patient id', () => {
      const x = cli([...args, join(dir, 'march.csv')]);
      expect(x.code).toBe(2);
      expect(x.stdout).toBe('');
      expect(x.stderr).toMatch(/march\.csv:12\b.*invalid_patient_id/);
      expect(x.stderr).toContain('PatientID');
      expect(x.stderr).not.toContain(badId);
    });

    it('--no-strict: exit 0, the row skipped, a warning on stderr and the count in the JSON', () => {
      const x = cli([...args, '--no-strict', join(dir, 'march.csv')]);
      expect(x.code).toBe(0);
      expect(readCsv(x.stdout)[0]!.patient_fees).toBe('3000.00'); // 10 × 300; the rejected row's fee is not taken
      expect(x.stderr).toMatch(/warning: 1 rejected rows skipped \(invalid_patient_id 1\)/);
      const j = JSON.parse(cli([...args, '--no-strict', '--format', 'json', join(dir, 'march.csv')]).stdout);
      expect(j.strict).toBe(false);
      expect(j.accounting.rejected).toEqual({ invalid_patient_id: 1 });
    });
  });
});

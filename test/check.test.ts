/**
 * vardval check: recompute and compare with a stored payment basis / deduction report. The
 * archived year fixtures/archive-2025 and its signed figures are the baseline; the deltas are
 * hand-computed from the rule change (DOMAIN.md §1.1: 570 kr per missing visit in 2025).
 */
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { beforeAll, describe, expect, it } from 'vitest';
import { ROOT, cli, tmp, type CliResult } from './helpers.js';

const A = join(ROOT, 'fixtures', 'archive-2025');
const SIGNED = join(A, 'signed');
const FP02 = 'SE2321000017-FP02';
const FT02 = 'SE2321000017-FT02';
const FT05 = 'SE2321000017-FT05';

function check(baseline: string, extra: string[] = []): CliResult {
  return cli(['check', '--year', '2025', '--clinics', join(A, 'clinics.csv'), '--baseline', baseline, ...extra, join(A, 'exports')]);
}

/** A copy of the signed figures with `edit` applied to one file's text. */
function editedBaseline(file: 'payment-basis.csv' | 'deductions.csv', edit: (text: string) => string): string {
  const dir = tmp();
  for (const f of ['payment-basis.csv', 'deductions.csv']) copyFileSync(join(SIGNED, f), join(dir, f));
  writeFileSync(join(dir, file), edit(readFileSync(join(dir, file), 'utf8')));
  return dir;
}

interface Diff {
  file: string;
  clinic_id: string;
  activity_month: string | null;
  column: string | null;
  kind: string;
  baseline: string | null;
  now: string | null;
  delta: string | null;
  line: number | null;
}

function validateCheckJson(doc: unknown): void {
  const validate = new Ajv2020({ allErrors: true, strict: true }).compile(JSON.parse(readFileSync(join(ROOT, 'schemas', 'check-result.schema.json'), 'utf8')));
  const ok = validate(doc);
  expect(validate.errors ?? []).toEqual([]);
  expect(ok).toBe(true);
}

describe('the same inputs and rules as the signed figures', () => {
  it('exit 0, "OK" on stdout, nothing on stderr with --quiet', () => {
    const r = check(SIGNED, ['-q']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(
      /^OK: the recomputed figures match the baseline .*payment-basis\.csv \(42 rows\), .*deductions\.csv \(4 rows\), tolerance 0\.00 kr/,
    );
    expect(r.stderr).toBe('');
  });

  it('--format json: ok true, no differences, valid against schemas/check-result.schema.json', () => {
    const r = check(SIGNED, ['--format', 'json']);
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout);
    validateCheckJson(doc);
    expect(doc.ok).toBe(true);
    expect(doc.differences).toEqual([]);
    expect(doc.baseline.map((b: { kind: string; rows: number }) => [b.kind, b.rows])).toEqual([
      ['payment-basis', 42],
      ['deductions', 4],
    ]);
  });

  it('one file as the baseline, under any name, is recognised from its header', () => {
    const dir = tmp();
    copyFileSync(join(SIGNED, 'deductions.csv'), join(dir, 'avdrag-signerad-2025.csv'));
    const r = check(join(dir, 'avdrag-signerad-2025.csv'), ['--format', 'json']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).baseline[0].kind).toBe('deductions');
  });

  it('a baseline written in the excel-sv dialect (BOM, semicolons, decimal comma) compares the same', () => {
    const dir = tmp();
    expect(cli(['calc', '--year', '2025', '--clinics', join(A, 'clinics.csv'), '--csv-dialect', 'excel-sv', '--out', dir, '-q', join(A, 'exports')]).code).toBe(
      0,
    );
    expect(readFileSync(join(dir, 'payment-basis.csv'), 'utf8')).toMatch(/^\uFEFFclinic_id;/);
    expect(check(dir).code).toBe(0);
    writeFileSync(join(dir, 'deductions.csv'), readFileSync(join(dir, 'deductions.csv'), 'utf8').replace(';34200,00;', ';34100,00;'));
    const r = check(dir, ['--format', 'json']);
    expect(r.code).toBe(1);
    const d = JSON.parse(r.stdout).differences as Diff[];
    // machine form in the diff, whatever the baseline's dialect
    expect(d[0]).toMatchObject({ file: 'deductions.csv', clinic_id: FP02, column: 'visit_deduction', baseline: '34100.00', now: '34200.00', delta: '100.00' });
  });
});

describe('a rule value changed: 580 kr per missing visit instead of 570', () => {
  let table: CliResult;
  let json: CliResult;
  let diffs: Diff[];
  beforeAll(() => {
    table = check(SIGNED, ['--set', 'physio.visit_deduction_per_visit=580']);
    json = check(SIGNED, ['--set', 'physio.visit_deduction_per_visit=580', '--format', 'json']);
    diffs = JSON.parse(json.stdout).differences;
  });
  const find = (file: string, clinic: string, column: string) => diffs.find((d) => d.file === file && d.clinic_id === clinic && d.column === column);

  it('exit 1 with a readable diff on stdout: clinic, month, column, baseline, now, delta', () => {
    expect(table.code).toBe(1);
    expect(table.stdout).toMatch(/^MISMATCH: \d+ differences from the baseline/);
    expect(table.stdout).toMatch(/file +clinic +month +column +baseline +now +delta/);
    // Motoriska: 60 visits short × 10 kr more = 600 kr more deduction in December's row
    expect(table.stdout).toMatch(new RegExp(`payment-basis\\.csv +${FP02} +2025-12 +deductions +34200\\.00 +34800\\.00 +600\\.00`));
  });

  it('the JSON diff has the same differences, with hand-computed deltas', () => {
    expect(json.code).toBe(1);
    validateCheckJson(JSON.parse(json.stdout));
    expect(JSON.parse(json.stdout).ok).toBe(false);
    expect(find('deductions.csv', FP02, 'visit_deduction')).toMatchObject({
      baseline: '34200.00',
      now: '34800.00',
      delta: '600.00',
      activity_month: null,
      line: 2,
    });
    expect(find('deductions.csv', FT02, 'visit_deduction')!.delta).toBe('800.00'); // 80 short × 10
    expect(find('deductions.csv', FP02, 'visit_deduction_rate')!.delta).toBe('10.00');
    const dec = (col: string) => diffs.find((d) => d.clinic_id === FP02 && d.activity_month === '2025-12' && d.column === col)!;
    expect(dec('deductions').delta).toBe('600.00');
    expect(dec('vat_compensation').delta).toBe('-36.00'); // 6 % of the 600 deducted
    expect(dec('net_payment').delta).toBe('-636.00');
    // a --set makes the parameter an assumption: the list column shows what was added
    expect(dec('assumed_parameters').delta).toBe('+physio.visit_deduction_per_visit');
    // no money moved before December
    expect(diffs.filter((d) => d.activity_month !== null && d.activity_month < '2025-12' && d.column !== 'assumed_parameters')).toEqual([]);
  });

  it('--ignore-column assumed_parameters leaves only the figures; an unknown column is a usage error', () => {
    const r = check(SIGNED, ['--set', 'physio.visit_deduction_per_visit=580', '--ignore-column', 'assumed_parameters', '--format', 'json']);
    expect(r.code).toBe(1);
    const d = JSON.parse(r.stdout).differences as Diff[];
    expect(d.every((x) => x.column !== 'assumed_parameters')).toBe(true);
    // payment basis: FP02 deductions, VAT, net; FT02 and FT05 deductions and net (egen: no VAT);
    // deductions.csv: the rate of all four, visit and total deduction of the three short clinics
    expect(d.length).toBe(7 + 4 + 6);
    const bad = check(SIGNED, ['--ignore-column', 'net']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--ignore-column: 'net' is not a column/);
  });
});

describe('tolerance', () => {
  // the signed March net payment of Motoriska, 62 341.45, edited to 62 341.95: 0.50 kr off
  const dir = editedBaseline('payment-basis.csv', (t) =>
    t.replace(
      '2025-03,2025-04,1,57073.33,6000.00,0.00,14135.58,4632.54,19500.00,0.00,62341.45',
      '2025-03,2025-04,1,57073.33,6000.00,0.00,14135.58,4632.54,19500.00,0.00,62341.95',
    ),
  );

  it('0 by default: 0.50 kr is a difference (now − baseline = −0.50)', () => {
    const r = check(dir, ['--format', 'json']);
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout).differences).toEqual([
      {
        file: 'payment-basis.csv',
        clinic_id: FP02,
        activity_month: '2025-03',
        column: 'net_payment',
        kind: 'changed',
        baseline: '62341.95',
        now: '62341.45',
        delta: '-0.50',
        line: 4,
      },
    ]);
  });

  it('--tolerance 0.50 accepts it, 0.49 does not', () => {
    expect(check(dir, ['--tolerance', '0.50']).code).toBe(0);
    expect(check(dir, ['--tolerance', '0.49']).code).toBe(1);
  });

  it('a tolerance that is not an amount of kronor with at most two decimals is a usage error', () => {
    for (const t of ['abc', '-1', '0.001']) {
      const r = check(dir, ['--tolerance', t]);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/--tolerance: expected an amount in kronor/);
    }
  });
});

describe('missing and extra clinics are differences', () => {
  it('a clinic not in the baseline is extra; a baseline clinic not recomputed is missing', () => {
    const dir = editedBaseline('deductions.csv', (t) =>
      t
        .split('\n')
        .filter((l) => !l.startsWith(FT05))
        .join('\n')
        .replace(/\n$/, `\nSE2321000017-FP99,Borta,privat,12,1200,1200,0,570.00,0.00,280,280,0,0.00,0.00,0.00,final,\n`),
    );
    const r = check(dir);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/deductions\.csv +SE2321000017-FP99 +\(row\) +present +missing/);
    expect(r.stdout).toMatch(new RegExp(`deductions\\.csv +${FT05} +\\(row\\) +- +extra`));
    const d = JSON.parse(check(dir, ['--format', 'json']).stdout).differences as Diff[];
    expect(d.map((x) => [x.clinic_id, x.kind])).toEqual([
      ['SE2321000017-FP99', 'missing'],
      [FT05, 'extra'],
    ]);
  });

  it('a missing clinic-month of the payment basis is a difference too', () => {
    const dir = editedBaseline('payment-basis.csv', (t) =>
      t
        .split('\n')
        .filter((l) => !l.startsWith(`${FT05},Storfors,egen,2025-07`))
        .join('\n'),
    );
    const d = JSON.parse(check(dir, ['--format', 'json']).stdout).differences as Diff[];
    expect(d).toEqual([
      {
        file: 'payment-basis.csv',
        clinic_id: FT05,
        activity_month: '2025-07',
        column: null,
        kind: 'extra',
        baseline: null,
        now: null,
        delta: null,
        line: null,
      },
    ]);
  });
});

describe('a header or column that changed meaning is an error (exit 2), not a pass', () => {
  const header = (t: string) => t.slice(0, t.indexOf('\n'));
  const withHeader = (t: string, h: string) => h + t.slice(t.indexOf('\n'));

  it('a renamed column', () => {
    const dir = editedBaseline('payment-basis.csv', (t) => withHeader(t, header(t).replace('net_payment', 'net')));
    const r = check(dir);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/payment-basis\.csv:1 \(column 'net'\): column 14 'net' is not a column of payment-basis\.csv \(renamed or removed\?\)/);
  });

  it('a missing column', () => {
    const dir = editedBaseline('deductions.csv', (t) =>
      t
        .split('\n')
        .map((l) =>
          l
            .split(',')
            .filter((_, i) => i !== 5)
            .join(','),
        )
        .join('\n'),
    );
    const r = check(dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/deductions\.csv:1 \(column 'visits_shortfall'\): column 6: the baseline lacks 'visits_counted'/);
  });

  it('reordered columns', () => {
    const swap = (l: string) => {
      const c = l.split(',');
      [c[6], c[7]] = [c[7]!, c[6]!];
      return c.join(',');
    };
    const dir = editedBaseline('payment-basis.csv', (t) =>
      t
        .split('\n')
        .map((l) => (l ? swap(l) : l))
        .join('\n'),
    );
    const r = check(dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/column 7 is 'specialist_compensation' but payment-basis\.csv has 'fixed_compensation' there: the columns are in another order/);
  });

  it("a column the current output appends after the baseline's last one is reported and not compared", () => {
    const dir = editedBaseline('deductions.csv', (t) =>
      t
        .split('\n')
        .map((l) => l.split(',').slice(0, -1).join(','))
        .join('\n'),
    );
    const r = check(dir);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/deductions\.csv predates the column assumed_parameters: not compared/);
    expect(JSON.parse(check(dir, ['--format', 'json']).stdout).baseline[1].added_columns).toEqual(['assumed_parameters']);
  });
});

describe('an unusable baseline is a usage error naming the file (and line)', () => {
  it('a directory without the reports', () => {
    const r = check(tmp());
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/the baseline directory holds neither payment-basis\.csv nor deductions\.csv/);
  });

  it('a second row for the same clinic and month', () => {
    const dir = editedBaseline('payment-basis.csv', (t) => {
      const lines = t.split('\n');
      lines.splice(2, 0, lines[1]!);
      return lines.join('\n');
    });
    const r = check(dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/payment-basis\.csv:3: a second row for clinic_id SE2321000017-FP02, activity_month 2025-01/);
  });

  it('a money cell that is not a number', () => {
    const dir = editedBaseline('deductions.csv', (t) => t.replace(',34200.00,', ',34 200 kr,'));
    const r = check(dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/deductions\.csv:2 \(column 'visit_deduction'\): '34 200 kr' is not a number/);
  });

  it('a file that is neither report', () => {
    const dir = tmp();
    mkdirSync(join(dir, 'x'));
    writeFileSync(join(dir, 'x', 'other.csv'), 'a,b\n1,2\n');
    const r = check(join(dir, 'x', 'other.csv'));
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/other\.csv:1: the header is neither a payment basis/);
  });
});

it('--out DIR keeps the recomputed reports, which then pass as the next baseline', () => {
  const out = tmp();
  expect(check(SIGNED, ['--out', out, '-q']).code).toBe(0);
  expect(readFileSync(join(out, 'payment-basis.csv'), 'utf8')).toBe(readFileSync(join(SIGNED, 'payment-basis.csv'), 'utf8'));
  expect(check(out, ['-q']).code).toBe(0);
});

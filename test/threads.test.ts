/**
 * Issue 12: a large export read on several threads gives exactly what one thread gives. The
 * parts are made small (VARDVAL_MIN_PART_BYTES) so that the bundled and messy fixtures and small
 * generated files are cut into several parts; VARDVAL_DEBUG=1 says how each file was cut, so every
 * test also checks that the file really was read in parts. Compared: exit code, stdout, stderr
 * (without the debug lines) and every output file, byte for byte.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, cli, cosmicCsv, pnr, registerCsv, tmp, writeFiles, type CliResult, type Row } from './helpers.js';

interface Run extends CliResult {
  files: Record<string, string>;
  debug: string[];
}

/** calc on `inputs` with the given threads and part size; its outputs read back. */
function calc(args: string[], threads: number, minPart: number): Run {
  const out = tmp();
  const r = cli(['calc', '--year', '2026', '--out', out, '--threads', String(threads), ...args], {
    env: { VARDVAL_MIN_PART_BYTES: String(minPart), VARDVAL_DEBUG: '1' },
  });
  const current = join(out, '.vardval', 'current');
  const files = existsSync(current) ? Object.fromEntries(readdirSync(current).map((f) => [f, readFileSync(join(current, f), 'utf8')])) : {};
  const lines = r.stderr.split('\n');
  return {
    ...r,
    stdout: r.stdout.split(out).join('OUT'),
    // VARDVAL_DEBUG also prints the stack of an error: where it was thrown differs by thread
    stderr: lines
      .filter((l) => !l.startsWith('debug: ') && !/^\s+at /.test(l))
      .join('\n')
      .split(out)
      .join('OUT'),
    files,
    debug: lines.filter((l) => l.startsWith('debug: ')),
  };
}

/** One thread and `threads` threads on parts of about `minPart` bytes: the same in every byte. */
function sameOnThreads(args: string[], threads: number, minPart: number, split = true): { one: Run; many: Run } {
  const one = calc(args, 1, minPart);
  const many = calc(args, threads, minPart);
  const cuts = (r: Run): string[] => r.debug.filter((l) => / parts from bytes /.test(l));
  expect(one.debug).toEqual([]);
  if (split) expect(cuts(many).length).toBeGreaterThan(0);
  else expect(cuts(many)).toEqual([]);
  expect({ code: many.code, stdout: many.stdout, stderr: many.stderr }).toEqual({ code: one.code, stdout: one.stdout, stderr: one.stderr });
  expect(Object.keys(many.files).sort()).toEqual(Object.keys(one.files).sort());
  for (const [name, text] of Object.entries(one.files)) expect(many.files[name], name).toBe(text);
  return { one, many };
}

const CLINIC = 'SE-A';
const register = registerCsv([
  { id: CLINIC, name: 'A', regi: 'privat', fte: '1.0' },
  { id: 'SE-B', name: 'B', regi: 'egen', fte: '2.0' },
]);

/** `n` valid rows of clinic A and B over the year, contact ids C-0…; `edit` changes or replaces row i. */
function rows(n: number, edit: (i: number, r: Row) => Row = (_, r) => r): Row[] {
  return Array.from({ length: n }, (_, i) =>
    edit(i, {
      clinic: i % 3 === 0 ? 'SE-B' : CLINIC,
      id: `C-${i}`,
      date: `2026-${String(1 + (i % 12)).padStart(2, '0')}-${String(1 + (i % 28)).padStart(2, '0')}`,
      patient: pnr(i % 700),
      fee: i % 5 === 0 ? '0.00' : '300.00',
      status: i % 17 === 0 ? 'no_show' : 'completed',
      type: i % 11 === 0 ? 'written' : 'clinic_visit',
    }),
  );
}

/** Replaces the text of data rows (0-based, after the header) in a Cosmic export. */
function withLines(csv: Buffer, change: Record<number, string>): Buffer {
  const lines = csv.toString('latin1').split('\r\n');
  for (const [i, text] of Object.entries(change)) lines[Number(i) + 1] = text;
  return Buffer.from(lines.join('\r\n'), 'latin1');
}

describe('one thread or several: the same outcome', () => {
  it('the bundled exports of a year, cut into 3 parts each (Cosmic Windows-1252 CRLF, Lovisa UTF-8 LF)', () => {
    const { many } = sameOnThreads(['--clinics', 'fixtures/clinics.csv', 'fixtures/exports/'], 3, 200_000);
    expect(many.debug.filter((l) => / 3 parts /.test(l))).toHaveLength(12);
    expect(many.code).toBe(0);
  });

  it('the messy exports (UTF-8 with BOM, rejects, duplicates, reserve numbers): the same rejects in the same order, exit 1', () => {
    const { one } = sameOnThreads(['--clinics', 'fixtures/messy/clinics.csv', 'fixtures/messy/exports/'], 4, 100);
    expect(one.code).toBe(1);
    expect(one.files['rejects.csv']!.split('\n').length).toBeGreaterThan(5);
  });

  it('--strict on the messy exports and the encoding errors of the fatal fixtures: the same first error, file and line', () => {
    for (const args of [
      ['--clinics', 'fixtures/messy/clinics.csv', '--strict', 'fixtures/messy/exports/'],
      ['--clinics', 'fixtures/messy/clinics.csv', 'fixtures/messy/fatal/cosmic-mixed-encoding.csv'],
    ]) {
      const { one } = sameOnThreads(args, 4, 60);
      expect(one.code, args.join(' ')).toBe(2);
      expect(one.stderr).toMatch(/:\d+/);
    }
  });

  it('a profile whose fields may span lines (multiline_fields: true) is read on one thread', () => {
    const args = [
      '--clinics',
      'fixtures/messy/clinics.csv',
      '--input-format',
      'fixtures/messy/profiles/cosmic-comma.yaml',
      'fixtures/messy/fatal/comma-c1-byte.csv',
    ];
    const { one } = sameOnThreads(args, 4, 60, false);
    expect(one.stderr).toContain('comma-c1-byte.csv:3: bytes that are not valid iso-8859-1');
  });

  it('a byte that is not Windows-1252 in the last part: the same error at the same line', () => {
    const dir = tmp();
    const csv = cosmicCsv(rows(3000));
    const at = csv.indexOf('C-2500;');
    csv[at] = 0x81;
    writeFiles(dir, { 'clinics.csv': register, 'exports/cosmic.csv': csv });
    const { one } = sameOnThreads(['--clinics', join(dir, 'clinics.csv'), join(dir, 'exports')], 3, 30_000);
    expect(one.code).toBe(2);
    expect(one.stderr).toMatch(/cosmic\.csv:2502: bytes that are not valid windows-1252/);
  });

  it('a contact id repeated across parts is a duplicate in the later part: that part is read again after the earlier ones', () => {
    const dir = tmp();
    // C-5 again at row 2 900 and C-1 200 again at row 2 950, far into later parts; and a duplicate within a part
    const data = rows(3000, (i, r) => (i === 2900 ? { ...r, id: 'C-5' } : i === 2950 ? { ...r, id: 'C-1200' } : i === 101 ? { ...r, id: 'C-100' } : r));
    writeFiles(dir, { 'clinics.csv': register, 'exports/cosmic.csv': cosmicCsv(data) });
    const { one, many } = sameOnThreads(['--clinics', join(dir, 'clinics.csv'), '--format', 'json', join(dir, 'exports')], 4, 20_000);
    expect(many.debug.some((l) => /part [234] holds a contact id of an earlier part: read again/.test(l))).toBe(true);
    expect(JSON.parse(one.stdout).accounting.excluded.duplicate_contact).toBe(3);
  });

  it('rejected rows in every part, a last line without a line break: the rejects in file order, every row accounted for', () => {
    const dir = tmp();
    const csv = withLines(cosmicCsv(rows(3000)), {
      7: 'SE-A;A;X-1;2026-02-30;Mottagningsbesök;Genomförd;Fysioterapeut;19800101-1234;17;0,00;',
      1400: 'SE-A;A;X-2;2026-05-01;Mottagningsbesök',
      2100: 'SE-A;A;X-3;2026-05-01;Okänd typ;Genomförd;Fysioterapeut;19800101-1234;17;0,00;',
      2999: 'SE-A;A;X-4;2026-05-01;Mottagningsbesök;Genomförd;Fysioterapeut;19800101-123',
    });
    writeFiles(dir, { 'clinics.csv': register, 'exports/cosmic.csv': csv.subarray(0, csv.length - 2) });
    const { one } = sameOnThreads(['--clinics', join(dir, 'clinics.csv'), join(dir, 'exports')], 3, 30_000);
    expect(one.files['rejects.csv']!.trim().split('\n')).toHaveLength(5);
  });

  it('more rejected rows in later parts than may wait: the later thread pauses, nothing is lost or reordered', () => {
    const dir = tmp();
    // 30 000 rows whose date is not a date, after 500 good ones: most of them in the later parts
    const data = rows(30_500, (i, r) => (i >= 500 ? { ...r, date: '2026-13-01' } : r));
    writeFiles(dir, { 'clinics.csv': register, 'exports/cosmic.csv': cosmicCsv(data) });
    const { one } = sameOnThreads(['--clinics', join(dir, 'clinics.csv'), join(dir, 'exports')], 3, 200_000);
    expect(one.files['rejects.csv']!.trim().split('\n')).toHaveLength(30_001);
  });

  it('the first error in file order wins: a row of another year in part 2 before a strict reject in part 3', () => {
    const dir = tmp();
    // a personnummer whose check digit is wrong
    const wrong = pnr(1).slice(0, 11) + String((Number(pnr(1)[11]) + 1) % 10);
    const data = rows(3000, (i, r) => (i === 1100 ? { ...r, date: '2025-12-31' } : i === 2500 ? { ...r, patient: wrong } : r));
    writeFiles(dir, { 'clinics.csv': register, 'exports/cosmic.csv': cosmicCsv(data) });
    const { one } = sameOnThreads(['--clinics', join(dir, 'clinics.csv'), '--strict', join(dir, 'exports')], 3, 30_000);
    expect(one.code).toBe(2);
    expect(one.stderr).toMatch(/cosmic\.csv:1102 \(column 'Kontaktdatum'\): contact dated 2025-12-31 is outside the rule year 2026/);
  });

  it('a clinic-month of an earlier file met in a later part of the next file: the same error at the same line', () => {
    const dir = tmp();
    const jan = rows(200, (_, r) => ({ ...r, date: '2026-01-15' }));
    const rest = rows(3000, (i, r) => ({ ...r, id: `D-${i}`, date: i === 2400 ? '2026-01-20' : `2026-0${2 + (i % 8)}-10` }));
    writeFiles(dir, { 'clinics.csv': register, 'exports/a.csv': cosmicCsv(jan), 'exports/b.csv': cosmicCsv(rest) });
    const { one } = sameOnThreads(['--clinics', join(dir, 'clinics.csv'), join(dir, 'exports')], 3, 30_000);
    expect(one.code).toBe(2);
    expect(one.stderr).toMatch(/b\.csv:2402: clinic SE-\w, month 2026-01 also comes from .*a\.csv/);
  });

  it('compare reads each export once for both rule sets, on several threads too, with the same comparison', () => {
    const args = ['compare', '--year', '2026', '--against-year', '2025', '--clinics', 'fixtures/clinics.csv', '--format', 'json'];
    const run = (threads: number): CliResult =>
      cli([...args, '--threads', String(threads), 'fixtures/exports/'], { env: { VARDVAL_MIN_PART_BYTES: '200000', VARDVAL_DEBUG: '1' } });
    const one = run(1);
    const many = run(3);
    expect(one.code).toBe(0);
    expect(many.stdout).toBe(one.stdout);
    // one reading of the 12 exports, each cut in 3 parts: not one per rule set
    expect(many.stderr.split('\n').filter((l) => / 3 parts /.test(l))).toHaveLength(12);
    // the two sides count differently (the written weight 0 in 2025, 0.2 in 2026) from the same rows
    const json = JSON.parse(one.stdout);
    expect(json.base.accounting.rows_read).toBe(json.alt.accounting.rows_read);
    expect(json.base.accounting.counted).toBeLessThan(json.alt.accounting.counted);
  });

  it('the reading threads start with the command, once: the run takes them; a command that stops before reading exits at once', () => {
    const run = calc(['--clinics', 'fixtures/clinics.csv', 'fixtures/exports/'], 3, 200_000);
    expect(run.debug.filter((l) => /reading threads started/.test(l))).toEqual(['debug: 2 reading threads started']);
    const stopped = cli(['calc', '--year', '1999', '--clinics', 'fixtures/clinics.csv', '--threads', '3', 'fixtures/exports/'], {
      env: { VARDVAL_MIN_PART_BYTES: '200000', VARDVAL_DEBUG: '1' },
    });
    expect(stopped.code).toBe(2);
    expect(stopped.stderr).toContain('debug: 2 reading threads started');
    expect(stopped.stderr).toMatch(/no rule file for 1999/);
  });

  it("Node's own flags (a V8 heap limit, code given with -e) do not stop the reading threads", () => {
    const args = ['calc', '--year', '2026', '--clinics', 'fixtures/clinics.csv', '--out', tmp(), '--threads', '2', '-q', 'fixtures/exports/cosmic-2026-01.csv'];
    const env = { ...process.env, NO_COLOR: '1', VARDVAL_MIN_PART_BYTES: '100000', VARDVAL_DEBUG: '1' };
    const flagged = spawnSync(process.execPath, ['--max-old-space-size=2048', join(ROOT, 'bin', 'vardval.js'), ...args], { cwd: ROOT, env, encoding: 'utf8' });
    expect(flagged.status, flagged.stderr).toBe(0);
    expect(flagged.stderr).toMatch(/ parts from bytes /);
    const code = `const { main } = await import(${JSON.stringify(join(ROOT, 'dist', 'cli.js'))}); await main(['node', 'vardval', ...${JSON.stringify(args)}]);`;
    const evaluated = spawnSync(process.execPath, ['--input-type=module', '-e', code], { cwd: ROOT, env, encoding: 'utf8' });
    expect(evaluated.status, evaluated.stderr).toBe(0);
    expect(evaluated.stderr).toMatch(/ parts from bytes /);
  });

  it('--threads takes a whole number from 1 (also from VARDVAL_THREADS)', () => {
    const bad = cli(['calc', '--year', '2026', '--clinics', 'fixtures/clinics.csv', '--threads', '0', 'fixtures/exports/']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--threads: expected a whole number from 1, got '0'/);
    const env = cli(['calc', '--year', '2026', '--clinics', 'fixtures/clinics.csv', 'fixtures/exports/'], { env: { VARDVAL_THREADS: 'two' } });
    expect(env.code).toBe(2);
    expect(env.stderr).toMatch(/--threads: expected a whole number from 1, got 'two'/);
  });
});

/**
 * What a scripter may rely on, for every command the program registers (read from
 * `vardval --help`, so commands added later are covered too): --help with an example, usage
 * errors exit 2, --version, data on stdout and messages on stderr, --quiet, colour only on a
 * terminal and never with NO_COLOR, the calc JSON against its published schema, the progress bar.
 */
import { spawnSync } from 'node:child_process';
import { closeSync, openSync, readFileSync, truncateSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { beforeAll, describe, expect, it } from 'vitest';
import { PROGRESS_MIN_BYTES, startProgress } from '../src/output/progress.js';
import { ROOT, cli, tmp } from './helpers.js';

const A = join(ROOT, 'fixtures', 'archive-2025');
const ARCHIVE = ['--clinics', join(A, 'clinics.csv'), join(A, 'exports')];
// biome-ignore lint/suspicious/noControlCharactersInRegex: an ANSI escape is what the tests look for
const ANSI = /\x1b\[/;

/** Command names listed under "Commands:" in a help text (without `help`). */
function commandsIn(help: string): string[] {
  const section = help.split(/\nCommands:\n/)[1]?.split(/\n\n/)[0] ?? '';
  return section
    .split('\n')
    .map((l) => /^ {2}([a-z][\w-]*)/.exec(l)?.[1])
    .filter((n): n is string => !!n && n !== 'help');
}

/** Every command path: ['calc'], ['rules'], ['rules', 'list'], … */
function allCommands(): string[][] {
  const out: string[][] = [];
  const walk = (path: string[]): void => {
    const help = cli([...path, '--help']).stdout;
    for (const name of commandsIn(help)) {
      out.push([...path, name]);
      walk([...path, name]);
    }
  };
  walk([]);
  return out;
}

describe('--help and usage errors, for every registered command', () => {
  let commands: string[][];
  beforeAll(() => {
    commands = allCommands();
  });

  it('the program lists at least the commands of this issue', () => {
    const top = commands.filter((c) => c.length === 1).map((c) => c[0]);
    expect(top).toEqual(expect.arrayContaining(['calc', 'payout', 'check']));
  });

  it('vardval --help: exit 0, on stdout, with an example', () => {
    const r = cli(['--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/Usage: vardval/);
    expect(r.stdout).toMatch(/Example/);
    expect(r.stderr).toBe('');
  });

  it("every command's --help exits 0 on stdout and shows an example", () => {
    for (const c of commands) {
      const r = cli([...c, '--help']);
      expect({ c, code: r.code, stderr: r.stderr }).toEqual({ c, code: 0, stderr: '' });
      expect({ c, usage: r.stdout.includes(`Usage: vardval ${c.join(' ')}`), example: /Example/.test(r.stdout) }).toEqual({ c, usage: true, example: true });
    }
  });

  it('every command: an unknown option is a usage error, exit 2, message on stderr, nothing on stdout', () => {
    for (const c of commands) {
      const r = cli([...c, '--no-such-option']);
      expect({ c, code: r.code, stdout: r.stdout, error: /error:/.test(r.stderr) }).toEqual({ c, code: 2, stdout: '', error: true });
    }
  });

  it('an unknown option where every required option is given names the option', () => {
    const r = cli(['payout', '--month', '2025-04', '--no-such-option', ...ARCHIVE]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/unknown option '--no-such-option'/);
  });

  it('an unknown command is a usage error (exit 2)', () => {
    const r = cli(['no-such-command']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/unknown command 'no-such-command'/);
  });
});

it('vardval --version and -V print the version of package.json', () => {
  const version = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).version as string;
  for (const flag of ['--version', '-V']) {
    const r = cli([flag]);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(`${version}\n`);
  }
});

describe('data on stdout, messages on stderr, --quiet', () => {
  it('calc --format json: stdout is the JSON alone; the note about the files is on stderr', () => {
    const r = cli(['calc', '--year', '2025', '--out', tmp(), '--format', 'json', ...ARCHIVE]);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).year).toBe(2025);
    expect(r.stderr).toMatch(/^Wrote payment-basis\.csv/m);
  });

  it('--quiet leaves stderr empty (calc, payout, check) but for a gap of the input that changes money', () => {
    // the archive has 36 rows of a clinic the register lacks: named even with -q (issue 8)
    const unknown =
      'Completeness: the input is complete for every contracted clinic-month of the period\n' +
      '  clinic SE2321000017-FX99 is in the exports (36 rows) but not in the clinic register: its rows are excluded as unknown_clinic\n';
    expect(cli(['calc', '--year', '2025', '--out', tmp(), '-q', ...ARCHIVE]).stderr).toBe(`${unknown}  (per clinic and month: completeness.csv)\n`);
    expect(cli(['payout', '--month', '2025-04', '--out', '-', '--quiet', ...ARCHIVE]).stderr).toBe(unknown);
    expect(cli(['check', '--year', '2025', '--baseline', join(A, 'signed'), '-q', ...ARCHIVE]).stderr).toBe('');
  });

  it('an error goes to stderr with exit 2 and leaves stdout empty', () => {
    const r = cli(['calc', '--year', '2025', '--out', tmp(), '--clinics', join(A, 'clinics.csv'), join(A, 'no-such-dir')]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/no-such-dir: no such file or directory/);
  });
});

describe('colour: only on a terminal, never with NO_COLOR', () => {
  it('not a terminal (a pipe), NO_COLOR unset: no ANSI escapes', () => {
    const r = cli(['calc', '--year', '2025', '--out', tmp(), ...ARCHIVE], { env: { NO_COLOR: '' } });
    expect(r.code).toBe(0);
    expect(r.stdout + r.stderr).not.toMatch(ANSI);
  });

  const hasScript = spawnSync('script', ['--version']).status === 0;
  /** Runs the CLI on a pseudo-terminal (util-linux `script`); stdout and stderr come back together. */
  const onTty = (args: string[], env: Record<string, string | undefined>) => {
    const cmd = [process.execPath, join(ROOT, 'bin', 'vardval.js'), ...args].map((a) => `'${a.replace(/'/g, `'\\''`)}'`).join(' ');
    const e = { ...process.env, ...env };
    for (const [k, v] of Object.entries(e)) if (v === undefined) delete e[k];
    return spawnSync('script', ['-qec', cmd, '/dev/null'], { env: e, encoding: 'utf8' }).stdout;
  };

  it.skipIf(!hasScript)('a terminal: colour without NO_COLOR, none with NO_COLOR=1', () => {
    const args = ['check', '--year', '2025', '--baseline', join(A, 'signed'), ...ARCHIVE];
    expect(onTty(args, { NO_COLOR: undefined, FORCE_COLOR: undefined })).toMatch(ANSI);
    const plain = onTty(args, { NO_COLOR: '1', FORCE_COLOR: undefined });
    expect(plain).toMatch(/OK: the recomputed figures match/);
    expect(plain).not.toMatch(ANSI);
  });
});

describe('calc --format json against schemas/calc-result.schema.json', () => {
  const validate = new Ajv2020({ allErrors: true, strict: true }).compile(JSON.parse(readFileSync(join(ROOT, 'schemas', 'calc-result.schema.json'), 'utf8')));
  const valid = (doc: unknown): void => {
    const ok = validate(doc);
    expect(validate.errors ?? []).toEqual([]);
    expect(ok).toBe(true);
  };
  const calc = (extra: string[], inputs = ARCHIVE, year = '2025') => {
    const r = cli(['calc', '--year', year, '--out', tmp(), '--format', 'json', '-q', ...extra, ...inputs]);
    expect(r.code).toBe(0);
    return JSON.parse(r.stdout);
  };

  it('the archived year (whole year, final deductions, a clinic joining mid-year)', () => {
    const doc = calc([]);
    valid(doc);
    const fp02 = doc.clinics.find((c: { clinic_id: string }) => c.clinic_id === 'SE2321000017-FP02');
    expect(fp02.total_deduction).toBe('34200.00');
    expect(fp02.payments).toHaveLength(12);
  });

  it('a part of the year with an override (provisional deductions, overrides recorded)', () => {
    const doc = calc(['--from', '2025-01', '--to', '2025-06', '--set', 'physio.unique_patient_deduction_per_patient=800']);
    valid(doc);
    expect(doc.period).toEqual({ from: '2025-01', to: '2025-06', whole_year: false, months_without_data: [], months_without_listing: [] });
    expect(doc.rules.overrides[0]).toMatchObject({ name: 'physio.unique_patient_deduction_per_patient', value: '800', origin: 'set' });
  });

  it('the sample year 2026 (Cosmic and Lovisa, every contact type)', () => {
    valid(calc([], ['--clinics', join(ROOT, 'fixtures', 'clinics.csv'), join(ROOT, 'fixtures', 'exports')], '2026'));
  });

  it('the schema is not a pass-through: a money float and an unknown field are rejected', () => {
    const doc = calc([]);
    const doc2 = structuredClone(doc);
    doc.totals.net_payment = Number(doc.totals.net_payment);
    expect(validate(doc)).toBe(false);
    doc2.surprise = true;
    expect(validate(doc2)).toBe(false);
  });
});

describe('the progress bar (stderr, a terminal, not --quiet, inputs of 16 MB or more)', () => {
  /** A file of 100-byte lines at the start, made PROGRESS_MIN_BYTES + 1 MiB long (sparse). */
  function bigFile(): string {
    const file = join(tmp(), 'big.csv');
    const line = `${'x'.repeat(99)}\n`;
    const fd = openSync(file, 'w');
    writeSync(fd, line.repeat(1000));
    closeSync(fd);
    truncateSync(file, PROGRESS_MIN_BYTES + 1024 * 1024);
    return file;
  }
  const stream = (isTTY: boolean) => {
    const writes: string[] = [];
    return { isTTY, writes, write: (s: string) => writes.push(s) };
  };

  it('on a terminal, for a large input: a bar with the share of bytes read, then cleared', () => {
    const file = bigFile();
    const s = stream(true);
    const p = startProgress([file], false, s);
    expect(p.onProgress).toBeDefined();
    const total = PROGRESS_MIN_BYTES + 1024 * 1024;
    p.onProgress!(Math.floor(total / 100 / 2), file); // half of the lines, at 100 bytes a line
    expect(s.writes.at(-1)).toMatch(/\[#{12}-{12}\] +(49|50)% {2}file 1\/1, [\d,]+ rows/);
    p.done();
    expect(s.writes.at(-1)).toBe('\r\x1b[K');
  });

  it('none when stderr is not a terminal, with --quiet, or for a small input', () => {
    const file = bigFile();
    for (const [files, quiet, tty] of [
      [[file], false, false],
      [[file], true, true],
      [[join(A, 'clinics.csv')], false, true],
    ] as const) {
      const s = stream(tty);
      const p = startProgress(files, quiet, s);
      expect(p.onProgress).toBeUndefined();
      p.done();
      expect(s.writes).toEqual([]);
    }
  });
});
